import { onBeforeUnmount, onMounted, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { ChartOption } from '../charts/register'

type Registry = typeof import('../charts/register')
type ECharts = ReturnType<Registry['echarts']['init']>

export interface UseEcharts {
  chart: ShallowRef<ECharts | null>
  setOption(option: ChartOption, notMerge?: boolean): void
}

const FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif'

// ECharts is loaded on demand: a page renders (and fetches its data) while the charts' code arrives,
// instead of waiting for it before it shows anything.
let registry: Promise<Registry> | null = null
function loadRegistry(): Promise<Registry> {
  registry ??= import('../charts/register')
  return registry
}

// The modules the cockpit does not draw (charts/extras.ts), loaded before the first option that needs them.
let extras: Promise<unknown> | null = null
let extrasLoaded = false
function loadExtras(): Promise<unknown> {
  extras ??= import('../charts/extras').then(
    () => (extrasLoaded = true),
    (e: unknown) => {
      extras = null
      throw e
    },
  )
  return extras
}

/** Whether an option draws with a module of charts/extras.ts: a heatmap, a visual map or a data zoom. */
export function needsExtras(option: ChartOption): boolean {
  const some = (x: unknown) => (Array.isArray(x) ? x.length > 0 : !!x)
  const series = Array.isArray(option.series) ? option.series : option.series ? [option.series] : []
  return some(option.visualMap) || some(option.dataZoom) || series.some((x) => x?.type === 'heatmap')
}

/** Start loading ECharts now (a page that will draw charts once its data arrives); `extras` for a page drawing a heatmap. */
export function preloadCharts(opts: { extras?: boolean } = {}): void {
  void loadRegistry().catch(() => {
    registry = null
  })
  if (opts.extras) loadExtras().catch(() => undefined)
}

// Charts mounted together (a dashboard draws several at once) are created together in the next animation
// frame: the browser first paints the page's figures, then every chart in one go. (One chart per frame
// looked smoother but cost more than twice as long in all: the page is laid out and painted again between
// every two charts.)
const queue: (() => void)[] = []
function nextFrame(run: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run)
  else setTimeout(run, 0)
}
function drain(): void {
  for (let init = queue.shift(); init; init = queue.shift()) init()
}
function scheduleInit(init: () => void): void {
  queue.push(init)
  if (queue.length === 1) nextFrame(drain)
}

/**
 * Own one ECharts instance on `el`: create it after mounting (once ECharts is loaded, in the next frame with the others),
 * follow the element's size (ResizeObserver, so it also reacts to the side menu collapsing, not only to
 * window resizes) and dispose it on unmount. If `option` is given, it is applied whenever it changes.
 * `onInit` receives the instance before its first option (event handlers; setOption draws synchronously).
 */
export function useEcharts(
  el: Ref<HTMLElement | null | undefined>,
  option?: () => ChartOption | null,
  hooks: { onInit?: (chart: ECharts) => void } = {},
): UseEcharts {
  const chart = shallowRef<ECharts | null>(null)
  let observer: ResizeObserver | null = null
  let pending: { option: ChartOption; notMerge: boolean } | null = null
  let palette: readonly string[] = []
  let alive = true
  const loaded = loadRegistry()

  function setOption(next: ChartOption, notMerge = true): void {
    if (!chart.value || (!extrasLoaded && needsExtras(next))) {
      pending = { option: next, notMerge }
      if (chart.value) loadExtras().then(flush, () => undefined)
      return
    }
    chart.value.setOption({ color: [...palette], textStyle: { fontFamily: FONT }, ...next }, notMerge)
  }

  function init(mod: Registry): void {
    if (!alive || !el.value) return
    palette = mod.palette
    chart.value = mod.echarts.init(el.value, undefined, { renderer: 'canvas' })
    hooks.onInit?.(chart.value)
    if (typeof ResizeObserver !== 'undefined') {
      // An observer reports the current size once when it starts observing: redraw only on a real change.
      let size = `${el.value.clientWidth}x${el.value.clientHeight}`
      observer = new ResizeObserver((entries) => {
        const box = entries[entries.length - 1]?.contentRect
        const next = box ? `${Math.round(box.width)}x${Math.round(box.height)}` : ''
        if (next === size) return
        size = next
        chart.value?.resize()
      })
      observer.observe(el.value)
    }
    flush()
  }

  function flush(): void {
    if (!pending || !alive) return
    const { option: next, notMerge } = pending
    pending = null
    setOption(next, notMerge)
  }

  onMounted(() => {
    loaded.then((mod) => scheduleInit(() => init(mod))).catch(() => undefined)
  })

  if (option) {
    watch(
      option,
      (next) => {
        if (next) setOption(next)
      },
      { immediate: true },
    )
  }

  onBeforeUnmount(() => {
    alive = false
    observer?.disconnect()
    observer = null
    chart.value?.dispose()
    chart.value = null
  })

  return { chart, setOption }
}
