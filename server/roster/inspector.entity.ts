import { defineEntity, p } from '@mikro-orm/core';
import { Department } from '../departments/department.entity.js';
import { now } from '../common/clock.js';

export enum InspectorKind {
  STAFF = 'STAFF',
  EXPERT = 'EXPERT',
  THIRD_PARTY = 'THIRD_PARTY',
}

export enum InspectorStatus {
  ACTIVE = 'ACTIVE',
  ON_LEAVE = 'ON_LEAVE',
  TRANSFERRED = 'TRANSFERRED',
}

/** An enforcement inspector (执法检查人员); `key` is the enforcement-certificate number. */
const InspectorSchema = defineEntity({
  name: 'Inspector',
  tableName: 'inspector',
  indexes: [{ properties: ['department'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    key: p.string().unique(),
    name: p.string(),
    department: () => p.manyToOne(Department),
    certificateValidFrom: p.date().nullable(),
    certificateValidTo: p.date().nullable(),
    /** Item categories (GENERAL, KEY) and/or item codes the inspector may check. */
    qualifications: p.array<string>().columnType('text[]'),
    specialties: p.array<string>().columnType('text[]'),
    kind: p.enum(() => InspectorKind),
    status: p.enum(() => InspectorStatus),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => now()),
    updatedAt: p.datetime().defaultRaw('now()').onCreate(() => now()).onUpdate(() => now()),
  },
});

export class Inspector extends InspectorSchema.class {}
InspectorSchema.setClass(Inspector);
export { InspectorSchema };

/** A declared conflict of interest (回避). The reason is never public. */
const InspectorConflictSchema = defineEntity({
  name: 'InspectorConflict',
  tableName: 'inspector_conflict',
  properties: {
    inspector: () => p.manyToOne(Inspector).primary(),
    subjectKey: p.string().primary(),
    reason: p.text(),
    declaredAt: p.datetime().defaultRaw('now()').onCreate(() => now()),
  },
});

export class InspectorConflict extends InspectorConflictSchema.class {}
InspectorConflictSchema.setClass(InspectorConflict);
export { InspectorConflictSchema };
