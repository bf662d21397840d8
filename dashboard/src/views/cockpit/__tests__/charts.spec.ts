import { describe, expect, it } from 'vitest'
import type { DepartmentMonth } from '../../../graphql/types'
import {
  colors,
  count,
  gaugeMax,
  gradeDistributionBars,
  gradeProblemBars,
  heatmapCells,
  heatmapDepartmentAt,
  heatmapOption,
  monthlyBars,
  monthsUpTo,
  pct,
  rankingBars,
  rankingExportColumns,
  rankingRows,
  rankingSeries,
  reachesTarget,
  shareGauge,
  sortedGrades,
} from '../charts'
import { exportCells } from '../../../tableExport'
import { metricsFixture, score, share } from './fixtures'

// The heatmap's options are plain objects; the specs read them the way ECharts would.
type AnyOption = Record<string, any>
const opt = (o: unknown) => o as AnyOption

const d = metricsFixture()
const names: Record<string, string> = { STHJ: '生态环境', SCJG: '市场监管', GA: '公安' }
const name = (code: string) => names[code] ?? code

describe('shares', () => {
  it('turns a share into a percentage with one decimal, null when nothing was due', () => {
    expect(pct(share(3, 25))).toBe(12)
    expect(pct(share(10, 56))).toBe(17.9)
    expect(pct(share(0, 0))).toBeNull()
    expect(count(1234)).toBe('1,234')
  })

  it('writes counts with thousands separators exactly as zh-CN number formatting does', () => {
    const zh = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 })
    for (const n of [0, 7, 42, 999, 1000, 1001, 12345, 999999, 1000000, 10069141, 123456789012, -1, -1234, -1234567, 2.4, 2.6, 1234.5]) {
      expect(count(n), String(n)).toBe(zh.format(Math.round(n)))
    }
    // …except that nothing rounded to zero is shown as "-0".
    expect(count(-0.4)).toBe('0')
  })

  it('says whether the target is reached', () => {
    expect(reachesTarget(share(3, 25, 0.1))).toBe(true)
    expect(reachesTarget(share(2, 25, 0.1))).toBe(false)
    expect(reachesTarget(share(10, 100, 0.1))).toBe(true)
    expect(reachesTarget(share(0, 0, 0.1))).toBeNull()
    expect(reachesTarget(share(1, 2))).toBeNull()
  })
})

describe('joint-share gauges', () => {
  /** Where a point of the gauge lies, in degrees as ECharts counts them (0 at three o'clock, counter-clockwise). */
  const angle = (g: ReturnType<typeof shareGauge>, p: { x: number; y: number }) =>
    Math.round((Math.atan2(g.center.y - p.y, p.x - g.center.x) * 180) / Math.PI)

  it('show the share in percent against the target: red below it, green from it on', () => {
    const g = shareGauge(share(3, 25, 0.1))
    expect(g.text).toBe('12%')
    // Three times the 10 % target: 0–30 % over 240° from 210°, red up to the target a third of the way.
    expect(g.bands.map((b) => b.color)).toEqual([colors.below, colors.above])
    expect(g.bands[0]!.path).toMatch(/^M 42\.84 117 A 66 66 0 0 1 /)
    expect(g.target).toMatchObject({ text: '10%' })
    expect(angle(g, g.target!)).toBe(130)
    // A division every 5 %: five lines inside 0–30 %.
    expect(g.ticks).toHaveLength(5)
    // 12 of 30 %: 96° round from the start, green as it is past the target.
    expect(angle(g, g.needle)).toBe(114)
    expect(g.needle.color).toBe(colors.above)
    expect(shareGauge(share(2, 25, 0.1)).needle.color).toBe(colors.below)
  })

  it('widen the scale for a share above three times the target, and say 无数据 without a denominator', () => {
    expect(gaugeMax(share(45, 100, 0.1))).toBe(60)
    expect(gaugeMax(share(99, 100, 0.1))).toBe(100)
    expect(gaugeMax(share(1, 2))).toBe(100)
    // Past 50 %: five divisions (of 12 % on a 0–60 % scale), the target a sixth of the way.
    const wide = shareGauge(share(45, 100, 0.1))
    expect(wide.ticks).toHaveLength(4)
    expect(angle(wide, wide.target!)).toBe(170)
    const empty = shareGauge(share(0, 0, 0.1))
    expect(empty.text).toBe('无数据')
    expect(angle(empty, empty.needle)).toBe(-150)
    // Without a target: one neutral band and no target mark.
    const plain = shareGauge(share(1, 2))
    expect(plain.bands.map((b) => b.color)).toEqual([colors.neutral])
    expect(plain.target).toBeNull()
    expect(plain.text).toBe('50%')
  })
})

