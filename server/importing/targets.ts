import type { PoolClient } from 'pg';
import type { CopyValue } from './copy.js';
import { ImportKind } from './columns.js';
import type { InspectorRow, ItemRow, SubjectRow } from './validate.js';

/** How one kind of row is staged and merged into its table. */
export interface ImportTarget<R> {
  /**
   * Tables whose indexes a bulk load may rebuild instead of updating row by row, the main one first.
   * Only for merges that need no index to be correct (no ON CONFLICT).
   */
  bulkTables?: string[];
  /** Staged rows whose key the main table does not hold yet (asked only before a possible bulk load). */
  countNew?(client: PoolClient): Promise<number>;
  /** Columns of the temporary staging table, after `line int`. */
  stageColumns: [name: string, type: string][];
  key(row: R): string;
  values(row: R): CopyValue[];
  /** Merges `stage` into the real tables; returns how many rows were inserted and updated. */
  merge(client: PoolClient, department: { id: number; code: string } | null): Promise<{ inserted: number; updated: number }>;
}

async function counts(client: PoolClient, sql: string, params: unknown[] = []): Promise<{ inserted: number; updated: number }> {
  const r = await client.query<{ inserted: string; updated: string }>(sql, params);
  return { inserted: Number(r.rows[0]?.inserted ?? 0), updated: Number(r.rows[0]?.updated ?? 0) };
}

const SUBJECT_FIELDS = ['uscc', 'name', 'kind', 'region_code', 'industry_code', 'business_scope', 'address', 'operator_name', 'operator_phone', 'status', 'tags'];

export const subjectTarget: ImportTarget<SubjectRow> = {
  bulkTables: ['subject', 'library_member'],
  async countNew(client) {
    const r = await client.query<{ n: number }>(`select count(*)::int as n from stage s where not exists (select 1 from subject x where x.key = s.key)`);
    return r.rows[0]!.n;
  },
  stageColumns: [
    ['key', 'text'], ['uscc', 'text'], ['name', 'text'], ['kind', 'text'], ['region_code', 'text'], ['industry_code', 'text'],
    ['business_scope', 'text'], ['address', 'text'], ['operator_name', 'text'], ['operator_phone', 'text'], ['status', 'text'],
    ['risk_grade', 'text'], ['tags', 'text[]'],
  ],
  key: (r) => r.key,
  values: (r) => [r.key, r.uscc, r.name, r.kind, r.regionCode, r.industryCode, r.businessScope, r.address, r.operatorName, r.operatorPhone, r.status, r.riskGrade, r.tags],
  async merge(client, department) {
    const cols = SUBJECT_FIELDS.map((c) => `"${c}"`).join(', ');
    // Two plain statements rather than INSERT … ON CONFLICT: speculative insertion costs about twice
    // as much per row. Rows that would not change are not touched (no dead tuples, no updated_at bump);
    // a blank risk grade keeps the grade the risk engine computed. A key inserted concurrently by
    // another import makes this one fail with a unique violation (reported as CONFLICT), never a duplicate.
    const updated = await client.query(
      `update subject x set ${SUBJECT_FIELDS.map((c) => `"${c}" = s."${c}"`).join(', ')},
         risk_grade = coalesce(s.risk_grade, x.risk_grade), updated_at = now()
       from stage s
       where x.key = s.key
         and (${SUBJECT_FIELDS.map((c) => `x."${c}"`).join(', ')}, x.risk_grade)
             is distinct from (${SUBJECT_FIELDS.map((c) => `s."${c}"`).join(', ')}, coalesce(s.risk_grade, x.risk_grade))`,
    );
    // New subjects join the sub-library straight from the insert's RETURNING; only subjects that were
    // already in the directory need the key lookup.
    const depId = department?.id ?? null;
    const inserted = await client.query<{ n: number }>(
      `with ins as (
         insert into subject (key, ${cols}, risk_grade)
         select s.key, ${SUBJECT_FIELDS.map((c) => `s."${c}"`).join(', ')}, s.risk_grade from stage s
         where not exists (select 1 from subject x where x.key = s.key)
         returning id
       ), members as (
         insert into library_member (department_id, subject_id, source)
         select $1::int, id, 'IMPORT' from ins where $1::int is not null
       ) select count(*)::int as n from ins`,
      [depId],
    );
    const staged = (await client.query<{ n: number }>('select count(*)::int as n from stage')).rows[0]!.n;
    if (depId !== null && staged > inserted.rows[0]!.n) {
      await client.query(
        `insert into library_member (department_id, subject_id, source)
         select $1, x.id, 'IMPORT' from stage s join subject x on x.key = s.key
         where not exists (select 1 from library_member m where m.department_id = $1 and m.subject_id = x.id)`,
        [depId],
      );
    }
    return { inserted: inserted.rows[0]!.n, updated: updated.rowCount ?? 0 };
  },
};

