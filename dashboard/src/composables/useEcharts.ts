import { onBeforeUnmount, onMounted, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { echarts, palette, type ChartOption } from '../charts/register'

type ECharts = ReturnType<typeof echarts.init>

export interface UseEcharts {
  chart: ShallowRef<ECharts | null>
  setOption(option: ChartOption, notMerge?: boolean): void
}

const FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif'

/**
 * Own one ECharts instance on `el`: create it when mounted, follow the element's size (ResizeObserver,
 * so it also reacts to the side menu collapsing, not only to window resizes) and dispose it on unmount.
 * If `option` is given, it is applied whenever it changes.
 */
export function useEcharts(el: Ref<HTMLElement | null | undefined>, option?: () => ChartOption | null): UseEcharts {
  const chart = shallowRef<ECharts | null>(null)
  let observer: ResizeObserver | null = null
  let pending: { option: ChartOption; notMerge: boolean } | null = null

  function setOption(next: ChartOption, notMerge = true): void {
    if (!chart.value) {
      pending = { option: next, notMerge }
      return
    }
    chart.value.setOption({ color: palette, textStyle: { fontFamily: FONT }, ...next }, notMerge)
  }

  onMounted(() => {
    if (!el.value) return
    chart.value = echarts.init(el.value, undefined, { renderer: 'canvas' })
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(() => chart.value?.resize())
      observer.observe(el.value)
    }
    if (pending) {
      setOption(pending.option, pending.notMerge)
      pending = null
    }
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
    observer?.disconnect()
    observer = null
    chart.value?.dispose()
    chart.value = null
  })

  return { chart, setOption }
}
