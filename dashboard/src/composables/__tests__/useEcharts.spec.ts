// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { mount } from '@vue/test-utils'
import type { ChartOption } from '../../charts/register'
import { settle } from '../../__tests__/fakeServer'
import { needsExtras, useEcharts } from '../useEcharts'

const applied = vi.hoisted(() => [] as Record<string, unknown>[])
const extras = vi.hoisted(() => ({ loaded: 0 }))
vi.mock('../../charts/register', () => ({
  palette: [],
  echarts: {
    init: () => ({ on: vi.fn(), setOption: (o: Record<string, unknown>) => applied.push(o), resize: vi.fn(), dispose: vi.fn() }),
  },
}))
// Stands for the heatmap, visual map and data zoom modules: counts the imports.
vi.mock('../../charts/extras', () => {
  extras.loaded++
  return {}
})

const chartWith = (option: ChartOption) =>
  mount(
    defineComponent({
      setup() {
        const el = ref<HTMLElement | null>(null)
        useEcharts(el, () => option)
        return () => h('div', { ref: el })
      },
    }),
  )

describe('useEcharts', () => {
  it('tells the options that need the extra modules from those the cockpit draws', () => {
    expect(needsExtras({ series: [{ type: 'bar', data: [1] }] })).toBe(false)
    expect(needsExtras({ series: { type: 'line' }, dataZoom: [] })).toBe(false)
    expect(needsExtras({ series: [{ type: 'heatmap', data: [] }] })).toBe(true)
    expect(needsExtras({ visualMap: { min: 0, max: 1 } })).toBe(true)
    expect(needsExtras({ dataZoom: [{ type: 'slider' }] })).toBe(true)
  })

  it('draws a bar chart without loading the extra modules, and a heatmap only once they are loaded', async () => {
    const bar = chartWith({ series: [{ type: 'bar', data: [1, 2] }] })
    await settle()
    expect(applied.map((o) => (o.series as { type: string }[])[0]!.type)).toEqual(['bar'])
    expect(extras.loaded).toBe(0)

    const heat = chartWith({ visualMap: { min: 0, max: 3 }, series: [{ type: 'heatmap', data: [[0, 0, 1]] }] })
    await settle()
    expect(extras.loaded).toBe(1)
    expect(applied.map((o) => (o.series as { type: string }[])[0]!.type)).toEqual(['bar', 'heatmap'])
    bar.unmount()
    heat.unmount()
  })
})
