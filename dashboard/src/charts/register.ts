// The one place ECharts modules are registered. Charts import `echarts` from here, never from 'echarts',
// so the bundle only carries what is listed below and in ./extras.ts. Only what the pages draw is
// registered (the cockpit's first load has a JS budget, see bench/dashboard-budget.ts): no gauge (the
// cockpit's are SVG, views/cockpit/ShareGauge.vue), pie, title or toolbox (PNG export goes through getDataURL,
// components/EChart.vue), and the one kind of legend. What the cockpit does not draw (heatmap, visual map,
// data zoom) is in ./extras.ts, loaded by the first chart whose option needs it (composables/useEcharts.ts).
import * as echarts from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendPlainComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption } from 'echarts/charts'
import type {
  DataZoomComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components'
import type { ComposeOption } from 'echarts/core'

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendPlainComponent, CanvasRenderer])

/** Option type limited to the registered series and components (with those of ./extras.ts). */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | HeatmapSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | VisualMapComponentOption
  | DataZoomComponentOption
>

/** Palette matching the dashboard's government blue. */
export const palette = ['#1f5fae', '#3a8ee6', '#13a8a8', '#f0a020', '#e45649', '#7c5cc4', '#5b8c00', '#8c8c8c']

export { echarts }
