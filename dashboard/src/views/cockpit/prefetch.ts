// What the cockpit needs before it can draw, asked for by the router while the page's code loads
// (route meta `prefetch`): the metrics of the URL's filter and the department names.
import type { LocationQuery } from 'vue-router'
import { useDepartmentOptions } from '../../composables/useDepartmentOptions'
import { parseQuery } from '../../composables/useQueryState'
import { cleanFilter, fetchCockpitMetrics, type CockpitMetrics } from '../../graphql/metrics'
import { prefetch, takeArrived, takePrefetched } from '../../prefetch'
import type { MetricsFilter } from '../../graphql/types'
import { metricsQuerySchema, toMetricsFilter } from './filters'

const key = (filter: MetricsFilter) => `CockpitMetrics:${JSON.stringify(cleanFilter(filter))}`

export function prefetchCockpit(query: LocationQuery): void {
  const filter = toMetricsFilter(parseQuery(metricsQuerySchema(), query))
  prefetch(key(filter), () => fetchCockpitMetrics(filter))
  useDepartmentOptions()
}

/** The metrics for `filter`: the prefetched answer when there is a fresh one, else a new request. */
export function cockpitMetrics(filter: MetricsFilter): Promise<CockpitMetrics> {
  return takePrefetched<CockpitMetrics>(key(filter)) ?? fetchCockpitMetrics(filter)
}

/** The prefetched metrics for `filter` if they have already arrived: the cockpit then renders them at once. */
export function arrivedCockpitMetrics(filter: MetricsFilter): CockpitMetrics | null {
  return takeArrived<CockpitMetrics>(key(filter))
}
