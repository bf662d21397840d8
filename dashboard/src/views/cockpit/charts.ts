// Pure mappings from the metrics answer to what the cockpit draws: its bar charts (bars.ts lays them out,
// BarChart.vue draws them in SVG), the gauges' SVG geometry, the ranking table, and the coordination board's
// heatmap (an ECharts option), kept free of Vue and of the ECharts runtime so specs check exactly what each
// chart draws.
import type { ChartOption } from '../../charts/register'
import type { DepartmentMonth, DepartmentScore, GradeMetrics, MonthlyMetrics, Share } from '../../graphql/types'
import { grouped, m, percent } from '../../messages'
import type { ExportColumn } from '../../tableExport'
import type { BarChartSpec } from './bars'

const c = m.cockpit

/** Semantic colours. */
export const colors = {
  below: '#e45649',
  above: '#5b8c00',
  neutral: '#1f5fae',
  control: '#8c8c8c',
  deductions: ['#c8161d', '#f56c6c'],
  components: ['#1f5fae', '#3a8ee6', '#13a8a8', '#f0a020', '#7c5cc4', '#5b8c00'],
  heat: ['#f3f7fc', '#bccfe7', '#628fc6', '#1f5fae', '#0b2f5b'],
}

/** A ratio in percent with one decimal, or null when nothing was due. */
export function pct(share: Pick<Share, 'value'>): number | null {
  return share.value === null ? null : Math.round(share.value * 1000) / 10
}

/** "12 / 150" style parts of a share: integers with thousands separators. */
export const count = grouped

/** Whether a share reaches its target; null without a target or a value. */
export function reachesTarget(share: Share): boolean | null {
  if (share.target === null || share.value === null) return null
  return share.value >= share.target
}

/** The gauge's upper end in percent: three times the target (or a bit above the value), a multiple of 10, at most 100. */
export function gaugeMax(share: Share): number {
  const value = (share.value ?? 0) * 100
  if (share.target === null) return 100
  const raw = Math.max(share.target * 300, value * 1.2, 10)
  return Math.min(100, Math.ceil(raw / 10) * 10)
}

/** A point of the gauge: x, y in the gauge's 200 × 140 drawing. */
export interface GaugePoint {
  x: number
  y: number
}

/** What a share gauge draws (ShareGauge.vue): plain geometry, so specs check it without a browser. */
export interface GaugeDrawing {
  /** Arcs of the scale as SVG path data, with their colours: red below the target, green from it on. */
  bands: { path: string; color: string }[]
  /** White division lines across the band: every 5 % on a scale up to 50 %, else five divisions. */
  ticks: { from: GaugePoint; to: GaugePoint }[]
  /** The target, written outside the band where it falls. */
  target: (GaugePoint & { text: string }) | null
  /** The needle's tip (it starts at `center`), coloured as the band under it. */
  needle: GaugePoint & { color: string }
  center: GaugePoint
  /** The value in percent under the needle, or 无数据. */
  text: string
}

const GAUGE = { cx: 100, cy: 84, r: 72, band: 12, start: 210, sweep: 240 }

/** The point at `fraction` of the scale, `radius` from the centre (angles as ECharts counts them: 210° to −30°). */
function gaugePoint(fraction: number, radius: number): GaugePoint {
  const a = ((GAUGE.start - fraction * GAUGE.sweep) * Math.PI) / 180
  const round = (v: number) => Math.round(v * 100) / 100
  return { x: round(GAUGE.cx + radius * Math.cos(a)), y: round(GAUGE.cy - radius * Math.sin(a)) }
}

function gaugeArc(from: number, to: number): string {
  const r = GAUGE.r - GAUGE.band / 2
  const a = gaugePoint(from, r)
  const b = gaugePoint(to, r)
  const large = (to - from) * GAUGE.sweep > 180 ? 1 : 0
  return `M ${a.x} ${a.y} A ${r} ${r} 0 ${large} 1 ${b.x} ${b.y}`
}

