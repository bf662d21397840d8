const pad = (n: number) => String(n).padStart(2, '0')

/** A local date (a date picker's day, or now) as its calendar day YYYY-MM-DD, the API's Date scalar. */
export function localDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
