// The ECharts modules only some charts need: the coordination board's heatmap with its visual map, and the
// data zoom of long inspector charts. useEcharts loads this before the first option that uses them
// (needsExtras), so a page drawing plain bars does not carry them.
import { HeatmapChart } from 'echarts/charts'
import { DataZoomSliderComponent, VisualMapContinuousComponent } from 'echarts/components'
import { use } from 'echarts/core'

use([HeatmapChart, VisualMapContinuousComponent, DataZoomSliderComponent])
