import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, SUBJECT_HEADER, subjectLine } from '../fixtures.js';
import { tempDir } from '../tmp.js';
import { initTestApp, seedDepartments, users, type TestApp } from '../utils.js';

const root = path.resolve(import.meta.dirname, '../..');
let t: TestApp;
let dir: string;

function jointcheck(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/jointcheck.mjs'), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: t.db.url, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  t = await initTestApp();
  await seedDepartments(t.db.pool);
  dir = tempDir('jc-cli-');
});
afterAll(() => t.close());

const subjects = async () => Number((await t.db.pool.query('select count(*) from subject')).rows[0].count);

describe('jointcheck import', () => {
  it('prints every bad row with line, column and reason, writes nothing and exits 1', async () => {
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, csv(SUBJECT_HEADER, [subjectLine(1), subjectLine(2, { kind: '公司' }), subjectLine(3, { region: 'x' })]));
    const r = jointcheck('import', 'subjects', file, '--department', 'SCJG');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('第 3 行 [主体类型]：“公司”'.replace('“公司”', '"公司"'));
    expect(r.stdout).toContain('第 4 行 [行政区划代码]');
    expect(r.stdout).toContain('未写入任何数据');
    expect(await subjects()).toBe(0);
  });

  it('--dry-run reports and writes nothing; --skip-invalid writes the valid rows; a re-import changes nothing', async () => {
    const file = path.join(dir, 'mixed.csv');
    fs.writeFileSync(file, csv(SUBJECT_HEADER, [subjectLine(1), subjectLine(2, { kind: '公司' }), subjectLine(3)]));
    const dry = jointcheck('import', 'subjects', file, '--dry-run', '--skip-invalid');
    expect(dry.stdout).toMatch(/新增 2/);
    expect(dry.stdout).toContain('试运行');
    expect(await subjects()).toBe(0);
    const skip = jointcheck('import', 'subjects', file, '--skip-invalid', '--department', 'SCJG');
    expect(skip.code).toBe(0);
    expect(skip.stdout).toMatch(/新增 2，更新 0，未变 0，跳过 1/);
    expect(await subjects()).toBe(2);
    const again = jointcheck('import', 'subjects', file, '--skip-invalid', '--department', 'SCJG');
    expect(again.stdout).toMatch(/新增 0，更新 0，未变 2，跳过 1/);
  });

  it('imports .xlsx files and prints plain progress lines when not on a terminal', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(SUBJECT_HEADER.split(','));
    for (let i = 100; i < 110; i++) ws.addRow(subjectLine(i).split(','));
    const file = path.join(dir, 's.xlsx');
    await wb.xlsx.writeFile(file);
    const r = jointcheck('import', 'subjects', file);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/导入检查对象: 共 10 行/);
    expect(r.stdout).toMatch(/新增 10/);
  });

  it('explains usage errors with exit code 2', () => {
    expect(jointcheck('import', 'cats', 'x.csv').code).toBe(2);
    const missing = jointcheck('import', 'subjects', path.join(dir, 'nope.csv'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('文件不存在');
    const unknown = jointcheck('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('未知命令');
  });

  it('writes templates with the Chinese header row', () => {
    const r = jointcheck('template', 'inspectors');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('\uFEFF执法证号,姓名,部门代码,证件有效期起,证件有效期止,资格,专长,人员类别,状态,回避对象,回避原因');
  });
});

describe('GraphQL batch import', () => {
  it('validates and writes a CSV batch, and refuses batches over 10,000 rows', async () => {
    await t.db.pool.query('truncate subject cascade');
    const q = `mutation($csv: String!, $dry: Boolean) { importRows(kind: SUBJECTS, csv: $csv, department: "SCJG", dryRun: $dry) { total valid invalid inserted written errors { line column reason } } }`;
    const ok = await t.gql<{ importRows: { inserted: number; written: boolean } }>(q, { csv: csv(SUBJECT_HEADER, [subjectLine(7), subjectLine(8)]) }, users.scjgClerk);
    expect(ok.data!.importRows).toMatchObject({ inserted: 2, written: true });
    const big = csv(SUBJECT_HEADER, Array.from({ length: 10_001 }, (_, i) => subjectLine(i + 10)));
    const tooMany = await t.gql(q, { csv: big, dry: true }, users.scjgClerk);
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rows' });
    expect(tooMany.errors?.[0]?.message).toMatch(/一次最多导入 10000 行/);
  });
});

describe('templates over HTTP', () => {
  it('serves .csv and .xlsx templates whose headers the importer accepts', async () => {
    await new Promise<void>((r) => t.app.server.listen(0, '127.0.0.1', r));
    const port = (t.app.server.address() as import('node:net').AddressInfo).port;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/templates/items.xlsx`);
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['抽查事项', '填写说明']);
      expect((wb.worksheets[0]!.getRow(1).values as string[]).slice(1, 3)).toEqual(['事项编码', '部门代码']);
      const file = path.join(dir, 'items.xlsx');
      fs.writeFileSync(file, Buffer.from(await (await fetch(`http://127.0.0.1:${port}/templates/items.xlsx`)).arrayBuffer()));
      const r = jointcheck('import', 'items', file, '--dry-run');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/有效 1，无效 0/);
      expect((await fetch(`http://127.0.0.1:${port}/templates/other.csv`)).status).toBe(404);
    } finally {
      await new Promise<void>((r) => t.app.server.close(() => r()));
    }
  });
});

describe('jointcheck draw / verify on the shared test vectors', () => {
  const vectors = path.resolve(root, '../shared/draw-vectors');

  it('verifies every published vector, reproduces a result and fails 04 with the exact message', () => {
    for (const v of fs.readdirSync(vectors)) {
      const r = jointcheck('verify', path.join(vectors, v));
      expect(r.code, `${v}: ${r.stdout}${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/^OK /);
    }
    const drawn = jointcheck('draw', path.join(vectors, '02-joint-three-departments'));
    expect(drawn.code).toBe(0);
    expect(JSON.parse(drawn.stdout)).toEqual(JSON.parse(fs.readFileSync(path.join(vectors, '02-joint-three-departments/result.json'), 'utf8')));
    const failed = jointcheck('draw', path.join(vectors, '04-insufficient-inspectors'));
    expect(failed.code).toBe(2);
    expect(failed.stderr.trim()).toBe(fs.readFileSync(path.join(vectors, '04-insufficient-inspectors/error.txt'), 'utf8').trim());
    // One process per vector: on a busy 2-core machine this has taken over a minute.
  }, 240_000);

  it('reports the first difference of a tampered result with exit 1', () => {
    const copy = path.join(dir, 'tampered');
    fs.cpSync(path.join(vectors, '01-single-department'), copy, { recursive: true });
    fs.chmodSync(path.join(copy, 'result.json'), 0o644);
    const result = JSON.parse(fs.readFileSync(path.join(copy, 'result.json'), 'utf8'));
    result.selected[0].team[0].inspector = 'SOMEONE-ELSE';
    fs.writeFileSync(path.join(copy, 'result.json'), JSON.stringify(result));
    const r = jointcheck('verify', copy);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('selected[0].team[0].inspector');
  });
});
