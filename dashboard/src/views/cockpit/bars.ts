// The cockpit's bar and line charts, laid out for SVG (BarChart.vue draws them): axes with round ticks, bars
// side by side or stacked (negative parts left of or below zero), lines on a second axis, value labels, the
// legend and one band per category to hover and click. Plain geometry in pixels, free of Vue and the DOM, so
// specs check exactly what is drawn. The cockpit draws these in SVG rather than with ECharts: its first load
// on a 2-core machine spent about 0.5 s of the main thread in ECharts' first layout of four charts.

export interface BarSeries {
  name: string
  color: string
  /** One value per category; null draws nothing there (and breaks a line). */
  data: (number | null)[]
  /** Default 'bar'. A line has a dot at every value. */
  type?: 'bar' | 'line'
  /** The value axis: 0 (left, or along the bottom of a horizontal chart) or 1 (right). Default 0. */
  axis?: 0 | 1
  /** Bars with the same key pile up, negative values on the other side of zero; other bars stand side by side. */
  stack?: string
  /** Write each value at the end of its bar, so formatted. */
  label?: (value: number) => string
  /** False keeps the series out of the legend. */
  legend?: boolean
}

export interface ValueAxis {
  /** Fixed ends; otherwise round numbers around the data (and zero). */
  min?: number
  max?: number
  /** Tick label text; default the number. */
  format?: (value: number) => string
  /** Written above the axis. */
  name?: string
  /** Whole-number ticks only (counts). */
  integer?: boolean
}

export interface BarChartSpec {
  /** Categories down the left edge, bars growing rightwards (the ranking); by default along the bottom. */
  horizontal?: boolean
  categories: string[]
  series: BarSeries[]
  axes: [ValueAxis] | [ValueAxis, ValueAxis]
  /** Written after each category's bars, beyond the right edge (the ranking's scores). */
  endLabels?: string[]
  /** Hover text of each category (one line per entry). */
  titles?: string[][]
}

export interface TextAt {
  x: number
  y: number
  text: string
  anchor: 'start' | 'middle' | 'end'
}

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface BarChartDrawing {
  width: number
  height: number
  legend: { x: number; y: number; color: string; text: string; line: boolean }[]
  grid: Rect
  /** Split lines at the ticks of the first value axis. */
  gridLines: { x1: number; y1: number; x2: number; y2: number }[]
  /** The category axis, at zero. */
  baseline: { x1: number; y1: number; x2: number; y2: number }
  ticks: TextAt[]
  axisNames: TextAt[]
  /** Category names; along the bottom, one too wide for its band is written in two lines (at its first space). */
  categories: (TextAt & { index: number; lines: string[] })[]
  bars: (Rect & { color: string; series: number; index: number })[]
  lines: { color: string; path: string; dots: { x: number; y: number }[] }[]
  labels: TextAt[]
  endLabels: TextAt[]
  /** Each category's band across the grid, the target of hover and click. */
  bands: (Rect & { index: number; title: string })[]
}

/** Font size of every text in the charts. */
export const FONT_SIZE = 11
const LEGEND_ROW = 16
const SWATCH = 14
const BAR_MAX = 24
const BAR_GAP = 3

const round = (v: number) => Math.round(v * 10) / 10

/** Width of `text` at `size` px in a CJK sans-serif: full-width characters one em, others about 0.6 em. */
export function textWidth(text: string, size = FONT_SIZE): number {
  let w = 0
  for (const ch of text) w += /[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]/.test(ch) ? size : size * 0.6
  return Math.ceil(w)
}

/** The step of 1, 2 or 5 × 10ⁿ nearest to `raw` (at least 1 for whole numbers). */
function niceStep(raw: number, integer: boolean): number {
  const power = 10 ** Math.floor(Math.log10(raw))
  const f = raw / power
  const step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * power
  return integer ? Math.max(1, Math.round(step)) : step
}

/** The axis' ends and ticks: fixed ends as given, else round numbers covering `lo`–`hi` and zero, about five steps. */
export function niceScale(lo: number, hi: number, axis: ValueAxis = {}): { min: number; max: number; ticks: number[] } {
  let min = axis.min ?? Math.min(0, lo)
  let max = axis.max ?? Math.max(0, hi)
  if (max <= min) max = min + (axis.integer ? 5 : 1)
  const step = niceStep((max - min) / 5, !!axis.integer)
  if (axis.min === undefined) min = Math.floor(min / step) * step
  if (axis.max === undefined) max = Math.ceil(max / step) * step
  const ticks: number[] = []
  // Ticks on multiples of the step from the lower end; a fixed upper end is a tick of its own.
  for (let t = Math.ceil(min / step) * step; t <= max + step / 1e6; t += step) ticks.push(Number(t.toFixed(10)))
  if (ticks[ticks.length - 1] !== max) ticks.push(max)
  if (ticks[0] !== min) ticks.unshift(min)
  return { min, max, ticks }
}

