const pad = (n: number) => String(n).padStart(2, '0')

/** A local date (a date picker's day, or now) as its calendar day YYYY-MM-DD, the API's Date scalar. */
export function localDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** A local time of day as HH:MM:SS (24-hour). */
export function localTime(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

/**
 * China Standard Time is UTC+8 all year (no daylight saving since 1991), so China's calendar is plain
 * arithmetic. Not Intl.DateTimeFormat with a time zone: building one costs about 100 ms the first time
 * in a browser, on the cockpit's critical path.
 */
const CHINA_OFFSET_MS = 8 * 3_600_000

/** The calendar day in China (YYYY-MM-DD) of an instant. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10)
}

/** The calendar year in China (the server counts periods in China time). */
export function chinaYear(now: Date = new Date()): number {
  return new Date(now.getTime() + CHINA_OFFSET_MS).getUTCFullYear()
}