describe('department ranking', () => {
  it('stacks one series per score component, in ranking order, with deductions as negative bars', () => {
    const series = rankingSeries(d.departmentScores)
    expect(series.map((s) => [s.key, s.deduction])).toEqual([
      ['planFiled', false],
      ['taskCompletion', false],
      ['jointParticipation', false],
      ['timelyEntry', false],
      ['publication', false],
      ['followUpClosure', false],
      ['DECLINED_JOINT', true],
      ['INCOMPLETE_JOINT', true],
    ])
    expect(series.find((s) => s.key === 'publication')!.data).toEqual([12, 11.3, 15])
    expect(series.find((s) => s.key === 'jointParticipation')!.data).toEqual([20, 20, 0])
    expect(series.find((s) => s.key === 'DECLINED_JOINT')!.data).toEqual([0, 0, -3])
    // Each department's bars add up to its score.
    d.departmentScores.forEach((s, i) => {
      const sum = series.reduce((a, x) => a + x.data[i]!, 0)
      expect(Math.round(sum * 10) / 10).toBe(s.score)
    })
  })

  it('draws horizontal stacked bars, best on top, the score on the right and deductions left of zero', () => {
    const b = rankingBars(d.departmentScores, name)
    expect(b.horizontal).toBe(true)
    expect(b.categories).toEqual(['生态环境', '市场监管', '公安'])
    expect(b.endLabels).toEqual(['97', '89.3', '57'])
    expect(b.series).toHaveLength(8)
    for (const s of b.series) expect(s).toMatchObject({ stack: 'score' })
    expect(b.series[0]).toMatchObject({ name: '年度计划按时备案', data: [10, 10, 10], color: colors.components[0] })
    expect(b.series[6]).toMatchObject({ name: '拒绝参加联合抽查', data: [0, 0, -3], color: colors.deductions[0], legend: true })
    // The axis reaches 100 and, below zero, the largest deduction rounded down to a multiple of 5.
    expect(b.axes).toEqual([{ min: -5, max: 100 }])
    // Hovering a department explains its points with numerator / denominator and its deductions.
    const tip = b.titles![2]!
    expect(tip[0]).toBe('公安　总分 57')
    expect(tip).toContain('拒绝参加联合抽查 1 次，扣 3 分')
    expect(tip).toContain('年度计划按时备案：10 / 10 分（10 / 10）')
  })

  it('starts the axis at zero when nobody lost points, and leaves deductions out of the legend', () => {
    const scores = [score('SW', '税务局', [10, 10, 20, 20, 15, 15]), score('WJ', '卫健委', [0, 0, 0, 20, 15, 15])]
    const b = rankingBars(scores, (c) => c)
    expect(b.axes[0].min).toBe(0)
    expect(b.series.filter((s) => s.legend).map((s) => s.name)).toEqual(['年度计划按时备案', '抽查任务完成率', '联合抽查参与度', '结果按时录入', '结果按时公示', '后续处置办结率'])
  })

  it('ranks equal scores together and exports the table with its columns', () => {
    const scores = [
      score('A1', '甲局', [10, 20, 20, 20, 15, 15]),
      score('B1', '乙局', [10, 20, 20, 20, 15, 5]),
      score('C1', '丙局', [10, 20, 20, 20, 5, 15]),
      score('D1', '丁局', [0, 0, 0, 20, 15, 15], 2),
    ]
    expect(rankingRows(scores).map((r) => [r.rank, r.department, r.score, r.deductions])).toEqual([
      [1, 'A1', 100, 0],
      [2, 'B1', 90, 0],
      [2, 'C1', 90, 0],
      [4, 'D1', 44, 6],
    ])
    const rows = exportCells(rankingExportColumns(scores), rankingRows(scores))
    expect(rows[0]).toEqual([
      '排名',
      '部门代码',
      '部门',
      '得分',
      '年度计划按时备案（10）',
      '抽查任务完成率（20）',
      '联合抽查参与度（20）',
      '结果按时录入（20）',
      '结果按时公示（15）',
      '后续处置办结率（15）',
      '扣分',
      '任务数',
      '联合任务',
      '户次',
    ])
    expect(rows[4]).toEqual([4, 'D1', '丁局', 44, 0, 0, 0, 20, 15, 15, 6, 2, 1, 6])
  })
})