/** The lowest and highest value an axis must show: stacked bars summed per side of zero, the rest as they are. */
function extent(spec: BarChartSpec, axis: 0 | 1): [number, number] {
  let lo = 0
  let hi = 0
  const stacks = new Map<string, { pos: number[]; neg: number[] }>()
  for (const s of spec.series) {
    if ((s.axis ?? 0) !== axis) continue
    s.data.forEach((v, i) => {
      if (v === null) return
      if (s.stack && (s.type ?? 'bar') === 'bar') {
        const st = stacks.get(s.stack) ?? { pos: [], neg: [] }
        stacks.set(s.stack, st)
        if (v >= 0) st.pos[i] = (st.pos[i] ?? 0) + v
        else st.neg[i] = (st.neg[i] ?? 0) + v
        lo = Math.min(lo, st.neg[i] ?? 0)
        hi = Math.max(hi, st.pos[i] ?? 0)
      } else {
        lo = Math.min(lo, v)
        hi = Math.max(hi, v)
      }
    })
  }
  return [lo, hi]
}

/** Legend items in rows across `width`: a swatch (a line for line series) and the series name. */
function layoutLegend(series: BarSeries[], width: number): { items: BarChartDrawing['legend']; height: number } {
  const items: BarChartDrawing['legend'] = []
  let x = 0
  let row = 0
  for (const s of series) {
    if (s.legend === false) continue
    const w = SWATCH + 4 + textWidth(s.name) + 12
    if (x > 0 && x + w > width) {
      x = 0
      row++
    }
    items.push({ x, y: row * LEGEND_ROW + LEGEND_ROW / 2, color: s.color, text: s.name, line: s.type === 'line' })
    x += w
  }
  return { items, height: items.length ? (row + 1) * LEGEND_ROW : 0 }
}

