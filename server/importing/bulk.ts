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
 * too, when the table is empty and no foreign key points at it (a load into it then needs no key lookups;
 * the key is rebuilt, and so checked, in one pass at the end).
 */
export async function suspendIndexes(client: PoolClient, table: string, opts: { primaryKey?: boolean } = {}): Promise<() => Promise<void>> {
  let primaryKey = false;
  if (opts.primaryKey) {
    const free = await client.query<{ ok: boolean }>(
      `select not exists (select 1 from pg_constraint where confrelid = $1::regclass and contype = 'f')
          and not exists (select 1 from "${table}") as ok`,
      [table],
    );
    primaryKey = free.rows[0]!.ok;
  }
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
  };
}

/** Rows in a table, from the planner's statistics when it has them (counting 20 million rows is slow). */
export async function approximateRows(client: PoolClient, table: string): Promise<number> {
  const r = await client.query<{ n: number }>(`select reltuples::bigint as n from pg_class where oid = $1::regclass`, [table]);
  const n = Number(r.rows[0]?.n ?? -1);
  if (n >= 0) return n;
  const c = await client.query<{ n: number }>(`select count(*)::bigint as n from "${table}"`);
  return Number(c.rows[0]!.n);
}
