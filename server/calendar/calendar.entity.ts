import { defineEntity, p } from '@mikro-orm/core';
import { now } from '../common/clock.js';

/**
 * An administrator's correction of the working-day calendar: a holiday or make-up working day (调休)
 * for a year the `chinese-days` package does not cover yet, or a local adjustment.
 */
const CalendarOverrideSchema = defineEntity({
  name: 'CalendarOverride',
  tableName: 'calendar_override',
  properties: {
    date: p.date().primary(),
    working: p.boolean(),
    name: p.string(),
    createdBy: p.string(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => now()),
  },
});

export class CalendarOverride extends CalendarOverrideSchema.class {}
CalendarOverrideSchema.setClass(CalendarOverride);
export { CalendarOverrideSchema };