/** Lay out `spec` on a `width` × `height` pixel area. */
export function layoutBars(spec: BarChartSpec, width: number, height: number): BarChartDrawing {
  const horizontal = !!spec.horizontal
  const n = Math.max(1, spec.categories.length)
  const legend = layoutLegend(spec.series, width)
  const scales = spec.axes.map((a, i) => {
    const [lo, hi] = extent(spec, i as 0 | 1)
    return { axis: a, ...niceScale(lo, hi, a) }
  })
  const tickText = (k: number, t: number) => (scales[k]!.axis.format ?? String)(t)
  const widest = (texts: string[]) => texts.reduce((w, t) => Math.max(w, textWidth(t)), 0)
  const named = spec.axes.some((a) => a.name)
  const labelled = spec.series.some((s) => s.label)

  // Margins hold the tick and category labels, the axis names, the end labels and the legend.
  const top = legend.height + (named && !horizontal ? LEGEND_ROW : 0) + (labelled && !horizontal ? LEGEND_ROW : 0) + 6
  const left = horizontal ? widest(spec.categories) + 10 : widest(scales[0]!.ticks.map((t) => tickText(0, t))) + 10
  const right = horizontal
    ? (spec.endLabels ? widest(spec.endLabels) + 12 : 12)
    : scales[1]
      ? widest(scales[1].ticks.map((t) => tickText(1, t))) + 10
      : 12
  const across = (width - left - right) / n
  const lines = (text: string) => {
    const space = text.indexOf(' ')
    return !horizontal && space > 0 && textWidth(text) > across - 4 ? [text.slice(0, space), text.slice(space + 1)] : [text]
  }
  const bottom = LEGEND_ROW * (spec.categories.some((t) => lines(t).length > 1) ? 2 : 1) + 6
  const grid: Rect = { x: left, y: top, width: Math.max(1, width - left - right), height: Math.max(1, height - top - bottom) }

  // Position of a value along an axis (x for a horizontal chart, y otherwise) and of a category band.
  const at = (k: number, v: number) => {
    const s = scales[k]!
    const f = (v - s.min) / (s.max - s.min)
    return round(horizontal ? grid.x + f * grid.width : grid.y + grid.height - f * grid.height)
  }
  const band = (horizontal ? grid.height : grid.width) / n
  const bandStart = (i: number) => (horizontal ? grid.y : grid.x) + i * band

  const drawing: BarChartDrawing = {
    width,
    height,
    legend: legend.items,
    grid,
    gridLines: scales[0]!.ticks.map((t) =>
      horizontal ? { x1: at(0, t), y1: grid.y, x2: at(0, t), y2: grid.y + grid.height } : { x1: grid.x, y1: at(0, t), x2: grid.x + grid.width, y2: at(0, t) },
    ),
    baseline: horizontal
      ? { x1: at(0, 0), y1: grid.y, x2: at(0, 0), y2: grid.y + grid.height }
      : { x1: grid.x, y1: at(0, 0), x2: grid.x + grid.width, y2: at(0, 0) },
    ticks: scales.flatMap((s, k) =>
      s.ticks.map((t): TextAt => {
        if (horizontal) return { x: at(k, t), y: grid.y + grid.height + 14, text: tickText(k, t), anchor: 'middle' }
        return k === 0
          ? { x: grid.x - 6, y: at(k, t) + 4, text: tickText(k, t), anchor: 'end' }
          : { x: grid.x + grid.width + 6, y: at(k, t) + 4, text: tickText(k, t), anchor: 'start' }
      }),
    ),
    axisNames: spec.axes.flatMap((a, k): TextAt[] =>
      a.name ? [k === 0 ? { x: 2, y: legend.height + 12, text: a.name, anchor: 'start' } : { x: width - 2, y: legend.height + 12, text: a.name, anchor: 'end' }] : [],
    ),
    categories: spec.categories.map((text, index) =>
      horizontal
        ? { x: grid.x - 6, y: round(bandStart(index) + band / 2 + 4), text, anchor: 'end', index, lines: [text] }
        : { x: round(bandStart(index) + band / 2), y: grid.y + grid.height + 15, text, anchor: 'middle', index, lines: lines(text) },
    ),
    bars: [],
    lines: [],
    labels: [],
    endLabels: (spec.endLabels ?? []).map((text, i) => ({ x: grid.x + grid.width + 6, y: round(bandStart(i) + band / 2 + 4), text, anchor: 'start' })),
    bands: spec.categories.map((_, index) => ({
      ...(horizontal
        ? { x: 0, y: round(bandStart(index)), width, height: round(band) }
        : { x: round(bandStart(index)), y: grid.y, width: round(band), height: grid.height + bottom }),
      index,
      title: (spec.titles?.[index] ?? [spec.categories[index]!]).join('\n'),
    })),
  }

  // Bars: one slot per stack (or per unstacked series) side by side in each band, centred.
  const slots: string[] = []
  spec.series.forEach((s, k) => {
    if ((s.type ?? 'bar') !== 'bar') return
    const slot = s.stack ?? `#${k}`
    if (!slots.includes(slot)) slots.push(slot)
  })
  const thickness = Math.min(BAR_MAX, (band * 0.7 - BAR_GAP * (slots.length - 1)) / Math.max(1, slots.length))
  const groupWidth = slots.length * thickness + (slots.length - 1) * BAR_GAP
  const piles = new Map<string, { pos: number; neg: number }>()
  spec.series.forEach((s, k) => {
    const axis = s.axis ?? 0
    if ((s.type ?? 'bar') === 'line') {
      const dots: { x: number; y: number }[] = []
      let path = ''
      let pen = false
      s.data.forEach((v, i) => {
        if (v === null) {
          pen = false
          return
        }
        const p = { x: round(bandStart(i) + band / 2), y: at(axis, v) }
        dots.push(p)
        path += `${pen ? 'L' : 'M'} ${p.x} ${p.y} `
        pen = true
      })
      drawing.lines.push({ color: s.color, path: path.trim(), dots })
      return
    }
    const offset = (band - groupWidth) / 2 + slots.indexOf(s.stack ?? `#${k}`) * (thickness + BAR_GAP)
    s.data.forEach((v, i) => {
      if (v === null) return
      const key = `${s.stack ?? `#${k}`}|${i}`
      const pile = piles.get(key) ?? { pos: 0, neg: 0 }
      piles.set(key, pile)
      const from = v > 0 ? pile.pos : pile.neg
      const to = from + v
      if (v > 0) pile.pos = to
      else pile.neg = to
      const [a, b] = [at(axis, from), at(axis, to)]
      const across = round(bandStart(i) + offset)
      const bar = horizontal
        ? { x: Math.min(a, b), y: across, width: round(Math.abs(b - a)), height: round(thickness) }
        : { x: across, y: Math.min(a, b), width: round(thickness), height: round(Math.abs(b - a)) }
      if (v !== 0) drawing.bars.push({ ...bar, color: s.color, series: k, index: i })
      if (s.label) {
        drawing.labels.push(
          horizontal
            ? { x: round(b + (v >= 0 ? 4 : -4)), y: round(bar.y + thickness / 2 + 4), text: s.label(v), anchor: v >= 0 ? 'start' : 'end' }
            : { x: round(bar.x + thickness / 2), y: round(v >= 0 ? b - 4 : b + 12), text: s.label(v), anchor: 'middle' },
        )
      }
    })
  })
  return drawing
}
