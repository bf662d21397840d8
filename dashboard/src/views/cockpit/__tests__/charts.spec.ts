import { describe, expect, it } from 'vitest'
import type { DepartmentMonth } from '../../../graphql/types'
import {
  colors,
  count,
  departmentAt,
  gaugeMax,
  gradeAt,
  gradeDistributionOption,
  gradeProblemOption,
  heatmapCells,
  heatmapDepartmentAt,
  heatmapOption,
  monthlyOption,
  pct,
  rankingExportColumns,
  rankingOption,
  rankingRows,
  rankingSeries,
  reachesTarget,
  shareGauge,
} from '../charts'
import { exportCells } from '../../../tableExport'
import { metricsFixture, score, share } from './fixtures'

// The options are plain objects; the specs read them the way ECharts would.
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

  it('draws horizontal stacked bars, best on top, the score on the right and a zero line left of which deductions go', () => {
    const o = opt(rankingOption(d.departmentScores, name))
    expect(o.yAxis[0]).toMatchObject({ type: 'category', inverse: true, data: ['生态环境', '市场监管', '公安'], triggerEvent: true })
    expect(o.yAxis[1].data).toEqual(['97', '89.3', '57'])
    expect(o.series).toHaveLength(8)
    for (const s of o.series) expect(s).toMatchObject({ type: 'bar', stack: 'score' })
    expect(o.series[0]).toMatchObject({ name: '年度计划按时备案', data: [10, 10, 10] })
    expect(o.series[6]).toMatchObject({ name: '拒绝参加联合抽查', data: [0, 0, -3] })
    expect(o.xAxis.max).toBe(100)
    expect(o.xAxis.min({ min: -3 })).toBe(-5)
    // The tooltip explains a department's points with numerator / denominator and its deductions.
    const tip = o.tooltip.formatter([{ dataIndex: 2 }]) as string
    expect(tip).toContain('公安')
    expect(tip).toContain('总分 57')
    expect(tip).toContain('拒绝参加联合抽查 1 次，扣 3 分')
    expect(tip).toContain('年度计划按时备案：10 / 10 分（10 / 10）')
  })

  it('starts the axis at zero when nobody lost points, and leaves deductions out of the legend', () => {
    const scores = [score('SW', '税务局', [10, 10, 20, 20, 15, 15]), score('WJ', '卫健委', [0, 0, 0, 20, 15, 15])]
    const o = opt(rankingOption(scores, (c) => c))
    expect(o.xAxis.min).toBe(0)
    expect(o.legend.data).toEqual(['年度计划按时备案', '抽查任务完成率', '联合抽查参与度', '结果按时录入', '结果按时公示', '后续处置办结率'])
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

  it('drills into the department of a clicked bar or axis label', () => {
    expect(departmentAt(d.departmentScores, { componentType: 'series', dataIndex: 1 }, name)).toBe('SCJG')
    expect(departmentAt(d.departmentScores, { componentType: 'yAxis', value: '公安' }, name)).toBe('GA')
    expect(departmentAt(d.departmentScores, { componentType: 'yAxis', value: '无此部门' }, name)).toBeUndefined()
    expect(departmentAt(d.departmentScores, { componentType: 'legend' }, name)).toBeUndefined()
  })
})

describe('risk grades', () => {
  it('counts subjects per grade', () => {
    const o = opt(gradeDistributionOption(d.grades))
    expect(o.xAxis.data).toEqual(['A 级', 'B 级', 'C 级', 'U 未评级'])
    expect(o.series).toHaveLength(1)
    expect(o.series[0].data).toEqual([439, 26, 1, 3])
  })

  it('puts the control group’s problem rate beside each grade’s, in percent, gaps where nothing was published', () => {
    const o = opt(gradeProblemOption(d.grades))
    expect(o.series.map((s: AnyOption) => s.name)).toEqual(['问题发现率', '对照组问题发现率'])
    expect(o.series[0].data).toEqual([3.6, 12.5, '-', '-'])
    expect(o.series[1].data).toEqual([0, 25, '-', '-'])
    const tip = o.tooltip.formatter([{ dataIndex: 1 }]) as string
    expect(tip).toContain('B 级')
    expect(tip).toContain('问题发现率：12.5%（2 / 16 户）')
    expect(tip).toContain('对照组问题发现率：25%（1 / 4 户）')
  })

  it('keeps A–D, U order whatever order the server sends, and drills into the clicked grade', () => {
    const shuffled = [d.grades[3]!, d.grades[1]!, d.grades[0]!, d.grades[2]!]
    expect(opt(gradeDistributionOption(shuffled)).series[0].data).toEqual([439, 26, 1, 3])
    expect(gradeAt(shuffled, { componentType: 'series', dataIndex: 1 })).toBe('B')
    expect(gradeAt(shuffled, { componentType: 'xAxis', value: 'U 未评级' })).toBe('U')
    expect(gradeAt(shuffled, { componentType: 'series', dataIndex: 9 })).toBeUndefined()
  })
})

describe('monthly trends', () => {
  it('draws tasks as bars and joint share, timeliness and problem rate as percent lines, up to the current month', () => {
    const o = opt(monthlyOption(d.monthly, '2026-03-15'))
    expect(o.xAxis.data).toEqual(['1月', '2月', '3月'])
    const [tasks, joint, timely, problem] = o.series
    expect(tasks).toMatchObject({ type: 'bar', name: '抽查任务数', data: [1, 0, 3] })
    expect(joint).toMatchObject({ type: 'line', name: '联合抽查占比', yAxisIndex: 1, data: [0, '-', 33.3] })
    expect(timely).toMatchObject({ type: 'line', name: '公示及时率', yAxisIndex: 1, data: [100, '-', 75] })
    expect(problem).toMatchObject({ type: 'line', name: '问题发现率', yAxisIndex: 1, data: [25, '-', 0] })
    expect(o.yAxis[1]).toMatchObject({ min: 0, max: 100 })
  })

  it('shows every month of a past period', () => {
    expect(opt(monthlyOption(d.monthly, '2027-01-05')).xAxis.data).toEqual(['1月', '2月', '3月', '4月'])
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