const INSPECTOR_FIELDS = ['name', 'department_id', 'certificate_valid_from', 'certificate_valid_to', 'qualifications', 'specialties', 'kind', 'status'];

export const inspectorTarget: ImportTarget<InspectorRow> = {
  stageColumns: [
    ['key', 'text'], ['name', 'text'], ['department_code', 'text'], ['certificate_valid_from', 'date'], ['certificate_valid_to', 'date'],
    ['qualifications', 'text[]'], ['specialties', 'text[]'], ['kind', 'text'], ['status', 'text'], ['conflicts', 'text[]'], ['conflict_reason', 'text'],
  ],
  key: (r) => r.key,
  values: (r) => [r.key, r.name, r.department, r.certificateValidFrom, r.certificateValidTo, r.qualifications, r.specialties, r.kind, r.status, r.conflicts, r.conflictReason],
  async merge(client) {
    const cols = INSPECTOR_FIELDS.map((c) => `"${c}"`).join(', ');
    const result = await counts(
      client,
      `with src as (
         select st.key, st.name, d.id as department_id, st.certificate_valid_from, st.certificate_valid_to,
                st.qualifications, st.specialties, st.kind, st.status
         from stage st join department d on d.code = st.department_code
       ), merged as (
         insert into inspector (key, ${cols}) select key, ${cols} from src
         on conflict (key) do update set ${INSPECTOR_FIELDS.map((c) => `"${c}" = excluded."${c}"`).join(', ')}, updated_at = now()
         where (${INSPECTOR_FIELDS.map((c) => `inspector."${c}"`).join(', ')}) is distinct from (${INSPECTOR_FIELDS.map((c) => `excluded."${c}"`).join(', ')})
         returning (xmax = 0) as inserted
       ) select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from merged`,
    );
    // The row states the inspector's whole list of declared conflicts: drop what it no longer names.
    await client.query(
      `delete from inspector_conflict c using inspector i, stage st
       where c.inspector_id = i.id and i.key = st.key and not (c.subject_key = any(st.conflicts))`,
    );
    await client.query(
      `insert into inspector_conflict (inspector_id, subject_key, reason)
       select i.id, k, st.conflict_reason from stage st join inspector i on i.key = st.key, unnest(st.conflicts) as k
       on conflict (inspector_id, subject_key) do update set reason = excluded.reason where inspector_conflict.reason <> excluded.reason`,
    );
    return result;
  },
};

const ITEM_FIELDS = ['department_id', 'category', 'legal_basis', 'subject_type', 'content', 'methods', 'ratio', 'frequency_per_year', 'effective_from', 'effective_to'];

export const itemTarget: ImportTarget<ItemRow> = {
  stageColumns: [
    ['code', 'text'], ['department_code', 'text'], ['category', 'text'], ['legal_basis', 'text'], ['subject_type', 'text'], ['content', 'text'],
    ['methods', 'text[]'], ['ratio', 'numeric(7,6)'], ['frequency_per_year', 'int'], ['effective_from', 'date'], ['effective_to', 'date'],
  ],
  key: (r) => r.code,
  values: (r) => [r.code, r.department, r.category, r.legalBasis, r.subjectType, r.content, r.methods, r.ratio, r.frequencyPerYear, r.effectiveFrom, r.effectiveTo],
  async merge(client) {
    const cols = ITEM_FIELDS.map((c) => `"${c}"`).join(', ');
    // The item list is versioned: a changed item gets a new current version; the old one stays referable.
    await client.query(
      `create temp table item_change on commit drop as
       select s.code, d.id as department_id, s.category, s.legal_basis, s.subject_type, s.content, s.methods, s.ratio,
              s.frequency_per_year, s.effective_from, s.effective_to, ci.version as old_version
       from stage s join department d on d.code = s.department_code
       left join check_item ci on ci.code = s.code and ci.current
       where ci.id is null
          or (${ITEM_FIELDS.map((c) => `ci."${c}"`).join(', ')}) is distinct from
             (d.id, s.category, s.legal_basis, s.subject_type, s.content, s.methods, s.ratio, s.frequency_per_year, s.effective_from, s.effective_to)`,
    );
    await client.query(`update check_item set current = false where current and code in (select code from item_change where old_version is not null)`);
    return counts(
      client,
      `with ins as (
         insert into check_item (code, version, current, ${cols}, change_reason)
         select code, coalesce(old_version, 0) + 1, true, ${cols}, case when old_version is null then null else '批量导入更新' end
         from item_change returning version
       ) select count(*) filter (where version = 1) as inserted, count(*) filter (where version > 1) as updated from ins`,
    );
  },
};

export const TARGETS = {
  [ImportKind.SUBJECTS]: subjectTarget,
  [ImportKind.INSPECTORS]: inspectorTarget,
  [ImportKind.ITEMS]: itemTarget,
} as const;
