// The one place ECharts modules are registered. Charts import `echarts` from here, never from 'echarts',
// so the bundle only carries what is listed below and in ./extras.ts. Only what the pages draw is
// registered: bars and lines with their grid, tooltip and plain legend (PNG export goes through getDataURL,
// components/EChart.vue, so no toolbox). The cockpit draws none of them: its charts are SVG
// (views/cockpit/BarChart.vue, ShareGauge.vue), which keeps ECharts out of its first load. The heatmap, visual
// map and data zoom are in ./extras.ts, loaded by the first chart whose option needs them
// (composables/useEcharts.ts).
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