describe('risk grades', () => {
  it('counts subjects per grade, each bar labelled', () => {
    const b = gradeDistributionBars(d.grades)
    expect(b.categories).toEqual(['A 级', 'B 级', 'C 级', 'U 未评级'])
    expect(b.series).toHaveLength(1)
    expect(b.series[0]!.data).toEqual([439, 26, 1, 3])
    expect(b.series[0]!.label!(1234)).toBe('1,234')
    expect(b.axes).toMatchObject([{ name: '检查对象数', integer: true }])
    expect(b.titles![0]).toEqual(['A 级', '检查对象数：439'])
  })

  it('puts the control group’s problem rate beside each grade’s, in percent, gaps where nothing was published', () => {
    const b = gradeProblemBars(d.grades)
    expect(b.series.map((s) => s.name)).toEqual(['问题发现率', '对照组问题发现率'])
    expect(b.series.map((s) => s.stack)).toEqual([undefined, undefined])
    expect(b.series[0]!.data).toEqual([3.6, 12.5, null, null])
    expect(b.series[1]!.data).toEqual([0, 25, null, null])
    expect(b.series[0]!.label!(12.5)).toBe('12.5%')
    expect(b.titles![1]).toEqual(['B 级', '问题发现率：12.5%（2 / 16 户）', '对照组问题发现率：25%（1 / 4 户）'])
  })

  it('keeps A–D, U order whatever order the server sends (the order a click is read in)', () => {
    const shuffled = [d.grades[3]!, d.grades[1]!, d.grades[0]!, d.grades[2]!]
    expect(gradeDistributionBars(shuffled).series[0]!.data).toEqual([439, 26, 1, 3])
    expect(sortedGrades(shuffled).map((g) => g.grade)).toEqual(['A', 'B', 'C', 'U'])
  })
})

describe('monthly trends', () => {
  it('draws tasks as bars and joint share, timeliness and problem rate as percent lines, up to the current month', () => {
    const b = monthlyBars(monthsUpTo(d.monthly, '2026-03-15'))
    expect(b.categories).toEqual(['1月', '2月', '3月'])
    const [tasks, joint, timely, problem] = b.series
    expect(tasks).toMatchObject({ name: '抽查任务数', data: [1, 0, 3] })
    expect(tasks!.type).toBeUndefined()
    expect(joint).toMatchObject({ type: 'line', name: '联合抽查占比', axis: 1, data: [0, null, 33.3] })
    expect(timely).toMatchObject({ type: 'line', name: '公示及时率', axis: 1, data: [100, null, 75] })
    expect(problem).toMatchObject({ type: 'line', name: '问题发现率', axis: 1, data: [25, null, 0] })
    expect(b.axes[1]).toMatchObject({ min: 0, max: 100 })
    expect(b.axes[1]!.format!(40)).toBe('40%')
    expect(b.titles![1]).toEqual(['2月', '抽查任务数：0', '联合抽查占比：—', '公示及时率：—', '问题发现率：—'])
  })

  it('shows every month of a past period', () => {
    expect(monthlyBars(monthsUpTo(d.monthly, '2027-01-05')).categories).toEqual(['1月', '2月', '3月', '4月'])
  })
})

describe('department × month heatmap', () => {
  const rows: DepartmentMonth[] = [
    { department: 'SW', month: '2026-01', tasks: 0, jointTasks: 0 },
    { department: 'SW', month: '2026-02', tasks: 2, jointTasks: 1 },
    { department: 'SCJG', month: '2026-01', tasks: 5, jointTasks: 0 },
    { department: 'SCJG', month: '2026-02', tasks: 1, jointTasks: 1 },
  ]

  it('places one cell per department and month, departments in the directory order', () => {
    const h = heatmapCells(rows, ['SCJG', 'SW', 'WJ'])
    expect(h.months).toEqual(['2026-01', '2026-02'])
    expect(h.departments).toEqual(['SCJG', 'SW'])
    expect(h.cells).toEqual([
      [0, 1, 0],
      [1, 1, 2],
      [0, 0, 5],
      [1, 0, 1],
    ])
    expect(h.max).toBe(5)
    expect(heatmapCells(rows).departments).toEqual(['SW', 'SCJG'])
  })

  it('maps the cells to a heatmap with a visual map from 0 to the busiest cell, and drills into a row', () => {
    const o = opt(heatmapOption(rows, (c) => `${c}局`, ['SCJG', 'SW']))
    expect(o.xAxis.data).toEqual(['1月', '2月'])
    expect(o.yAxis.data).toEqual(['SCJG局', 'SW局'])
    expect(o.series[0].type).toBe('heatmap')
    expect(o.series[0].data).toEqual(heatmapCells(rows, ['SCJG', 'SW']).cells)
    expect(o.visualMap).toMatchObject({ min: 0, max: 5 })
    expect(o.tooltip.formatter({ data: [1, 1, 2] })).toBe('SW局 2026-02：2 项（联合 1 项）')
    expect(o.series[0].label.formatter({ data: [0, 1, 0] })).toBe('')
    const h = heatmapCells(rows, ['SCJG', 'SW'])
    expect(heatmapDepartmentAt(h, { componentType: 'series', data: [1, 1, 2] }, (c) => `${c}局`)).toBe('SW')
    expect(heatmapDepartmentAt(h, { componentType: 'yAxis', value: 'SCJG局' }, (c) => `${c}局`)).toBe('SCJG')
  })

  it('keeps the visual map usable when nothing was executed', () => {
    expect(opt(heatmapOption([{ department: 'SW', month: '2026-01', tasks: 0, jointTasks: 0 }], (c) => c)).visualMap.max).toBe(1)
  })
})