/** A gauge of a share against its target: red below the target, green from it on. */
export function shareGauge(share: Share): GaugeDrawing {
  const max = gaugeMax(share)
  const value = pct(share)
  const targetAt = share.target === null ? null : Math.min(1, (share.target * 100) / max)
  const bands =
    targetAt === null
      ? [{ path: gaugeArc(0, 1), color: colors.neutral }]
      : [
          ...(targetAt > 0 ? [{ path: gaugeArc(0, targetAt), color: colors.below }] : []),
          ...(targetAt < 1 ? [{ path: gaugeArc(targetAt, 1), color: colors.above }] : []),
        ]
  const divisions = max <= 50 ? max / 5 : 5
  const ticks = Array.from({ length: divisions - 1 }, (_, i) => (i + 1) / divisions).map((f) => ({
    from: gaugePoint(f, GAUGE.r),
    to: gaugePoint(f, GAUGE.r - GAUGE.band),
  }))
  const at = Math.min(1, Math.max(0, (value ?? 0) / max))
  const needleColor = targetAt === null ? colors.neutral : at < targetAt ? colors.below : colors.above
  return {
    bands,
    ticks,
    target: targetAt === null ? null : { ...gaugePoint(targetAt, GAUGE.r + 10), text: `${pct({ value: share.target })}%` },
    needle: { ...gaugePoint(at, GAUGE.r * 0.6), color: needleColor },
    center: { x: GAUGE.cx, y: GAUGE.cy },
    text: value === null ? c.noValue : `${value}%`,
  }
}

export interface RankingSeries {
  key: string
  label: string
  /** Points per department, in ranking order; deductions negative. */
  data: number[]
  deduction: boolean
}

/** One series per score component (stacked to the score) and per deduction (negative, left of zero). */
export function rankingSeries(scores: DepartmentScore[]): RankingSeries[] {
  const components = new Map<string, string>()
  const deductions = new Map<string, string>()
  for (const s of scores) {
    for (const x of s.components) if (!components.has(x.key)) components.set(x.key, x.label)
    for (const x of s.deductions) if (!deductions.has(x.key)) deductions.set(x.key, x.label)
  }
  const pick = (list: { key: string; points: number }[], key: string) => list.find((x) => x.key === key)?.points ?? 0
  return [
    ...[...components].map(([key, label]) => ({ key, label, deduction: false, data: scores.map((s) => pick(s.components, key)) })),
    ...[...deductions].map(([key, label]) => ({
      key,
      label,
      deduction: true,
      // 0 - 0 would be -0; keep plain zeros.
      data: scores.map((s) => (pick(s.deductions, key) ? -pick(s.deductions, key) : 0)),
    })),
  ]
}

/** The hover text of a department's bar: its score, each component's points and share, its deductions. */
function rankingTitle(s: DepartmentScore, name: (code: string) => string): string[] {
  const lines = [`${name(s.department)}　${c.ranking.total} ${s.score}`]
  for (const x of s.components) {
    lines.push(`${x.label}：${c.ranking.points(String(x.points), String(x.weight))}（${count(x.share.numerator)} / ${count(x.share.denominator)}）`)
  }
  for (const x of s.deductions) if (x.count > 0) lines.push(c.ranking.deduction(x.label, x.count, String(x.points)))
  return lines
}

/**
 * The department ranking: a horizontal bar per department (best on top), stacked by score component,
 * with deductions as negative bars left of zero and the score written on the right.
 */
export function rankingBars(scores: DepartmentScore[], name: (code: string) => string): BarChartSpec {
  const series = rankingSeries(scores)
  const hasDeductions = series.some((s) => s.deduction && s.data.some((v) => v < 0))
  const lowest = Math.min(0, ...scores.map((_, i) => series.reduce((a, s) => a + Math.min(0, s.data[i] ?? 0), 0)))
  return {
    horizontal: true,
    categories: scores.map((s) => name(s.department)),
    series: series.map((s, i) => ({
      name: s.label,
      color: s.deduction ? colors.deductions[i % 2]! : colors.components[i % colors.components.length]!,
      data: s.data,
      stack: 'score',
      legend: !s.deduction || hasDeductions,
    })),
    axes: [{ min: Math.floor(lowest / 5) * 5, max: 100 }],
    endLabels: scores.map((s) => String(s.score)),
    titles: scores.map((s) => rankingTitle(s, name)),
  }
}

/** The ranking as table rows (also the export). */
export interface RankingRow {
  rank: number
  department: string
  name: string
  score: number
  /** Points per component key. */
  points: Record<string, number>
  deductions: number
  tasks: number
  jointTasks: number
  inspections: number
}

