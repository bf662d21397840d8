import { defineEntity, p } from '@mikro-orm/core';
import { now } from '../common/clock.js';

/**
 * Append-only record of every write (留痕). A database trigger refuses UPDATE and DELETE, so the
 * trail cannot be rewritten through the application.
 */
const AuditEventSchema = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_event',
  indexes: [{ properties: ['entity', 'entityKey'] }, { properties: ['at'] }],
  // TRUNCATE is refused too, by a statement trigger in the migration (the ORM does not introspect those).
  triggers: [
    {
      name: 'audit_event_append_only',
      timing: 'before',
      events: ['update', 'delete'],
      forEach: 'row',
      body: `raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'P0001';`,
    },
  ],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    at: p.datetime().defaultRaw('now()').onCreate(() => now()),
    actor: p.string(),
    actorRole: p.string(),
    departmentCode: p.string().nullable(),
    action: p.string(),
    entity: p.string(),
    entityKey: p.string(),
    beforeDigest: p.string().nullable(),
    afterDigest: p.string().nullable(),
    detail: p.json<Record<string, unknown>>().nullable(),
    requestId: p.string().nullable(),
  },
});

export class AuditEvent extends AuditEventSchema.class {}
AuditEventSchema.setClass(AuditEvent);
export { AuditEventSchema };
