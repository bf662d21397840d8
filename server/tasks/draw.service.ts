/**
 * Freeze, reveal and draw of a task (DRAW-SPEC.md §1): the freeze writes the bundle and the hub's
 * sealed commitment; each department reveals its secret (checked against its commitment, nothing
 * stored when wrong); the draw opens the hub's secret, runs the pure draw on the stored bundle and turns
 * the result into inspections and teams — all in one transaction, with the task row locked NOWAIT so a
 * simultaneous freeze or draw of the same task gets CONFLICT instead of running twice.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Pool, PoolClient } from 'pg';
import { recordAuditSql } from '../audit/audit.service.js';
import { actorName, type Caller } from '../auth/caller.js';
import { AppError, badInput, conflict, ErrorCode, notFound } from '../common/errors.js';
import { phaseTimer } from '../common/log.js';
import { withTransaction } from '../common/tx.js';
import { copyLine, CopyWriter } from '../importing/copy.js';
import { commitment as commitmentOf, DrawError, manifestHash, runDraw, type DrawBundle, type DrawResult } from '../draw/draw.js';
import { buildFreeze, type FreezeItem, type FreezeTask } from './freeze.js';
import { newHubSecret, seal, unseal } from './seal.js';
import { DrawOutcome, ParticipantStatus, type Task, TaskDraw, TaskParticipant, TaskStatus } from './task.entity.js';
import { assertCanRunTask, participantFor, participantSteps, requireStatus, taskBusy, transition } from './task.service.js';
import { now } from '../common/clock.js';

export const HUB_PARTY = 'hub';

interface TaskRow extends FreezeTask {
  itemIds: number[];
  status: TaskStatus;
  attempt: number;
  publicInputExpected: boolean;
  publicInput: string | null;
}

/** Locks the task row NOWAIT on a plain client; a concurrent freeze/draw of the same task → CONFLICT. */
async function lockTaskRow(client: PoolClient, code: string): Promise<TaskRow> {
  try {
    const r = await client.query(
      `select id, code, year, departments, item_codes as "itemCodes", scope_libraries as "scopeLibraries", scope_regions as "scopeRegions",
              scope_industries as "scopeIndustries", scope_kinds as "scopeKinds", scope_grades as "scopeGrades", scope_subjects as "scopeSubjects",
              quota_rule as "quotaRule", window_from as "windowFrom", window_to as "windowTo", team_sizes as "teamSizes",
              max_per_inspector as "maxPerInspector", recognition_days as "recognitionDays", yearly_cap as "yearlyCap", control_share as "controlShare",
              status, attempt, public_input_expected as "publicInputExpected", public_input as "publicInput", item_ids as "itemIds"
         from task where code = $1 for update nowait`,
      [code],
    );
    if (!r.rows[0]) throw notFound('任务', code, 'code');
    return r.rows[0] as TaskRow;
  } catch (e) {
    if ((e as { code?: string }).code === '55P03') throw taskBusy(code);
    throw e;
  }
}

interface ParticipantRow {
  code: string;
  status: ParticipantStatus;
  commitment: string | null;
  secret: string | null;
}

async function participants(client: PoolClient, taskId: number): Promise<ParticipantRow[]> {
  const r = await client.query<ParticipantRow>(
    `select d.code, p.status, p.commitment, p.secret from task_participant p join department d on d.id = p.department_id
      where p.task_id = $1 and p.status <> 'DECLINED'`,
    [taskId],
  );
  return r.rows;
}

/**
 * 冻结: every participating department has confirmed and committed; the hub picks its secret and
 * commits; the manifest is built from the database and its hash recorded in the audit log.
 */
