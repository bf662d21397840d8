import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';
import { actorName, actorRole, type Caller } from '../auth/caller.js';
import { AuditEvent } from './audit-event.entity.js';
import { now } from '../common/clock.js';

/** SHA-256 over a stable JSON form (sorted keys), so equal states give equal digests. */
export function digest(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return crypto.createHash('sha256').update(stableJson(value)).digest('hex');
}

function stableJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface AuditInput {
  action: string;
  entity: string;
  entityKey: string;
  before?: unknown;
  after?: unknown;
  detail?: Record<string, unknown>;
}

/**
 * The single place writes are recorded. Call it inside the transaction of the write it records:
 * the event is persisted with the same flush, so either both land or neither does.
 */
export function recordAudit(em: EntityManager, caller: Caller, input: AuditInput, requestId?: string): AuditEvent {
  const event = em.create(AuditEvent, {
    at: now(),
    actor: actorName(caller),
    actorRole: actorRole(caller),
    departmentCode: caller.kind === 'user' ? caller.departmentCode : null,
    action: input.action,
    entity: input.entity,
    entityKey: input.entityKey,
    beforeDigest: digest(input.before),
    afterDigest: digest(input.after),
    detail: input.detail ?? null,
    requestId: requestId ?? null,
  });
  em.persist(event);
  return event;
}

/** The same record for writes made with plain SQL on a transaction's client (imports, rules). */
export async function recordAuditSql(client: PoolClient, caller: Caller, input: AuditInput, requestId?: string): Promise<void> {
  await client.query(
    `insert into audit_event (at, actor, actor_role, department_code, action, entity, entity_key, before_digest, after_digest, detail, request_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      now(), actorName(caller), actorRole(caller), caller.kind === 'user' ? caller.departmentCode : null,
      input.action, input.entity, input.entityKey, digest(input.before), digest(input.after), input.detail ?? null, requestId ?? null,
    ],
  );
}

/** Several records in one INSERT (the set-based batch services), all stamped with the clock's time. */
export async function recordAuditSqlMany(client: PoolClient, caller: Caller, inputs: AuditInput[], requestId?: string): Promise<void> {
  if (!inputs.length) return;
  await client.query(
    `insert into audit_event (at, actor, actor_role, department_code, action, entity, entity_key, before_digest, after_digest, detail, request_id)
     select $1, $2, $3, $4, x.action, x.entity, x.entity_key, x.before_digest, x.after_digest, x.detail, $5
       from unnest($6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::jsonb[]) with ordinality
            as x(action, entity, entity_key, before_digest, after_digest, detail, n)
      order by x.n`,
    [
      now(), actorName(caller), actorRole(caller), caller.kind === 'user' ? caller.departmentCode : null, requestId ?? null,
      inputs.map((i) => i.action), inputs.map((i) => i.entity), inputs.map((i) => i.entityKey),
      inputs.map((i) => digest(i.before)), inputs.map((i) => digest(i.after)), inputs.map((i) => (i.detail ? JSON.stringify(i.detail) : null)),
    ],
  );
}
