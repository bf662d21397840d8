// User Timing marks of a page load (`jc:<name>` among performance.getEntriesByType('mark')): where the time to
// a page's first render goes, for bench/dashboard-budget.ts and for the performance panel of a browser. Each
// name is marked once per load, so a wall screen refreshing all day does not fill the browser's buffer.
const marked = new Set<string>()

/** Mark `jc:<name>` now, unless it was marked before in this page load. */
export function markOnce(name: string): void {
  if (marked.has(name) || typeof performance === 'undefined' || typeof performance.mark !== 'function') return
  marked.add(name)
  performance.mark(`jc:${name}`)
}
