import crypto from 'node:crypto';
import pg from 'pg';
import { expect, inject } from 'vitest';
import type { GraphQLFormattedError } from 'graphql';
import { createApp, type App } from '../server/app.js';
import { anonymous, systemCaller, type Caller } from '../server/auth/caller.js';
import { Role } from '../server/auth/user.entity.js';
import { hashPassword } from '../server/auth/session.js';
import { loadConfig, type AppConfig } from '../server/config/config.js';
import { openOrm } from '../server/db/orm.js';
import { createPool } from '../server/db/pool.js';
import type { Database } from '../server/runtime.js';
import type { ImportKind } from '../server/importing/columns.js';
import { runImport } from '../server/importing/import.service.js';
import { readCsv } from '../server/importing/reader.js';

export interface TestApp {
  db: Database;
  app: App;
  config: AppConfig;
  /** Runs a GraphQL operation as `caller` through Apollo (same pipeline as HTTP, minus the socket). */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<{ data?: T; errors?: readonly GraphQLFormattedError[] }>;
  close(): Promise<void>;
}

export const users = {
  admin: { kind: 'user', username: 'admin', role: Role.ADMIN, departmentCode: null } as Caller,
  office: { kind: 'user', username: 'office', role: Role.OFFICE, departmentCode: 'SCJG' } as Caller,
  leader: { kind: 'user', username: 'leader', role: Role.LEADER, departmentCode: null } as Caller,
  scjgClerk: { kind: 'user', username: 'scjg-clerk', role: Role.CLERK, departmentCode: 'SCJG' } as Caller,
  swClerk: { kind: 'user', username: 'sw-clerk', role: Role.CLERK, departmentCode: 'SW' } as Caller,
  inspector: { kind: 'user', username: 'inspector', role: Role.INSPECTOR, departmentCode: 'SCJG' } as Caller,
  anonymous,
  system: systemCaller('test'),
};

/** A fresh database cloned from the migrated template, and the hub's app on it (initTestApp). */
export async function initTestApp(): Promise<TestApp> {
  const adminUrl = inject('pgAdminUrl');
  const name = `jc_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template jc_template`);
  await admin.end();
  const url = adminUrl.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
  const orm = await openOrm(url);
  const pool = createPool(url);
  const db: Database = {
    url, orm, pool, embedded: false,
    async close() {
      await pool.end();
      await orm.close(true);
    },
  };
  const config = { ...loadConfig({}), demo: false };
  const app = await createApp(orm, pool, config);
  return {
    db, app, config,
    async gql(query, variables, caller = users.admin) {
      const res = await app.apollo.executeOperation({ query, variables }, { contextValue: app.context(caller) });
      if (res.body.kind !== 'single') throw new Error('unexpected incremental response');
      return res.body.singleResult as never;
    },
    async close() {
      await app.apollo.stop();
      await db.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** Two departments, enough for most tests: SCJG (market regulation) and SW (tax). */
export async function seedDepartments(pool: pg.Pool): Promise<void> {
  await pool.query(`insert into department (code, name, short_name, kind) values
    ('SCJG', '淄博市临淄区市场监督管理局', '市场监管', 'MARKET_REGULATION'),
    ('SW', '国家税务总局淄博市临淄区税务局', '税务', 'TAX'),
    ('WJ', '临淄区卫生健康局', '卫健', 'HEALTH')`);
}

/** Accounts (password `demo`) behind callers of `users`, for tests that sign in or send real tokens. */
export async function insertAccounts(pool: pg.Pool, ...callers: Caller[]): Promise<void> {
  const hash = await hashPassword('demo');
  for (const c of callers) {
    if (c.kind !== 'user') throw new Error('only user callers have accounts');
    await pool.query(
      `insert into app_user (username, display_name, role, department_id, password_hash)
       values ($1, $1, $2, (select id from department where code = $3), $4)`,
      [c.username, c.role, c.departmentCode, hash],
    );
  }
}

/** Imports CSV text as the system through the real import engine; every row must be valid. */
export async function importCsv(pool: pg.Pool, kind: ImportKind, text: string, department?: string) {
  const r = await runImport(pool, { kind, caller: systemCaller('test'), department, source: readCsv(text) });
  expect(r.errors).toEqual([]);
  return r;
}