export async function freezeTask(pool: Pool, caller: Caller, code: string, hubKey: string, at = now()): Promise<void> {
  await withTransaction(pool, async (client) => {
    const task = await lockTaskRow(client, code);
    assertCanRunTask(caller, task);
    requireStatus(task, [TaskStatus.CREATED], '冻结');
    // A million candidates sort and hash-join in memory instead of spilling to disk.
    await client.query(`set local work_mem = '256MB'`);
    if (!task.itemIds.length) throw badInput('code', '任务已没有抽查事项（参加部门退出后），请取消任务');
    const parts = await participants(client, task.id);
    const ordered = task.departments.map((d) => parts.find((p) => p.code === d)!);
    const pending = ordered.filter((p) => p.status !== ParticipantStatus.CONFIRMED).map((p) => p.code);
    if (pending.length) throw badInput('code', `以下部门尚未确认参加：${pending.join('、')}`);
    const uncommitted = ordered.filter((p) => !p.commitment).map((p) => p.code);
    if (uncommitted.length) throw badInput('code', `以下部门尚未提交随机数承诺值：${uncommitted.join('、')}`);
    const items = await client.query<FreezeItem>(
      `select ci.code, ci.category, d.code as department from check_item ci join department d on d.id = ci.department_id where ci.id = any($1::int[])`,
      [task.itemIds],
    );
    const hubSecret = newHubSecret();
    const commitments = [
      ...ordered.map((p) => ({ party: p.code, commitment: p.commitment! })),
      { party: HUB_PARTY, commitment: commitmentOf(task.code, HUB_PARTY, hubSecret) },
    ];
    const frozen = await buildFreeze(client, task, items.rows, commitments, at);
    const timer = phaseTimer('freeze-store');
    const hash = manifestHash(frozen.manifest);
    const attempt = task.attempt + 1;
    await client.query(
      `insert into task_draw (task_id, attempt, manifest, manifest_hash, candidates, excluded, roster, conflicts, hub_secret_sealed, outcome, frozen_at, frozen_by, control_quotas)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'PENDING', $10, $11, $12)`,
      [task.id, attempt, frozen.manifest, hash, frozen.candidates, frozen.excluded, frozen.roster, frozen.conflicts, seal(hubSecret, hubKey), at, actorName(caller), frozen.controlQuotas],
    );
    await client.query(`update task set status = 'FROZEN', attempt = $2, frozen_at = $3, updated_at = $3 where id = $1`, [task.id, attempt, at]);
    timer.lap('insert');
    timer.done({ task: task.code });
    const m = frozen.manifest as { candidates: { count: number; strata: Record<string, number> }; excluded: { count: number }; roster: { count: number }; quotas: Record<string, number> };
    await recordAuditSql(client, caller, {
      action: 'FREEZE', entity: 'Task', entityKey: task.code, before: { status: 'CREATED' }, after: { status: 'FROZEN', manifestHash: hash },
      detail: { attempt, manifestHash: hash, candidates: m.candidates.count, strata: m.candidates.strata, excluded: m.excluded.count, roster: m.roster.count, quotas: m.quotas },
    });
  });
}

function checkSecretGiven(secret: string, field = 'secret'): void {
  if (typeof secret !== 'string' || !secret.length) throw badInput(field, '请填写冻结前提交承诺值时使用的秘密随机数');
}

/** The reveal rule: once per department, and only a secret that matches its commitment. */
function checkReveal(taskCode: string, department: string, p: { secret?: string | null; commitment?: string | null }, secret: string): void {
  if (p.secret !== null && p.secret !== undefined) throw conflict(`部门 ${department} 已揭示过秘密随机数`, 'secret');
  if (commitmentOf(taskCode, department, secret) !== p.commitment)
    throw badInput('secret', `揭示的秘密与部门 ${department} 冻结前提交的承诺值不符，未予保存`);
}

/** 揭示: a department's secret, accepted only when it matches the department's commitment. */
export function revealSecret(em: EntityManager, caller: Caller, code: string, secret: string, department?: string | null): Promise<Task> {
  checkSecretGiven(secret);
  return transition(em, caller, code, [TaskStatus.FROZEN], { code: 'REVEAL', label: '揭示秘密随机数' }, async (task, tem) => {
    const p = await participantFor(tem, caller, task, department);
    checkReveal(task.code, p.department.code, p, secret);
    p.secret = secret;
    p.revealedBy = actorName(caller);
    p.revealedAt = now();
    return { department: p.department.code };
  });
}

/** `revealSecret` for many (task, department) pairs (a draw session revealing several tasks' secrets). */
export async function revealSecrets(pool: Pool, caller: Caller, entries: { code: string; secret: string; department?: string | null }[]): Promise<number> {
  entries.forEach((e, n) => checkSecretGiven(e.secret, `entries[${n}].secret`));
  return participantSteps(pool, caller, entries, TaskStatus.FROZEN, { code: 'REVEAL', label: '揭示秘密随机数' }, (task, p, e) => checkReveal(task.code, p.department, p, e.secret), {
    sql: `update task_participant p set secret = x.secret, revealed_by = $4, revealed_at = $5
            from unnest($1::int[], $2::text[], $3::text[]) as x(task_id, department, secret) join department d on d.code = x.department
           where p.task_id = x.task_id and p.department_id = d.id`,
    columns: (e) => [e.secret],
    constants: [actorName(caller), now()],
  }, (p) => ({ department: p.department }));
}

/** The optional public input (e.g. dice digits read out at a witnessed session), set once after the freeze. */
export function setPublicInput(em: EntityManager, caller: Caller, code: string, value: string): Promise<Task> {
  const v = value?.trim();
  if (!v || v.length > 200 || /[\u0000-\u001f]/.test(v)) throw badInput('value', '公开随机数应为 1–200 个可见字符（如现场掷骰结果 "3-6-1-4"）');
  return transition(em, caller, code, [TaskStatus.FROZEN], { code: 'PUBLIC_INPUT', label: '录入公开随机数' }, async (task) => {
    assertCanRunTask(caller, task);
    if (task.publicInput) throw conflict(`任务 ${task.code} 的公开随机数已录入为"${task.publicInput}"，不能更改`, 'value');
    task.publicInput = v;
    return { publicInput: v };
  });
}

