import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { startEmbeddedPostgres } from '../server/db/embedded.js';
import { openOrm } from '../server/db/orm.js';

/**
 * One real PostgreSQL per test run. Migrations run once into a template database; each test file
 * then clones it (CREATE DATABASE … TEMPLATE) so every file starts from a fresh, migrated database.
 */
export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  let adminUrl: string;
  let dir: string | undefined;
  if (external) {
    adminUrl = external;
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointcheck-test-pg-'));
    const db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), persistent: false, database: 'postgres' });
    adminUrl = db.url;
    stop = db.stop;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('drop database if exists jc_template');
  await admin.query('create database jc_template');
  await admin.end();
  const templateUrl = adminUrl.replace(/\/[^/?]+(\?|$)/, '/jc_template$1');
  const orm = await openOrm(templateUrl);
  await orm.close(true);
  project.provide('pgAdminUrl', adminUrl);
  return async () => {
    await stop?.();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}
