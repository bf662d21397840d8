// 保存图片 of the cockpit's SVG drawings (the gauges and the bar charts): the SVG rendered into a PNG on white.
import { offerDownload } from '../../graphql/archive'

/** `svg` as a PNG data URL, `width` × `height` pixels on white (its own drawing scaled to fit). */
async function svgToPng(svg: SVGSVGElement, width: number, height: number): Promise<string | null> {
  const copy = svg.cloneNode(true) as SVGSVGElement
  copy.setAttribute('width', String(width))
  copy.setAttribute('height', String(height))
  const xml = new XMLSerializer().serializeToString(copy)
  const image = new Image()
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`
  await image.decode()
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const ctx = canvas.getContext('2d')
  if (!ctx) return null
  ctx.fillStyle = '#fff'
  ctx.fillRect(0, 0, width, height)
  ctx.drawImage(image, 0, 0, width, height)
  return canvas.toDataURL('image/png')
}

/** Offer `svg` for download as `<name>.png`, `width` × `height` pixels on white. */
export async function saveSvgPng(svg: SVGSVGElement | null, width: number, height: number, name: string): Promise<void> {
  const url = svg ? await svgToPng(svg, width, height) : null
  if (url) offerDownload(url, `${name}.png`)
}
