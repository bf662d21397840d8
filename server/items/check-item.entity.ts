import { defineEntity, p } from '@mikro-orm/core';
import { Department } from '../departments/department.entity.js';
import { now } from '../common/clock.js';

export enum ItemCategory {
  GENERAL = 'GENERAL',
  KEY = 'KEY',
}

export enum CheckMethod {
  ONSITE = 'ONSITE',
  DOCUMENT = 'DOCUMENT',
  ONLINE = 'ONLINE',
}

/**
 * One version of one check item. The list is versioned: editing an item writes a new row with
 * `version + 1` and marks the old one not current, so inspections keep pointing at the exact text
 * they were checked against.
 */
const CheckItemSchema = defineEntity({
  name: 'CheckItem',
  tableName: 'check_item',
  uniques: [{ properties: ['code', 'version'] }],
  indexes: [
    { name: 'check_item_current_code_idx', expression: 'create unique index "check_item_current_code_idx" on "check_item" ("code") where "current"' },
    { properties: ['department'] },
  ],
  properties: {
    id: p.integer().primary().autoincrement(),
    code: p.string(),
    version: p.integer(),
    current: p.boolean(),
    department: () => p.manyToOne(Department),
    category: p.enum(() => ItemCategory),
    legalBasis: p.text(),
    subjectType: p.text(),
    content: p.text(),
    methods: p.array<CheckMethod>().columnType('text[]'),
    ratio: p.decimal('number').precision(7).scale(6).nullable(),
    frequencyPerYear: p.integer().nullable(),
    effectiveFrom: p.date(),
    effectiveTo: p.date().nullable(),
    inJointList: p.boolean().default(false),
    active: p.boolean().default(true),
    changeReason: p.text().nullable(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => now()),
  },
});

export class CheckItem extends CheckItemSchema.class {}
CheckItemSchema.setClass(CheckItem);
export { CheckItemSchema };
