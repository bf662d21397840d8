// The metrics filters shared by the cockpit (领导驾驶舱) and the coordination board (联席办协调): how they sit in
// the URL query, how they become the GraphQL MetricsFilter, and the drill path they describe.
import { q, type QueryValues } from '../../composables/useQueryState'
import { chinaYear } from '../../dates'
import { ITEM_CATEGORIES, METRIC_GRADES, type MetricGrade, type MetricsFilter } from '../../graphql/types'

export interface RegionOption {
  code: string
  name: string
}

/**
 * The demo county (临淄区, GB/T 2260 370305) and its twelve township-level units, as in
 * server/reference/regions.ts (a spec keeps the two lists equal). The API has no region list of its own.
 */
export const REGIONS: readonly RegionOption[] = [
  { code: '370305', name: '临淄区' },
  { code: '370305001', name: '闻韶街道' },
  { code: '370305002', name: '雪宫街道' },
  { code: '370305003', name: '辛店街道' },
  { code: '370305004', name: '稷下街道' },
  { code: '370305005', name: '齐陵街道' },
  { code: '370305100', name: '齐都镇' },
  { code: '370305101', name: '皇城镇' },
  { code: '370305102', name: '敬仲镇' },
  { code: '370305103', name: '朱台镇' },
  { code: '370305104', name: '凤凰镇' },
  { code: '370305105', name: '金岭回族镇' },
  { code: '370305106', name: '金山镇' },
]

export function regionName(code: string | undefined): string | undefined {
  return REGIONS.find((r) => r.code === code)?.name
}


/** The years offered: this year and the four before it. */
export function yearOptions(current = chinaYear()): number[] {
  return Array.from({ length: 5 }, (_, i) => current - i)
}

/** Auto-refresh intervals in minutes; 0 = off. */
export const REFRESH_MINUTES = [0, 1, 5] as const

/** The ranking panel shows a chart or a table. */
export const RANKING_VIEWS = ['chart', 'table'] as const

/**
 * The URL query of both pages. Defaults stay out of the URL: the current year, no region, department,
 * category or grade, no auto-refresh, the ranking as a chart.
 */
export function metricsQuerySchema(current = chinaYear()) {
  return {
    year: q.int(current, { min: 2000, max: 2100 }),
    region: q.enum(REGIONS.map((r) => r.code)),
    department: q.string(),
    category: q.enum(ITEM_CATEGORIES),
    grade: q.enum(METRIC_GRADES),
    refresh: q.int(0, { allowed: REFRESH_MINUTES }),
    ranking: q.enum(RANKING_VIEWS),
  }
}

export type MetricsQuerySchema = ReturnType<typeof metricsQuerySchema>
export type MetricsQuery = QueryValues<MetricsQuerySchema>

/** Keys that change neither the figures nor the drill path. */
export const PASSIVE_KEYS = ['refresh', 'ranking'] as const

/** URL state → the GraphQL filter (empty fields left out). */
export function toMetricsFilter(state: Pick<MetricsQuery, 'year' | 'region' | 'department' | 'category' | 'grade'>): MetricsFilter {
  const filter: MetricsFilter = { year: state.year }
  if (state.region) filter.region = state.region
  if (state.department) filter.department = state.department.toUpperCase()
  if (state.category) filter.itemCategory = state.category
  if (state.grade) filter.grade = state.grade as MetricGrade
  return filter
}

/** One step of the drill path shown above the charts; `clear` is the patch that goes back up to it. */
export interface DrillStep {
  key: 'all' | 'region' | 'department' | 'grade'
  label: string
  clear: Partial<MetricsQuery>
}

/**
 * The drill path: the whole county, then region, department and grade as far as they are set. Going back
 * to a step clears the filters below it.
 */
export function drillPath(
  state: Pick<MetricsQuery, 'region' | 'department' | 'grade'>,
  names: { all: string; department: (code: string) => string; grade: (grade: string) => string },
): DrillStep[] {
  const steps: DrillStep[] = [{ key: 'all', label: names.all, clear: { region: undefined, department: undefined, grade: undefined } }]
  if (state.region) steps.push({ key: 'region', label: regionName(state.region) ?? state.region, clear: { department: undefined, grade: undefined } })
  if (state.department) steps.push({ key: 'department', label: names.department(state.department), clear: { grade: undefined } })
  if (state.grade) steps.push({ key: 'grade', label: names.grade(state.grade), clear: {} })
  return steps
}