/** The stored bundle of one attempt (the latest when `attempt` is not given). */
export async function loadBundle(client: Pool | PoolClient, code: string, attempt?: number | null): Promise<{ draw: TaskDrawRow; bundle: DrawBundle } | null> {
  const r = await client.query<TaskDrawRow>(
    `select d.id, d.attempt, d.manifest, d.manifest_hash as "manifestHash", d.candidates, d.excluded, d.roster, d.conflicts,
            d.reveals, d.result, d.error, d.seed, d.outcome, d.hub_secret_sealed as "hubSecretSealed", d.control_quotas as "controlQuotas"
       from task_draw d join task t on t.id = d.task_id
      where t.code = $1 and ($2::int is null or d.attempt = $2) order by d.attempt desc limit 1`,
    [code, attempt ?? null],
  );
  const d = r.rows[0];
  if (!d) return null;
  const bundle: DrawBundle = { manifest: d.manifest, candidates: d.candidates, excluded: d.excluded, roster: d.roster, conflicts: d.conflicts };
  if (d.reveals) bundle.reveals = d.reveals;
  if (d.result) bundle.result = JSON.parse(d.result) as DrawResult;
  if (d.error) bundle.error = d.error;
  return { draw: d, bundle };
}

export interface TaskDrawRow {
  id: number;
  attempt: number;
  manifest: Record<string, unknown>;
  manifestHash: string;
  candidates: Buffer;
  excluded: Buffer;
  roster: Buffer;
  conflicts: Buffer;
  reveals: Record<string, unknown> | null;
  /** result.json as text (tens of megabytes for a large draw: no use parsing it into jsonb). */
  result: string | null;
  error: string | null;
  seed: string | null;
  outcome: DrawOutcome;
  hubSecretSealed: Buffer;
  controlQuotas: Record<string, number> | null;
}

/**
 * 抽取: every department has revealed (and the public input is in when the task expects one); the
 * hub reveals its secret, the pure draw runs on the stored bundle, and its result becomes the task's
 * inspections and teams. A failing draw (e.g. conflicts exhaust a department) is recorded with its
 * reason and the task returns to CREATED: a new draw needs a new freeze with new commitments.
 */
export async function drawTask(pool: Pool, caller: Caller, code: string, hubKey: string, at = now()): Promise<{ ok: boolean; error?: string }> {
  return withTransaction(pool, async (client) => {
    const task = await lockTaskRow(client, code);
    assertCanRunTask(caller, task);
    requireStatus(task, [TaskStatus.FROZEN], '抽取');
    const parts = await participants(client, task.id);
    const missing = task.departments.filter((d) => !parts.find((p) => p.code === d)?.secret);
    if (missing.length) throw badInput('code', `以下部门尚未揭示秘密随机数：${missing.join('、')}`);
    if (task.publicInputExpected && !task.publicInput) throw badInput('code', '本任务约定使用公开随机数（如现场掷骰），请先录入');
    const timer = phaseTimer('draw');
    const stored = await loadBundle(client, code, task.attempt);
    timer.lap('load');
    if (!stored || stored.draw.outcome !== DrawOutcome.PENDING) throw new AppError(ErrorCode.CONFLICT, `任务 ${code} 没有待抽取的冻结清单`, 'code');
    let hubSecret: string;
    try {
      hubSecret = unseal(stored.draw.hubSecretSealed, hubKey);
    } catch {
      throw new AppError(ErrorCode.DRAW_FAILED, '无法打开平台的密封随机数：冻结后平台密钥（SESSION_SECRET）已更改。请取消任务后重新创建', 'code');
    }
    const reveals = {
      reveals: [...task.departments.map((d) => ({ party: d, secret: parts.find((p) => p.code === d)!.secret! })), { party: HUB_PARTY, secret: hubSecret }],
      public: task.publicInput ?? '',
    };
    stored.bundle.reveals = reveals;
    let result: DrawResult;
    try {
      result = await runDraw(stored.bundle);
    } catch (e) {
      if (!(e instanceof DrawError)) throw e;
      await client.query(`update task_draw set outcome = 'FAILED', error = $2, reveals = $3, drawn_at = $4, drawn_by = $5 where id = $1`, [stored.draw.id, e.message, reveals, at, actorName(caller)]);
      await client.query(`update task set status = 'CREATED', updated_at = $2 where id = $1`, [task.id, at]);
      await client.query(`update task_participant set commitment = null, committed_by = null, committed_at = null, secret = null, revealed_by = null, revealed_at = null where task_id = $1`, [task.id]);
      await recordAuditSql(client, caller, {
        action: 'DRAW_FAILED', entity: 'Task', entityKey: code, before: { status: 'FROZEN' }, after: { status: 'CREATED' },
        detail: { attempt: task.attempt, manifestHash: stored.draw.manifestHash, error: e.message },
      });
      return { ok: false, error: e.message };
    }
    timer.lap('runDraw');
    await saveInspections(client, task.id, result, timer, stored.draw.controlQuotas, at);
    await client.query(`update task_draw set outcome = 'DRAWN', reveals = $2, result = $3, seed = $4, drawn_at = $5, drawn_by = $6 where id = $1`, [stored.draw.id, reveals, JSON.stringify(result), result.seed, at, actorName(caller)]);
    await client.query(`update task set status = 'DRAWN', drawn_at = $2, updated_at = $2 where id = $1`, [task.id, at]);
    timer.lap('store');
    timer.done({ task: code, selected: result.selected.length });
    await recordAuditSql(client, caller, {
      action: 'DRAW', entity: 'Task', entityKey: code, before: { status: 'FROZEN' }, after: { status: 'DRAWN', seed: result.seed },
      detail: { attempt: task.attempt, manifestHash: result.manifest, seed: result.seed, selected: result.selected.length },
    });
    return { ok: true };
  });
}

