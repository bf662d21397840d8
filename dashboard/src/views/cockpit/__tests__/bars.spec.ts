import { describe, expect, it } from 'vitest'
import { layoutBars, niceScale, textWidth, type BarChartSpec } from '../bars'

describe('value axes', () => {
  it('rounds the ends to a step of 1, 2 or 5 × 10ⁿ, about five ticks, covering zero', () => {
    expect(niceScale(0, 4481, { integer: true })).toEqual({ min: 0, max: 5000, ticks: [0, 1000, 2000, 3000, 4000, 5000] })
    expect(niceScale(0, 9, { integer: true })).toEqual({ min: 0, max: 10, ticks: [0, 2, 4, 6, 8, 10] })
    expect(niceScale(0, 47.1)).toEqual({ min: 0, max: 50, ticks: [0, 10, 20, 30, 40, 50] })
    expect(niceScale(-12, 30)).toEqual({ min: -20, max: 30, ticks: [-20, -10, 0, 10, 20, 30] })
  })

  it('keeps fixed ends, the lower one a tick of its own off the steps', () => {
    expect(niceScale(-3, 97, { min: -5, max: 100 })).toEqual({ min: -5, max: 100, ticks: [-5, 0, 20, 40, 60, 80, 100] })
    expect(niceScale(0, 33.3, { min: 0, max: 100 }).ticks).toEqual([0, 20, 40, 60, 80, 100])
  })

  it('still draws an axis when everything is zero: whole numbers up to 5, else up to 1', () => {
    expect(niceScale(0, 0, { integer: true })).toEqual({ min: 0, max: 5, ticks: [0, 1, 2, 3, 4, 5] })
    expect(niceScale(0, 0).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
  })

  it('measures CJK characters as one em and others as 0.6 em', () => {
    expect(textWidth('甲局')).toBe(22)
    expect(textWidth('97')).toBe(14)
    expect(textWidth('甲a', 10)).toBe(16)
  })
})

describe('vertical bars', () => {
  const spec: BarChartSpec = {
    categories: ['A', 'B'],
    series: [
      { name: 'S1', color: '#111', data: [10, 20], label: (v) => String(v) },
      { name: 'S2', color: '#222', data: [5, null] },
    ],
    axes: [{}],
    titles: [['A', 'S1：10'], ['B', 'S1：20']],
  }
  // Legend row 16 + value-label row 16 + 6 above the grid; tick labels ("20", 14 px) + 10 left of it; 12 right; 22 below.
  const d = layoutBars(spec, 300, 200)

  it('leaves room for the legend, the labels and the ticks around the grid', () => {
    expect(d.grid).toEqual({ x: 24, y: 38, width: 264, height: 140 })
    expect(d.legend).toEqual([
      { x: 0, y: 8, color: '#111', text: 'S1', line: false },
      { x: 44, y: 8, color: '#222', text: 'S2', line: false },
    ])
    expect(d.ticks.map((t) => [t.text, t.x, t.y, t.anchor])).toEqual([
      ['0', 18, 182, 'end'],
      ['5', 18, 147, 'end'],
      ['10', 18, 112, 'end'],
      ['15', 18, 77, 'end'],
      ['20', 18, 42, 'end'],
    ])
    expect(d.baseline).toEqual({ x1: 24, y1: 178, x2: 288, y2: 178 })
  })

  it('stands unstacked series side by side, centred in each category, with nothing for a null', () => {
    // Band 132 px; two bars of 24 px with 3 px between them: the pair starts 40.5 px into the band.
    expect(d.bars).toEqual([
      { x: 64.5, y: 108, width: 24, height: 70, color: '#111', series: 0, index: 0 },
      { x: 196.5, y: 38, width: 24, height: 140, color: '#111', series: 0, index: 1 },
      { x: 91.5, y: 143, width: 24, height: 35, color: '#222', series: 1, index: 0 },
    ])
    expect(d.labels).toEqual([
      { x: 76.5, y: 104, text: '10', anchor: 'middle' },
      { x: 208.5, y: 34, text: '20', anchor: 'middle' },
    ])
    expect(d.categories).toEqual([
      { x: 90, y: 193, text: 'A', anchor: 'middle', index: 0, lines: ['A'] },
      { x: 222, y: 193, text: 'B', anchor: 'middle', index: 1, lines: ['B'] },
    ])
    expect(d.bands).toEqual([
      { x: 24, y: 38, width: 132, height: 162, index: 0, title: 'A\nS1：10' },
      { x: 156, y: 38, width: 132, height: 162, index: 1, title: 'B\nS1：20' },
    ])
  })

  it('draws lines on the right axis, broken where a value is missing, and labels a zero without a bar', () => {
    const lines = layoutBars(
      {
        categories: ['1月', '2月', '3月', '4月'],
        series: [
          { name: '任务', color: '#111', data: [0, 2, 0, 4], label: String },
          { name: '占比', color: '#222', type: 'line', axis: 1, data: [50, null, 100, 0] },
        ],
        axes: [{ integer: true, name: '任务数' }, { min: 0, max: 100, format: (v) => `${v}%`, name: '比率' }],
      },
      400,
      200,
    )
    // Ticks "4" (7 px) + 10 on the left, "100%" (27 px) + 10 on the right; legend, names and labels above.
    expect(lines.grid).toEqual({ x: 17, y: 54, width: 346, height: 124 })
    expect(lines.axisNames).toEqual([
      { x: 2, y: 28, text: '任务数', anchor: 'start' },
      { x: 398, y: 28, text: '比率', anchor: 'end' },
    ])
    expect(lines.lines).toHaveLength(1)
    // Points at the middle of each 86.5 px band: 0–100 % on the grid's 124 px.
    expect(lines.lines[0]!.path).toBe('M 60.3 116 M 233.3 54 L 319.8 178')
    expect(lines.lines[0]!.dots).toHaveLength(3)
    expect(lines.bars.map((b) => b.index)).toEqual([1, 3])
    expect(lines.labels.map((l) => [l.text, l.y])).toEqual([
      ['0', 174],
      ['2', 112],
      ['0', 174],
      ['4', 50],
    ])
    expect(lines.legend.map((l) => l.line)).toEqual([false, true])
  })
})

describe('category names', () => {
  it('writes a name too wide for its band in two lines at its first space, with room for the second line', () => {
    const spec: BarChartSpec = { categories: ['A 级', 'U 未评级'], series: [{ name: 'n', color: '#000', data: [1, 2], legend: false }], axes: [{}] }
    // 120 px: bands of 39 px between margins of 30 (ticks "0.5") and 12; "A 级" is 25 px, "U 未评级" 47.
    const narrow = layoutBars(spec, 120, 150)
    expect(narrow.categories.map((c) => c.lines)).toEqual([['A 级'], ['U', '未评级']])
    expect(narrow.grid.height).toBe(150 - 6 - (16 * 2 + 6))
    const wide = layoutBars(spec, 300, 150)
    expect(wide.categories.map((c) => c.lines)).toEqual([['A 级'], ['U 未评级']])
    expect(wide.grid.height).toBe(150 - 6 - 22)
  })
})

describe('horizontal stacked bars', () => {
  const d = layoutBars(
    {
      horizontal: true,
      categories: ['甲局'],
      series: [
        { name: 'S1', color: '#111', data: [30], stack: 's' },
        { name: 'S2', color: '#222', data: [-3], stack: 's', legend: false },
      ],
      axes: [{ min: -5, max: 100 }],
      endLabels: ['27'],
    },
    400,
    100,
  )

  it('puts the categories on the left, the end labels on the right and the value ticks below', () => {
    expect(d.grid).toEqual({ x: 32, y: 22, width: 342, height: 56 })
    expect(d.legend.map((l) => l.text)).toEqual(['S1'])
    expect(d.categories).toEqual([{ x: 26, y: 54, text: '甲局', anchor: 'end', index: 0, lines: ['甲局'] }])
    expect(d.endLabels).toEqual([{ x: 380, y: 54, text: '27', anchor: 'start' }])
    expect(d.ticks[0]).toEqual({ x: 32, y: 92, text: '-5', anchor: 'middle' })
    expect(d.ticks[1]).toEqual({ x: 48.3, y: 92, text: '0', anchor: 'middle' })
    expect(d.baseline).toEqual({ x1: 48.3, y1: 22, x2: 48.3, y2: 78 })
  })

  it('piles positive parts right of zero and negative ones left of it', () => {
    expect(d.bars).toEqual([
      { x: 48.3, y: 38, width: 97.7, height: 24, color: '#111', series: 0, index: 0 },
      { x: 38.5, y: 38, width: 9.8, height: 24, color: '#222', series: 1, index: 0 },
    ])
    expect(d.bands).toEqual([{ x: 0, y: 22, width: 400, height: 56, index: 0, title: '甲局' }])
  })

  it('wraps the legend into rows that fit the width', () => {
    const narrow = layoutBars({ categories: ['a'], series: ['一二三四', '五六七八', '九十'].map((name) => ({ name, color: '#000', data: [1] })), axes: [{}] }, 160, 120)
    expect(narrow.legend.map((l) => [l.x, l.y])).toEqual([
      [0, 8],
      [74, 8],
      [0, 24],
    ])
    expect(narrow.grid.y).toBe(32 + 6)
  })
})
