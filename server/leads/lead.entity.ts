import { defineEntity, p } from '@mikro-orm/core';
import { Department } from '../departments/department.entity.js';
import { Subject } from '../directory/subject.entity.js';
import { now } from '../common/clock.js';

export enum LeadSource {
  /** 12345 政务服务便民热线 */
  HOTLINE_12345 = 'HOTLINE_12345',
  /** 投诉举报 */
  COMPLAINT = 'COMPLAINT',
  /** 部门转办、上级交办 */
  REFERRAL = 'REFERRAL',
  /** 大数据监测 */
  MONITORING = 'MONITORING',
  OTHER = 'OTHER',
}

export enum LeadStatus {
  OPEN = 'OPEN',
  /** A special task was started on it. */
  IN_TASK = 'IN_TASK',
  HANDLED = 'HANDLED',
}

/** 投诉举报线索: recorded against a subject, handled case by case (seed 000 二(五)); raises risk later. */
const LeadSchema = defineEntity({
  name: 'Lead',
  tableName: 'lead',
  indexes: [{ properties: ['subject'] }, { properties: ['problem'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    subject: () => p.manyToOne(Subject).createForeignKeyConstraint(false),
    department: () => p.manyToOne(Department),
    source: p.enum(() => LeadSource),
    /** Work-order or letter number (工单号). */
    reference: p.string().nullable(),
    receivedOn: p.date(),
    /** A short classification shared by leads about the same problem (e.g. 食品安全/超过保质期). */
    problem: p.string(),
    description: p.text(),
    status: p.enum(() => LeadStatus),
    taskCode: p.string().nullable(),
    handledOn: p.date().nullable(),
    resolution: p.text().nullable(),
    createdBy: p.string(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => now()),
  },
});

export class Lead extends LeadSchema.class {}
LeadSchema.setClass(Lead);
export { LeadSchema };
