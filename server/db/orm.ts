import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, MikroORM } from '@mikro-orm/postgresql';
import { log } from '../common/log.js';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';

export function ormConfig(clientUrl: string, opts: { debug?: boolean; pool?: number } = {}) {
  return defineConfig({
    clientUrl,
    entities,
    extensions: [Migrator],
    debug: opts.debug ?? false,
    pool: { min: 0, max: opts.pool ?? 10 },
    // Entities are defined with defineEntity: no decorator metadata, no reflection.
    discovery: { warnWhenNoEntities: true },
    migrations: {
      migrationsList: migrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      // The migrator would print to stdout, which the command-line tools keep for their output: applied
      // migrations are logged by openOrm instead.
      silent: true,
    },
    // Metric rollups are maintained by triggers and functions written in their migration, not by entities.
    schemaGenerator: { skipTables: [/^metric_/] },
    // Requests fork their own EntityManager; the global one must never be used by accident.
    allowGlobalContext: false,
  });
}

/** Opens the ORM and applies every pending migration (unless `migrate: false`). */
export async function openOrm(clientUrl: string, opts: { debug?: boolean; pool?: number; migrate?: boolean } = {}): Promise<MikroORM> {
  const orm = await MikroORM.init(ormConfig(clientUrl, opts));
  if (opts.migrate ?? true) logMigrations(await orm.migrator.up());
  return orm;
}

export function logMigrations(applied: { name: string }[]): void {
  if (applied.length) log.info('migrations applied', { migrations: applied.map((m) => m.name) });
}

/**
 * SQL that would bring the database to what the entities describe, leaving out the metric rollups: their
 * tables, triggers and functions are written by their migration, not described by entities. Empty = the
 * committed migrations are complete.
 */
export async function schemaDrift(orm: MikroORM): Promise<string> {
  const sql = await orm.schema.getUpdateSchemaSQL({ wrap: false });
  return sql.split('\n').filter((line) => !/"?metric_/.test(line)).join('\n').replace(/\n{2,}/g, '\n').trim();
}
