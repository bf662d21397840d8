import { defineEntity, p } from '@mikro-orm/core';
import { now } from '../common/clock.js';

export enum DepartmentKind {
  MARKET_REGULATION = 'MARKET_REGULATION',
  TAX = 'TAX',
  ENVIRONMENT = 'ENVIRONMENT',
  HEALTH = 'HEALTH',
  TRANSPORT = 'TRANSPORT',
  HOUSING = 'HOUSING',
  CULTURE_TOURISM = 'CULTURE_TOURISM',
  EMERGENCY = 'EMERGENCY',
  EDUCATION = 'EDUCATION',
  AGRICULTURE = 'AGRICULTURE',
  NATURAL_RESOURCES = 'NATURAL_RESOURCES',
  HUMAN_RESOURCES = 'HUMAN_RESOURCES',
  COMMERCE = 'COMMERCE',
  PUBLIC_SECURITY = 'PUBLIC_SECURITY',
  CIVIL_AFFAIRS = 'CIVIL_AFFAIRS',
  WATER = 'WATER',
  OTHER = 'OTHER',
}

const DepartmentSchema = defineEntity({
  name: 'Department',
  tableName: 'department',
  triggers: [
    {
      name: 'department_no_delete',
      timing: 'before',
      events: ['delete'],
      forEach: 'row',
      body: `raise exception 'department % cannot be deleted: deactivate it instead', old.code using errcode = 'P0001';`,
    },
  ],
  properties: {
    id: p.integer().primary().autoincrement(),
    code: p.string().unique(),
    name: p.string(),
    shortName: p.string(),
    kind: p.enum(() => DepartmentKind),
    member: p.boolean().default(true),
    active: p.boolean().default(true),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => now()),
    updatedAt: p.datetime().defaultRaw('now()').onCreate(() => now()).onUpdate(() => now()),
  },
});

export class Department extends DepartmentSchema.class {}
DepartmentSchema.setClass(Department);
export { DepartmentSchema };