export function rankingRows(scores: DepartmentScore[]): RankingRow[] {
  let rank = 0
  return scores.map((s, i) => {
    // Equal scores share a rank (1, 2, 2, 4).
    if (i === 0 || s.score !== scores[i - 1]!.score) rank = i + 1
    return {
      rank,
      department: s.department,
      name: s.name,
      score: s.score,
      points: Object.fromEntries(s.components.map((x) => [x.key, x.points])),
      deductions: s.deductions.reduce((a, x) => a + x.points, 0),
      tasks: s.tasks,
      jointTasks: s.jointTasks,
      inspections: s.inspections,
    }
  })
}

/** The component columns of the ranking table: key, label and full points. */
export function rankingColumns(scores: DepartmentScore[]): { key: string; label: string; weight: number }[] {
  const seen = new Map<string, { key: string; label: string; weight: number }>()
  for (const s of scores) for (const x of s.components) if (!seen.has(x.key)) seen.set(x.key, { key: x.key, label: x.label, weight: x.weight })
  return [...seen.values()]
}

/** The export columns of the ranking table (rows from rankingRows): the department's code beside its name. */
export function rankingExportColumns(scores: DepartmentScore[]): ExportColumn<RankingRow>[] {
  const r = c.ranking
  return [
    { label: r.rank, value: (row) => row.rank },
    { label: r.code, value: (row) => row.department },
    { label: r.department, value: (row) => row.name },
    { label: r.score, value: (row) => row.score },
    ...rankingColumns(scores).map((x): ExportColumn<RankingRow> => ({ label: `${x.label}（${x.weight}）`, value: (row) => row.points[x.key] ?? 0 })),
    { label: r.deductions, value: (row) => row.deductions },
    { label: r.tasks, value: (row) => row.tasks },
    { label: r.jointTasks, value: (row) => row.jointTasks },
    { label: r.inspections, value: (row) => row.inspections },
  ]
}

const GRADE_ORDER = ['A', 'B', 'C', 'D', 'U']

export function gradeLabel(grade: string): string {
  return grade === 'U' ? c.grades.ungraded : c.grades.gradeValue(grade)
}

/** The grades in A–D, U order (the server's order, kept if it changes). */
export function sortedGrades(grades: GradeMetrics[]): GradeMetrics[] {
  return [...grades].sort((a, b) => GRADE_ORDER.indexOf(a.grade) - GRADE_ORDER.indexOf(b.grade))
}

/** Subjects per grade (the directory's distribution). */
export function gradeDistributionBars(grades: GradeMetrics[]): BarChartSpec {
  const g = sortedGrades(grades)
  return {
    categories: g.map((x) => gradeLabel(x.grade)),
    series: [{ name: c.grades.subjects, color: colors.neutral, data: g.map((x) => x.subjects), label: count, legend: false }],
    axes: [{ name: c.grades.subjects, integer: true, format: count }],
    titles: g.map((x) => [gradeLabel(x.grade), `${c.grades.subjects}：${count(x.subjects)}`]),
  }
}

/** The problem-found rate per grade (as drawn) with the control group's rate beside it, in percent. */
export function gradeProblemBars(grades: GradeMetrics[]): BarChartSpec {
  const g = sortedGrades(grades)
  const line = (label: string, s: Share) => `${label}：${percent(s.value)}（${c.grades.parts(s.numerator, s.denominator)}）`
  const rate = (v: number) => `${v}%`
  return {
    categories: g.map((x) => gradeLabel(x.grade)),
    series: [
      { name: c.grades.problemRate, color: colors.below, data: g.map((x) => pct(x.problemRate)), label: rate },
      { name: c.grades.controlRate, color: colors.control, data: g.map((x) => pct(x.controlProblemRate)), label: rate },
    ],
    axes: [{ format: rate }],
    titles: g.map((x) => [gradeLabel(x.grade), line(c.grades.problemRate, x.problemRate), line(c.grades.controlRate, x.controlProblemRate)]),
  }
}

/** The months to draw: the period's months, without those after `today` (no data can exist there yet). */
export function monthsUpTo(monthly: MonthlyMetrics[], today: string): MonthlyMetrics[] {
  const now = today.slice(0, 7)
  return monthly.filter((p) => p.month <= now)
}

