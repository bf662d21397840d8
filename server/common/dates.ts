import { now } from './clock.js';

/** Is this an existing calendar date written exactly as YYYY-MM-DD? (2026-02-30 is not.) */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const CHINA_OFFSET_MS = 8 * 3600_000;

/** The calendar date in China (UTC+8) at `at` (by default the clock's now: today), as YYYY-MM-DD. */
export function chinaDate(at: Date = now()): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** `at` in China Standard Time with its offset, to the second: 2026-03-02T09:00:00+08:00. */
export function chinaTimestamp(at: Date = now()): string {
  return `${new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** `at` in China Standard Time to the minute, for people: 2026-03-02 09:00. */
export function chinaMinute(at: Date): string {
  return chinaTimestamp(at).slice(0, 16).replace('T', ' ');
}

/** YYYY-MM-DD plus `days` (negative to go back). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
