/**
 * What every browser test starts from: the built dashboard, a fresh database with a small demo county,
 * the hub listening on a free port, and Chromium. Plus a special task drawn through GraphQL.
 */
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { loadDemo } from '../../server/demo/load.js';
import { commitment } from '../../server/draw/manifest.js';
import { tempDir } from '../tmp.js';
import { initTestApp, users, type TestApp } from '../utils.js';
import { launchBrowser } from './browser.js';

const root = path.resolve(import.meta.dirname, '../..');

export interface DemoHub {
  t: TestApp;
  base: string;
  browser: Awaited<ReturnType<typeof launchBrowser>>;
  /** A temporary archive folder (inspection attachments) the hub writes to, removed when the test file finishes. */
  archiveDir: string;
  close(): Promise<void>;
}

export async function startDemoHub(): Promise<DemoHub> {
  execFileSync(process.execPath, ['scripts/ensure-dashboard.mjs'], { cwd: root, stdio: 'inherit' });
  const t = await initTestApp();
  const archiveDir = tempDir('jc-e2e-archive-');
  t.config.archiveDir = archiveDir;
  // The county without its simulated history: the browser tests make their own tasks, and the start-up
  // test loads the demo with its history exactly as `npm start` does.
  await loadDemo(t.db, { subjects: 500, history: false, out: { write: () => true } as unknown as NodeJS.WritableStream });
  await new Promise<void>((r) => t.app.server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const browser = await launchBrowser();
  return {
    t, base, browser, archiveDir,
    async close() {
      await browser.close();
      await new Promise<void>((r) => t.app.server.close(() => r()));
      await t.close();
    },
  };
}

/** Starts the demo hub before a file's tests and closes it after them; the returned object is filled in once it is up. */
export function useDemoHub(): DemoHub {
  const hub = {} as DemoHub;
  beforeAll(async () => {
    Object.assign(hub, await startDemoHub());
  }, 180_000);
  afterAll(() => hub.close?.());
  return hub;
}

/** YYYY-MM-DD `offset` days from today (UTC). */
export const isoDay = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** SCJG's first current item (general ones first) and `n` of its sub-library's active subjects never inspected yet. */
export async function scjgItemAndSubjects(t: TestApp, n: number, order: 'asc' | 'desc' = 'asc'): Promise<{ item: string; keys: string[] }> {
  const item = (await t.db.pool.query<{ code: string }>(
    `select c.code from check_item c join department d on d.id = c.department_id
      where d.code = 'SCJG' and c.current and c.active and c.effective_to is null order by (c.category = 'GENERAL') desc, c.code limit 1`,
  )).rows[0]!.code;
  const keys = (await t.db.pool.query<{ key: string }>(
    `select s.key from subject s join library_member m on m.subject_id = s.id join department d on d.id = m.department_id
      where d.code = 'SCJG' and s.status = 'ACTIVE'
        -- Not drawn by the demo county's own task, so each page shows only this test's results.
        and not exists (select 1 from inspection i where i.subject_id = s.id)
      order by s.key ${order === 'desc' ? 'desc' : 'asc'} limit $1`,
    [n],
  )).rows.map((r) => r.key);
  expect(keys).toHaveLength(n);
  return { item, keys };
}

/** A SCJG special task over `keys`, created by the office and committed, frozen, revealed and drawn by the SCJG clerk. */
export async function drawSpecialTask(t: TestApp, opts: { name: string; reason: string; item: string; keys: string[] }): Promise<{ code: string; inspections: { id: string; subjectKey: string; subjectName: string }[] }> {
  const ok = async <T>(query: string, variables: Record<string, unknown> = {}, caller = users.scjgClerk): Promise<T> => {
    const r = await t.gql<T>(query, variables, caller);
    expect(r.errors).toBeUndefined();
    return r.data!;
  };
  const { createSpecialTask: { code } } = await ok<{ createSpecialTask: { code: string } }>(
    `mutation($input: SpecialTaskInput!) { createSpecialTask(input: $input) { code } }`,
    {
      input: {
        name: opts.name, reason: opts.reason, items: [opts.item], lead: 'SCJG', participants: [], subjects: opts.keys,
        quotaRule: ['A', 'B', 'C', 'D'].map((grade) => ({ grade, count: 10 })),
        // The window starts a few days back so that a visit today (China time) is always inside it.
        windowFrom: isoDay(-3), windowTo: isoDay(30),
      },
    },
    users.office,
  );
  const secret = `e2e-secret-${code}-0123456789abcdef`;
  await ok(`mutation($c: String!) { submitTaskCommitment(code: "${code}", commitment: $c) { code } }`, { c: commitment(code, 'SCJG', secret) });
  await ok(`mutation { freezeTask(code: "${code}") { status } }`);
  await ok(`mutation($s: String!) { revealTaskSecret(code: "${code}", secret: $s) { code } }`, { s: secret });
  const drawn = await ok<{ drawTask: { status: string; inspections: { nodes: { id: string; subjectKey: string; subjectName: string }[] } } }>(
    `mutation { drawTask(code: "${code}") { status inspections { nodes { id subjectKey subjectName } } } }`,
  );
  expect(drawn.drawTask.status).toBe('DRAWN');
  return { code, inspections: drawn.drawTask.inspections.nodes };
}