/** Tasks per month (bars) with joint share, timeliness and problem rate (lines, right axis in percent), for the months to draw (monthsUpTo). */
export function monthlyBars(points: MonthlyMetrics[]): BarChartSpec {
  const t = c.monthly
  const rates = [
    { name: t.jointShare, color: colors.neutral, of: (p: MonthlyMetrics) => p.jointShare },
    { name: t.timeliness, color: colors.above, of: (p: MonthlyMetrics) => p.timeliness },
    { name: t.problemRate, color: colors.below, of: (p: MonthlyMetrics) => p.problemRate },
  ]
  return {
    categories: points.map((p) => t.month(p.month)),
    series: [
      { name: t.tasks, color: '#8fafd6', data: points.map((p) => p.tasks) },
      ...rates.map((r) => ({ type: 'line' as const, axis: 1 as const, name: r.name, color: r.color, data: points.map((p) => pct(r.of(p))) })),
    ],
    axes: [
      { name: t.count, integer: true, format: count },
      { name: t.rate, min: 0, max: 100, format: (v: number) => `${v}%` },
    ],
    titles: points.map((p) => [t.month(p.month), `${t.tasks}：${count(p.tasks)}`, ...rates.map((r) => `${r.name}：${percent(r.of(p).value)}`)]),
  }
}

export interface Heatmap {
  months: string[]
  departments: string[]
  /** [month index, department index, tasks] */
  cells: [number, number, number][]
  max: number
}

/** The department × month matrix as heatmap cells, departments in the order given (or first seen). */
export function heatmapCells(rows: DepartmentMonth[], order: readonly string[] = []): Heatmap {
  const months = [...new Set(rows.map((r) => r.month))].sort()
  const seen = [...new Set(rows.map((r) => r.department))]
  const departments = [...order.filter((d) => seen.includes(d)), ...seen.filter((d) => !order.includes(d))]
  const cells = rows.map((r): [number, number, number] => [months.indexOf(r.month), departments.indexOf(r.department), r.tasks])
  return { months, departments, cells, max: cells.reduce((a, x) => Math.max(a, x[2]), 0) }
}

export function heatmapOption(rows: DepartmentMonth[], name: (code: string) => string, order: readonly string[] = []): ChartOption {
  const h = heatmapCells(rows, order)
  const joint = new Map(rows.map((r) => [`${r.department}|${r.month}`, r.jointTasks]))
  const formatter = (params: unknown): string => {
    const p = params as { data: [number, number, number] }
    const [mi, di, tasks] = p.data
    const dept = h.departments[di]!
    const month = h.months[mi]!
    return m.coordination.heatmap.cell(name(dept), month, tasks, joint.get(`${dept}|${month}`) ?? 0)
  }
  return {
    // Drawn at once: on a wall screen animations cost CPU every refresh and add nothing.
    animation: false,
    tooltip: { position: 'top', confine: true, formatter },
    grid: { left: 8, right: 16, top: 28, bottom: 64, containLabel: true },
    xAxis: { type: 'category', data: h.months.map((x) => c.monthly.month(x)), splitArea: { show: true }, axisLabel: { interval: 0 } },
    yAxis: { type: 'category', inverse: true, data: h.departments.map(name), splitArea: { show: true }, axisLabel: { fontSize: 11, interval: 0 }, triggerEvent: true },
    visualMap: {
      min: 0,
      max: Math.max(1, h.max),
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 160,
      inRange: { color: colors.heat },
    },
    series: [
      {
        type: 'heatmap',
        name: m.coordination.heatmap.tasks,
        data: h.cells,
        label: { show: true, fontSize: 11, formatter: (p: unknown) => String((p as { data: number[] }).data[2] || '') },
        emphasis: { itemStyle: { shadowBlur: 6, shadowColor: 'rgba(0, 0, 0, 0.3)' } },
      },
    ],
  }
}

/** The department a click on the heatmap drills into (a cell or a row's name), or undefined. */
export function heatmapDepartmentAt(
  heat: Heatmap,
  params: { componentType: string; data?: unknown; value?: unknown },
  name: (code: string) => string,
): string | undefined {
  if (params.componentType === 'series' && Array.isArray(params.data)) return heat.departments[params.data[1] as number]
  if (params.componentType === 'yAxis' && typeof params.value === 'string') return heat.departments[heat.departments.map(name).indexOf(params.value)]
  return undefined
}
