import type { PoolClient } from 'pg';
import { log } from '../common/log.js';

interface SavedIndex {
  name: string;
  definition: string;
  /** Set when the index backs a UNIQUE or PRIMARY KEY constraint, which is dropped and re-added as a constraint. */
  constraint: string | null;
}

/**
 * Drops a table's secondary indexes for a bulk load and returns a function that rebuilds them from their own
 * definitions. Building an index over a million rows in one sorted pass is several times cheaper than
 * updating it one row at a time. The caller holds the transaction: the drop takes an exclusive lock on the
 * table until commit, so this is only for loads that at least double it. `primaryKey` drops the primary key
 * too when the table is empty, together with the foreign keys that point at it (their tables can hold no
 * row referring to an empty table): the load then maintains no key index and the rows inserted alongside it
 * (a sub-library) are not checked one by one. The key is rebuilt, and so checked, in one pass at the end,
 * and each foreign key is added back and validated in one query.
 */
export async function suspendIndexes(client: PoolClient, table: string, opts: { primaryKey?: boolean } = {}): Promise<() => Promise<void>> {
  const primaryKey = !!opts.primaryKey && (await isEmpty(client, table));
  const foreign = primaryKey
    ? (
        await client.query<{ owner: string; name: string; definition: string }>(
          `select conrelid::regclass::text as owner, conname as name, pg_get_constraintdef(oid) as definition
           from pg_constraint where confrelid = $1::regclass and contype = 'f' order by conrelid, conname`,
          [table],
        )
      ).rows
    : [];
  for (const f of foreign) await client.query(`alter table ${f.owner} drop constraint "${f.name}"`);
  const r = await client.query<{ name: string; def: string; conname: string | null; condef: string | null }>(
    `select ic.relname as name, pg_get_indexdef(i.indexrelid) as def, c.conname, pg_get_constraintdef(c.oid) as condef
     from pg_index i
     join pg_class ic on ic.oid = i.indexrelid
     left join pg_constraint c on c.conindid = i.indexrelid and c.contype in ('u', 'p')
     where i.indrelid = $1::regclass and (not i.indisprimary or $2)
     order by i.indisprimary desc`,
    [table, primaryKey],
  );
  const saved: SavedIndex[] = r.rows.map((x) => ({ name: x.name, definition: x.conname ? x.condef! : x.def, constraint: x.conname }));
  for (const s of saved) {
    if (s.constraint) await client.query(`alter table "${table}" drop constraint "${s.constraint}"`);
    else await client.query(`drop index "${s.name}"`);
  }
  return async () => {
    await client.query(`set local maintenance_work_mem = '512MB'`);
    for (const s of saved) {
      const t = Date.now();
      if (s.constraint) await client.query(`alter table "${table}" add constraint "${s.constraint}" ${s.definition}`);
      else await client.query(s.definition);
      log.debug('index rebuilt', { table, index: s.name, ms: Date.now() - t });
    }
    for (const f of foreign) {
      const t = Date.now();
      await client.query(`alter table ${f.owner} add constraint "${f.name}" ${f.definition}`);
      log.debug('foreign key validated', { table: f.owner, constraint: f.name, ms: Date.now() - t });
    }
  };
}

/**
 * Drops the named triggers of a table for a bulk load and returns a function that creates them again from
 * their own definitions. For statement triggers with a transition table: PostgreSQL keeps a copy of every
 * inserted row for them (spilled to disk past work_mem) even when they are disabled, so a load that does
 * their work itself in one statement drops them instead. The caller does that work.
 */
export async function suspendTriggers(client: PoolClient, table: string, names: string[]): Promise<() => Promise<void>> {
  const r = await client.query<{ name: string; definition: string }>(
    `select tgname as name, pg_get_triggerdef(oid) as definition from pg_trigger
     where tgrelid = $1::regclass and tgname = any($2) order by tgname`,
    [table, names],
  );
  const missing = names.filter((n) => !r.rows.some((x) => x.name === n));
  if (missing.length) throw new Error(`table ${table} has no trigger ${missing.join(', ')}`);
  for (const x of r.rows) await client.query(`drop trigger "${x.name}" on "${table}"`);
  return async () => {
    for (const x of r.rows) await client.query(x.definition);
  };
}

export async function isEmpty(client: PoolClient, table: string): Promise<boolean> {
  const r = await client.query<{ empty: boolean }>(`select not exists (select 1 from "${table}") as empty`);
  return r.rows[0]!.empty;
}

/** Rows in a table, from the planner's statistics when it has them (counting 20 million rows is slow). */
export async function approximateRows(client: PoolClient, table: string): Promise<number> {
  const r = await client.query<{ n: number }>(`select reltuples::bigint as n from pg_class where oid = $1::regclass`, [table]);
  const n = Number(r.rows[0]?.n ?? -1);
  if (n >= 0) return n;
  const c = await client.query<{ n: number }>(`select count(*)::bigint as n from "${table}"`);
  return Number(c.rows[0]!.n);
}