/**
 * The draw's selected subjects as inspections, their teams as members, in the client's transaction.
 * Ids are taken from the sequences first so both tables load by COPY (tens of thousands of rows).
 */
async function saveInspections(client: PoolClient, taskId: number, result: DrawResult, timer: ReturnType<typeof phaseTimer>, controlQuotas: Record<string, number> | null, at: Date): Promise<void> {
  const sel = result.selected;
  if (!sel.length) return;
  const subjects = await client.query<{ id: string; key: string }>('select id, key from subject where key = any($1::text[])', [sel.map((s) => s.key)]);
  const subjectId = new Map(subjects.rows.map((r) => [r.key, r.id]));
  const inspectors = await client.query<{ id: number; key: string }>(
    'select id, key from inspector where key = any($1::text[])',
    [[...new Set(sel.flatMap((s) => s.team.map((m) => m.inspector)))]],
  );
  const inspectorId = new Map(inspectors.rows.map((r) => [r.key, r.id]));
  timer.lap('resolve keys');
  const ids = await client.query<{ id: string }>(`select nextval(pg_get_serial_sequence('inspection', 'id')) as id from generate_series(1, $1::int)`, [sel.length]);
  const inspections = new CopyWriter(client, 'inspection', ['id', 'task_id', 'subject_id', 'seq', 'stratum', 'ticket', 'status', 'control', 'created_at', 'updated_at']);
  const stamp = at.toISOString();
  // Within a stratum the selected list is in ticket order: its first controlQuotas[stratum] are the control group.
  const controlLeft = { ...(controlQuotas ?? {}) };
  const members = new CopyWriter(client, 'inspection_member', ['inspection_id', 'inspector_id', 'department_code', 'leader', 'position', 'ticket', 'active']);
  let memberText = '';
  let text = '';
  for (const [i, s] of sel.entries()) {
    const subject = subjectId.get(s.key);
    if (subject === undefined) throw new Error(`draw result names subject ${s.key}, which is not in the directory`);
    const id = ids.rows[i]!.id;
    const control = (controlLeft[s.stratum] ?? 0) > 0;
    if (control) controlLeft[s.stratum]!--;
    text += copyLine([id, taskId, subject, i + 1, s.stratum, s.ticket, 'ASSIGNED', String(control), stamp, stamp]);
    for (const [position, m] of s.team.entries()) {
      const inspector = inspectorId.get(m.inspector);
      if (inspector === undefined) throw new Error(`draw result names inspector ${m.inspector}, who is not on the roster`);
      memberText += copyLine([id, inspector, m.department, String(m.leader), position, m.ticket, 'true']);
    }
  }
  timer.lap('ids+encode');
  await inspections.write(text);
  await inspections.end();
  timer.lap('copy inspections');
  await members.write(memberText);
  await members.end();
  timer.lap('copy members');
}

/** All draw attempts of a task, newest first (without the lists). */
export async function drawsOf(em: EntityManager, task: Task): Promise<TaskDraw[]> {
  return em.find(TaskDraw, { task }, { orderBy: { attempt: 'desc' } });
}

export async function participantsOf(em: EntityManager, task: Task): Promise<TaskParticipant[]> {
  return em.find(TaskParticipant, { task }, { populate: ['department'], orderBy: { lead: 'desc', department: { id: 'asc' } } });
}
