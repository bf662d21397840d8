import type { EntityManager } from '@mikro-orm/postgresql';
import chineseDays from 'chinese-days';
import type { Pool, PoolClient } from 'pg';
import { recordAudit } from '../audit/audit.service.js';
import { actorName, assertCoordinator, type Caller } from '../auth/caller.js';
import { isIsoDate } from '../common/dates.js';
import { badInput } from '../common/errors.js';
import { CalendarOverride } from './calendar.entity.js';

export function checkDate(value: string, field: string): string {
  if (!isIsoDate(value)) throw badInput(field, `日期"${value}"无效，应为 YYYY-MM-DD`);
  return value;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Does the package know the official holidays of this year (it lists at least one holiday)? */
export function packageCovers(year: number): boolean {
  return chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
}

/** The package's answer per date, remembered: its data is fixed, and deadlines ask about the same days again and again. */
const packageDays = new Map<string, boolean>();
function packageWorkday(date: string): boolean {
  let w = packageDays.get(date);
  if (w === undefined) {
    w = chineseDays.isWorkday(date);
    if (packageDays.size > 20_000) packageDays.clear();
    packageDays.set(date, w);
  }
  return w;
}

/**
 * China's working-day calendar: public holidays and 调休 make-up working days from the `chinese-days`
 * package, corrected by the administrators' overrides (which win).
 */
export class WorkingDayCalendar {
  constructor(private readonly overrides: ReadonlyMap<string, boolean> = new Map()) {}

  isWorkingDay(date: string): boolean {
    return this.overrides.get(date) ?? packageWorkday(date);
  }

  /**
   * The date `days` working days after `from` (which itself does not count): "within 20 working days
   * of the end of the check" ends on `addWorkingDays(end, 20)`.
   */
  addWorkingDays(from: string, days: number): string {
    let date = from;
    for (let n = 0; n < days; ) {
      date = nextDay(date);
      if (this.isWorkingDay(date)) n++;
    }
    return date;
  }

  /** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
  workingDaysBetween(from: string, to: string): number {
    let n = 0;
    for (let date = nextDay(from); date <= to; date = nextDay(date)) if (this.isWorkingDay(date)) n++;
    return n;
  }
}

/** The calendar with every override from the database (a small table). */
export async function loadCalendar(em: EntityManager): Promise<WorkingDayCalendar> {
  const rows = await em.find(CalendarOverride, {});
  return new WorkingDayCalendar(new Map(rows.map((r) => [r.date, r.working])));
}

/** The same calendar read on a plain client (the set-based batch services). */
export async function loadCalendarSql(client: Pool | PoolClient): Promise<WorkingDayCalendar> {
  const rows = await client.query<{ date: string; working: boolean }>('select date::text as date, working from calendar_override');
  return new WorkingDayCalendar(new Map(rows.rows.map((r) => [r.date, r.working])));
}

export async function listOverrides(em: EntityManager, year: number): Promise<CalendarOverride[]> {
  return em.find(CalendarOverride, { date: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } }, { orderBy: { date: 'asc' } });
}

/** Sets a day as a holiday (working = false) or a working day; replaces any earlier override. */
export async function setOverride(em: EntityManager, caller: Caller, date: string, working: boolean, name: string): Promise<CalendarOverride> {
  assertCoordinator(caller);
  checkDate(date, 'date');
  if (!name.trim()) throw badInput('name', '请说明原因，如"国庆节"或"国庆节调休上班"');
  return em.transactional(async (tem) => {
    const existing = await tem.findOne(CalendarOverride, { date });
    const before = existing ? { working: existing.working, name: existing.name } : null;
    const row = existing ?? tem.create(CalendarOverride, { date, working, name: name.trim(), createdBy: actorName(caller) });
    tem.assign(row, { working, name: name.trim(), createdBy: actorName(caller) });
    tem.persist(row);
    recordAudit(tem, caller, { action: existing ? 'UPDATE' : 'CREATE', entity: 'CalendarOverride', entityKey: date, before, after: { working, name: name.trim() } });
    return row;
  });
}

export async function removeOverride(em: EntityManager, caller: Caller, date: string): Promise<boolean> {
  assertCoordinator(caller);
  checkDate(date, 'date');
  return em.transactional(async (tem) => {
    const existing = await tem.findOne(CalendarOverride, { date });
    if (!existing) return false;
    recordAudit(tem, caller, { action: 'DELETE', entity: 'CalendarOverride', entityKey: date, before: { working: existing.working, name: existing.name } });
    tem.remove(existing);
    return true;
  });
}
