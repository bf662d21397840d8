import { defineEntity, p } from '@mikro-orm/core';
import { Department } from '../departments/department.entity.js';
import { Subject } from '../directory/subject.entity.js';
import { now } from '../common/clock.js';

export enum FollowUpKind {
  /** 移交主管部门 */
  TRANSFER = 'TRANSFER',
  /** 列入经营异常名录 */
  ABNORMAL_LISTING = 'ABNORMAL_LISTING',
  /** 立案查处 */
  CASE_FILED = 'CASE_FILED',
  /** 移送司法机关 */
  JUDICIAL_TRANSFER = 'JUDICIAL_TRANSFER',
}

export enum FollowUpStatus {
  OPEN = 'OPEN',
  ACCEPTED = 'ACCEPTED',
  CLOSED = 'CLOSED',
}

/**
 * 后续处置 (seed 002 第二十七条): from a result with problems, a transfer to the competent department
 * (which must accept it), an abnormal-operations listing, a filed case or a transfer to judicial organs,
 * each with a due date and closed with its decision. An open CASE_FILED keeps the subject out of draws.
 */
const FollowUpSchema = defineEntity({
  name: 'FollowUp',
  tableName: 'follow_up',
  indexes: [{ properties: ['subject'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    subject: () => p.manyToOne(Subject),
    department: () => p.manyToOne(Department),
    inspectionId: p.bigint('number').nullable(),
    kind: p.enum(() => FollowUpKind),
    status: p.enum(() => FollowUpStatus),
    /** What was found and what is asked of the receiving side. */
    description: p.text().nullable(),
    /** TRANSFER: the competent department, which must accept it. */
    targetDepartment: () => p.manyToOne(Department).nullable(),
    openedOn: p.date(),
    dueOn: p.date().nullable(),
    acceptedAt: p.datetime().nullable(),
    acceptedBy: p.string().nullable(),
    closedOn: p.date().nullable(),
    closedBy: p.string().nullable(),
    decision: p.text().nullable(),
    createdBy: p.string(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => now()),
  },
});

export class FollowUp extends FollowUpSchema.class {}
FollowUpSchema.setClass(FollowUp);
export { FollowUpSchema };
