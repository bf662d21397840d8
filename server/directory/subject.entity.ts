import { defineEntity, p } from '@mikro-orm/core';
import { Department } from '../departments/department.entity.js';
import { now } from '../common/clock.js';

export enum SubjectKind {
  ENTERPRISE = 'ENTERPRISE',
  INDIVIDUAL_BUSINESS = 'INDIVIDUAL_BUSINESS',
  OTHER_ORG = 'OTHER_ORG',
  PRODUCT = 'PRODUCT',
  PROJECT = 'PROJECT',
  BEHAVIOUR = 'BEHAVIOUR',
}

export enum SubjectStatus {
  ACTIVE = 'ACTIVE',
  REVOKED = 'REVOKED',
  CANCELLED = 'CANCELLED',
  UNREACHABLE = 'UNREACHABLE',
}

export enum RiskGrade {
  A = 'A',
  B = 'B',
  C = 'C',
  D = 'D',
}

/**
 * A supervised subject (检查对象). `key` is its USCC when it has one, otherwise a stable public id;
 * it is the only identifier that leaves the hub. `operatorName`/`operatorPhone` are personal data.
 */
const SubjectSchema = defineEntity({
  name: 'Subject',
  tableName: 'subject',
  indexes: [
    { properties: ['regionCode'] },
    { name: 'subject_industry_code_pattern_idx', expression: 'create index "subject_industry_code_pattern_idx" on "subject" ("industry_code" text_pattern_ops)' },
  ],
  triggers: [
    {
      name: 'subject_no_delete',
      timing: 'before',
      events: ['delete'],
      forEach: 'row',
      body: `raise exception 'subject % cannot be deleted: mark it revoked, cancelled or unreachable instead', old.key using errcode = 'P0001';`,
    },
  ],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    // Codes compare byte by byte: sorting them (index builds, the draw's frozen lists) needs no locale.
    key: p.string().collation('C').unique(),
    uscc: p.string().nullable(),
    name: p.string(),
    kind: p.enum(() => SubjectKind),
    regionCode: p.string().collation('C'),
    industryCode: p.string().nullable(),
    businessScope: p.text().nullable(),
    address: p.text().nullable(),
    operatorName: p.string().nullable(),
    operatorPhone: p.string().nullable(),
    status: p.enum(() => SubjectStatus),
    riskGrade: p.enum(() => RiskGrade).nullable(),
    tags: p.array<string>().columnType('text[]').defaultRaw(`'{}'`),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => now()),
    updatedAt: p.datetime().defaultRaw('now()').onCreate(() => now()).onUpdate(() => now()),
  },
});

export class Subject extends SubjectSchema.class {}
SubjectSchema.setClass(Subject);
export { SubjectSchema };

export enum MembershipSource {
  IMPORT = 'IMPORT',
  MANUAL = 'MANUAL',
  RULE = 'RULE',
}

/** A subject's place in one department's sub-library (分库). */
const LibraryMemberSchema = defineEntity({
  name: 'LibraryMember',
  tableName: 'library_member',
  indexes: [{ properties: ['subject'] }],
  properties: {
    // No FK constraints here: subjects and departments are never deleted (triggers refuse it), and a
    // per-row FK check would triple the cost of adding a million members in one import.
    department: () => p.manyToOne(Department).primary().createForeignKeyConstraint(false),
    subject: () => p.manyToOne(Subject).primary().createForeignKeyConstraint(false),
    source: p.enum(() => MembershipSource),
    ruleId: p.integer().nullable(),
    addedAt: p.datetime().defaultRaw('now()').onCreate(() => now()),
  },
});

export class LibraryMember extends LibraryMemberSchema.class {}
LibraryMemberSchema.setClass(LibraryMember);
export { LibraryMemberSchema };

/** A saved rule that builds part of a sub-library from the directory (seed 002 第七条). */
const LibraryRuleSchema = defineEntity({
  name: 'LibraryRule',
  tableName: 'library_rule',
  uniques: [{ properties: ['department', 'name'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    department: () => p.manyToOne(Department),
    name: p.string(),
    industryPrefixes: p.array<string>().columnType('text[]'),
    scopeKeywords: p.array<string>().columnType('text[]'),
    regionCodes: p.array<string>().columnType('text[]'),
    kinds: p.array<SubjectKind>().columnType('text[]'),
    lastAppliedAt: p.datetime().nullable(),
    lastMatched: p.integer().nullable(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => now()),
    updatedAt: p.datetime().defaultRaw('now()').onCreate(() => now()).onUpdate(() => now()),
  },
});

export class LibraryRule extends LibraryRuleSchema.class {}
LibraryRuleSchema.setClass(LibraryRule);
export { LibraryRuleSchema };
