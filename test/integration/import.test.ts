import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ImportKind } from '../../server/importing/columns.js';
import { runImport } from '../../server/importing/import.service.js';
import { readCsv, readFile } from '../../server/importing/reader.js';
import { csv, INSPECTOR_HEADER, ITEM_HEADER, SUBJECT_HEADER, subjectLine, uscc } from '../fixtures.js';
import { tempFile } from '../tmp.js';
import { initTestApp, seedDepartments, users, type TestApp } from '../utils.js';

let t: TestApp;
beforeAll(async () => {
  t = await initTestApp();
  await seedDepartments(t.db.pool);
});
afterAll(() => t.close());

const count = async (table: string) => Number((await t.db.pool.query(`select count(*) from ${table}`)).rows[0].count);
const importCsv = (kind: ImportKind, text: string, opts: Partial<Parameters<typeof runImport>[1]> = {}) =>
  runImport(t.db.pool, { kind, source: readCsv(text), caller: users.system, ...opts });

describe('subject import', () => {
  beforeEach(async () => {
    await t.db.pool.query('truncate subject, library_member cascade');
  });

  it('imports a valid file and adds the rows to the department sub-library', async () => {
    const report = await importCsv(ImportKind.SUBJECTS, csv(SUBJECT_HEADER, [1, 2, 3].map((n) => subjectLine(n))), { department: 'SCJG' });
    expect(report).toMatchObject({ total: 3, valid: 3, invalid: 0, inserted: 3, updated: 0, written: true });
    expect(await count('subject')).toBe(3);
    expect(await count('library_member')).toBe(3);
    const row = (await t.db.pool.query('select * from subject where key = $1', [uscc(2)])).rows[0];
    expect(row).toMatchObject({ name: '淄博测试2食品有限公司', kind: 'ENTERPRISE', region_code: '370305', industry_code: '1499', status: 'ACTIVE', tags: ['食品'] });
  });

  it('re-importing the same file changes nothing; a changed row is updated', async () => {
    const text = csv(SUBJECT_HEADER, [1, 2].map((n) => subjectLine(n)));
    await importCsv(ImportKind.SUBJECTS, text);
    const again = await importCsv(ImportKind.SUBJECTS, text);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, written: true });
    const changed = await importCsv(ImportKind.SUBJECTS, csv(SUBJECT_HEADER, [subjectLine(1), subjectLine(2, { name: '淄博改名食品有限公司' })]));
    expect(changed).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    expect(await count('subject')).toBe(2);
  });

  it('reports each kind of bad row with its line and column, and writes nothing', async () => {
    const bad = uscc(9).slice(0, 17) + (uscc(9)[17] === '0' ? '1' : '0');
    const lines = [
      subjectLine(1),
      subjectLine(2, { uscc: bad }), // wrong check digit → line 3
      subjectLine(3, { uscc: '91370305MA00000I0X' }), // forbidden letter I → line 4
      subjectLine(4, { uscc: '9137030' }), // wrong length → line 5
      subjectLine(5, { kind: '公司' }), // unknown kind → line 6
      subjectLine(6, { region: '3703' }), // bad region → line 7
      subjectLine(7, { industry: '9999' }), // unknown industry → line 8
      subjectLine(8, { name: '' }), // missing name → line 9
      subjectLine(1, { name: '重复' }), // duplicate of line 2 → line 10
      subjectLine(9, { kind: 'constructor' }), // a property of every object, not a kind → line 11
      subjectLine(10, { name: '淄博\u0000食品' }), // a NUL, which PostgreSQL text cannot hold → line 12
    ];
    const report = await importCsv(ImportKind.SUBJECTS, csv(SUBJECT_HEADER, lines));
    expect(report.written).toBe(false);
    expect(report.invalid).toBe(10);
    expect(report.valid).toBe(1);
    const at = (line: number) => report.errors.filter((e) => e.line === line);
    expect(at(3)[0]).toMatchObject({ column: '统一社会信用代码' });
    expect(at(3)[0]!.reason).toMatch(/校验/);
    expect(at(4)[0]!.reason).toMatch(/I/);
    expect(at(5)[0]!.reason).toMatch(/18|长度/);
    expect(at(6)[0]).toMatchObject({ column: '主体类型' });
    expect(at(7)[0]).toMatchObject({ column: '行政区划代码' });
    expect(at(8)[0]).toMatchObject({ column: '行业代码' });
    expect(at(9)[0]).toMatchObject({ column: '名称' });
    expect(at(10)[0]!.reason).toMatch(/与第 2 行重复/);
    expect(at(11)[0]).toMatchObject({ column: '主体类型' });
    expect(at(12)[0]).toMatchObject({ column: '名称', reason: '"名称"含有空字符（U+0000），无法保存' });
    expect(await count('subject')).toBe(0);
  });

  it('--skip-invalid writes the valid rows and counts the skipped ones', async () => {
    const lines = [subjectLine(1), subjectLine(2, { kind: '公司' }), subjectLine(3), subjectLine(1, { name: '重复' })];
    const report = await importCsv(ImportKind.SUBJECTS, csv(SUBJECT_HEADER, lines), { skipInvalid: true });
    expect(report).toMatchObject({ total: 4, valid: 2, invalid: 2, skipped: 2, inserted: 2, written: true });
    expect((await t.db.pool.query('select name from subject where key = $1', [uscc(1)])).rows[0].name).toBe('淄博测试1食品有限公司');
  });

  it('dry run reports what would happen and writes nothing', async () => {
    const report = await importCsv(ImportKind.SUBJECTS, csv(SUBJECT_HEADER, [subjectLine(1), subjectLine(2)]), { dryRun: true });
    expect(report).toMatchObject({ inserted: 2, written: false, dryRun: true });
    expect(await count('subject')).toBe(0);
  });

  it('rejects an unknown or missing header column before reading rows', async () => {
    const report = await importCsv(ImportKind.SUBJECTS, csv('名称,类型', ['a,b']));
    expect(report.written).toBe(false);
    expect(report.errors.map((e) => e.reason).join()).toMatch(/类型.*不是可识别的列名/);
    expect(report.errors.map((e) => e.reason).join()).toMatch(/缺少必需的列"主体类型"/);
  });

  it('gives subjects without a USCC a stable generated key, the same on re-import', async () => {
    const line = subjectLine(0, { uscc: '', kind: '产品', name: '某品牌婴幼儿配方奶粉' });
    await importCsv(ImportKind.SUBJECTS, csv(SUBJECT_HEADER, [line]));
    await importCsv(ImportKind.SUBJECTS, csv(SUBJECT_HEADER, [line]));
    const rows = (await t.db.pool.query('select key from subject')).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0].key).toMatch(/^JC-[0-9A-F]{16}$/);
  });

  it('reads .xlsx files with the same validation', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('检查对象');
    ws.addRow(SUBJECT_HEADER.split(','));
    ws.addRow(subjectLine(11).split(','));
    ws.addRow(subjectLine(12, { kind: '公司' }).split(','));
    const file = tempFile('jc-', 'subjects.xlsx');
    await wb.xlsx.writeFile(file);
    const report = await runImport(t.db.pool, { kind: ImportKind.SUBJECTS, source: readFile(file), caller: users.system, skipInvalid: true });
    expect(report).toMatchObject({ total: 2, inserted: 1, invalid: 1 });
    expect(report.errors[0]).toMatchObject({ line: 3, column: '主体类型' });
  });

  it('records one audit event per import, in the same transaction', async () => {
    const before = await count('audit_event');
    await importCsv(ImportKind.SUBJECTS, csv(SUBJECT_HEADER, [subjectLine(1)]), { sourceName: 'a.csv' });
    await importCsv(ImportKind.SUBJECTS, csv(SUBJECT_HEADER, [subjectLine(2, { kind: 'x' })]), { sourceName: 'b.csv' });
    const events = (await t.db.pool.query(`select entity_key, detail from audit_event order by id desc limit 2`)).rows;
    expect(await count('audit_event')).toBe(before + 1);
    expect(events[0]).toMatchObject({ entity_key: 'a.csv', detail: expect.objectContaining({ inserted: 1 }) });
  });

  it('does not let a clerk import into another department, nor into the shared directory', async () => {
    await expect(importCsv(ImportKind.SUBJECTS, csv(SUBJECT_HEADER, [subjectLine(1)]), { caller: users.swClerk, department: 'SCJG' })).rejects.toThrow(/无权修改其他部门/);
    await expect(importCsv(ImportKind.SUBJECTS, csv(SUBJECT_HEADER, [subjectLine(1)]), { caller: users.swClerk })).rejects.toThrow(/联席办或系统管理员/);
    const ok = await importCsv(ImportKind.SUBJECTS, csv(SUBJECT_HEADER, [subjectLine(1)]), { caller: users.swClerk, department: 'SW' });
    expect(ok.written).toBe(true);
  });
});

describe('inspector and item import', () => {
  it('imports items, then inspectors qualified for them, with conflicts that are replaced on re-import', async () => {
    const items = await importCsv(ImportKind.ITEMS, csv(ITEM_HEADER, [
      'SCJG-001,SCJG,重点,《中华人民共和国食品安全法》第八十七条,食品生产企业,生产许可条件,实地核查;书面检查,5%,1,2025-01-01,',
      'SW-001,SW,一般,《中华人民共和国税收征收管理法》,纳税人,发票管理,书面检查,0.03,1,2025-01-01,',
    ]));
    expect(items).toMatchObject({ inserted: 2, written: true });
    const line = (conflicts: string, reason: string) => `37030519001,李四,SCJG,2024-01-01,2028-12-31,一般;SCJG-001,食品安全,在编,在岗,${conflicts},${reason}`;
    const first = await importCsv(ImportKind.INSPECTORS, csv(INSPECTOR_HEADER, [line(`${uscc(1)};${uscc(2)}`, '近亲属任职')]));
    expect(first).toMatchObject({ inserted: 1, written: true });
    let rows = (await t.db.pool.query('select subject_key from inspector_conflict order by 1')).rows.map((r) => r.subject_key);
    expect(rows).toEqual([uscc(1), uscc(2)].sort());
    const qual = (await t.db.pool.query('select qualifications from inspector')).rows[0].qualifications;
    expect(qual).toEqual(['GENERAL', 'SCJG-001']);
    await importCsv(ImportKind.INSPECTORS, csv(INSPECTOR_HEADER, [line(uscc(2), '曾在该企业任职')]));
    rows = (await t.db.pool.query('select subject_key, reason from inspector_conflict')).rows;
    expect(rows).toEqual([{ subject_key: uscc(2), reason: '曾在该企业任职' }]);
  });

  it('rejects inspector rows with unknown departments, bad dates, unknown qualifications and conflicts without reason', async () => {
    const report = await importCsv(ImportKind.INSPECTORS, csv(INSPECTOR_HEADER, [
      '37030519002,张三,XXX,2024-01-01,2028-12-31,一般,,在编,在岗,,',
      '37030519003,张三,SCJG,2024-02-30,2028-12-31,一般,,在编,在岗,,',
      '37030519004,张三,SCJG,2029-01-01,2028-12-31,一般,,在编,在岗,,',
      '37030519005,张三,SCJG,2024-01-01,2028-12-31,特级,,在编,在岗,,',
      `37030519006,张三,SCJG,2024-01-01,2028-12-31,一般,,在编,在岗,${uscc(3)},`,
      '37030519007,张三,SCJG,2024-01-01,2028-12-31,一般,,临时工,在岗,,',
    ]));
    expect(report.written).toBe(false);
    expect(report.errors.map((e) => [e.line, e.column])).toEqual([
      [2, '部门代码'], [3, '证件有效期起'], [4, '证件有效期止'], [5, '资格'], [6, '回避原因'], [7, '人员类别'],
    ]);
  });

  it('versions an item when a re-import changes it, keeping the old version', async () => {
    const row = (content: string) => `SCJG-009,SCJG,一般,《产品质量法》第十五条,生产企业,${content},实地核查,3%,1,2025-01-01,`;
    await importCsv(ImportKind.ITEMS, csv(ITEM_HEADER, [row('产品标识')]));
    const same = await importCsv(ImportKind.ITEMS, csv(ITEM_HEADER, [row('产品标识')]));
    expect(same).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    const changed = await importCsv(ImportKind.ITEMS, csv(ITEM_HEADER, [row('产品标识和质量')]));
    expect(changed).toMatchObject({ updated: 1 });
    const versions = (await t.db.pool.query(`select version, current, content from check_item where code = 'SCJG-009' order by version`)).rows;
    expect(versions).toEqual([
      { version: 1, current: false, content: '产品标识' },
      { version: 2, current: true, content: '产品标识和质量' },
    ]);
  });
});

describe('bulk loads', () => {
  it('a load that at least doubles the directory rebuilds the indexes once and leaves them all in place', async () => {
    const { writeSubjectsCsv } = await import('../../server/demo/generate.js');
    await t.db.pool.query('truncate subject, library_member cascade');
    const indexes = async () => (await t.db.pool.query(`select indexname, indexdef from pg_indexes where tablename in ('subject', 'library_member') order by 1`)).rows;
    // The load drops the foreign keys that point at the directory and its metric trigger, and puts them back.
    const constraints = async () =>
      (await t.db.pool.query(`select conrelid::regclass::text as t, conname, pg_get_constraintdef(oid) as def, convalidated from pg_constraint where confrelid = 'subject'::regclass order by 1, 2`)).rows;
    const triggers = async () => (await t.db.pool.query(`select tgname, pg_get_triggerdef(oid) as def from pg_trigger where tgrelid = 'subject'::regclass and not tgisinternal order by 1`)).rows;
    const directory = async () => (await t.db.pool.query(`select region, grade, subjects::int from metric_directory_rollup where subjects <> 0 order by 1, 2`)).rows;
    await t.db.pool.query('select metric_rebuild()');
    const before = { indexes: await indexes(), constraints: await constraints(), triggers: await triggers() };
    expect(before.constraints.map((c) => c.t)).toContain('follow_up');
    expect(before.triggers.map((c) => c.tgname)).toContain('metric_subject_inserted');
    const file = tempFile('jc-bulk-', 'subjects.csv');
    await writeSubjectsCsv(file, 60_000);
    const report = await runImport(t.db.pool, { kind: ImportKind.SUBJECTS, file, caller: users.system, department: 'SCJG' });
    expect(report).toMatchObject({ total: 60_000, inserted: 60_000, invalid: 0, written: true });
    expect({ indexes: await indexes(), constraints: await constraints(), triggers: await triggers() }).toEqual(before);
    expect(await count('library_member')).toBe(60_000);
    // The rows went in frozen (COPY FREEZE into the table emptied in the same transaction).
    await t.db.pool.query('create extension if not exists pageinspect');
    for (const table of ['subject', 'library_member']) {
      const frozen = await t.db.pool.query(`select count(*)::int as n, bool_and((t_infomask & 768) = 768) as frozen from heap_page_items(get_raw_page($1, 0))`, [table]);
      expect(frozen.rows[0], table).toMatchObject({ frozen: true });
      expect(frozen.rows[0].n).toBeGreaterThan(10);
    }
    // The directory rollup counted the load as the dropped trigger would have: equal to a recount.
    const counted = await directory();
    expect(counted.find((r) => r.region === '' && r.grade === '')).toEqual({ region: '', grade: '', subjects: Number((await t.db.pool.query(`select count(*) from subject where status = 'ACTIVE'`)).rows[0].count) });
    await t.db.pool.query('select metric_rebuild()');
    expect(await directory()).toEqual(counted);
    // The foreign keys hold again: a follow-up of a subject that does not exist is refused.
    await expect(
      t.db.pool.query(`insert into follow_up (subject_id, department_id, kind, status, opened_on, created_by) select -1, department_id, 'TRANSFER', 'OPEN', current_date, 'test' from library_member limit 1`),
    ).rejects.toThrow(/follow_up_subject_id_foreign/);
    // The unique key is enforced again: a second load of the same file inserts nothing.
    const again = await runImport(t.db.pool, { kind: ImportKind.SUBJECTS, file, caller: users.system, department: 'SCJG' });
    expect(again).toMatchObject({ inserted: 0, unchanged: 60_000 });
    await expect(t.db.pool.query(`insert into subject (key, name, kind, region_code, status) select key, name, kind, region_code, status from subject limit 1`)).rejects.toThrow(/subject_key_unique/);
    // So is the sub-library's primary key, dropped for the load into the empty directory and built after it.
    await expect(t.db.pool.query(`insert into library_member (department_id, subject_id, source) select department_id, subject_id, 'MANUAL' from library_member limit 1`)).rejects.toThrow(/library_member_pkey/);
  });

  it('a load into the empty directory skipping bad rows puts exactly the written rows in the sub-library and the directory count', async () => {
    await t.db.pool.query('truncate subject, library_member cascade');
    await t.db.pool.query('select metric_rebuild()');
    const file = tempFile('jc-direct-', 'subjects.csv');
    // Quoted and multi-line records take the encoder's string path, the rest its byte path; a blank line,
    // bad rows and a repeated key are left out, and a revoked subject is not counted in the directory.
    // Tabs, backslashes and carriage returns inside a field, which COPY's text format would escape, are
    // stored as they are; a NUL (the chunk holding it takes the string path) is refused.
    const scope = '含\t制表符、\\反斜杠和\r回车；{"引号"}';
    const lines = [
      subjectLine(1, { grade: 'A' }),
      subjectLine(2, { name: '"淄博""老字号""食品店"' }),
      subjectLine(3, { address: '"临淄区\n桓公路3号"' }),
      '',
      subjectLine(4, { status: '吊销' }),
      subjectLine(5, { uscc: '91370305MA3C0BAD1X' }),
      subjectLine(1),
      subjectLine(6, { region: '370303', grade: 'C' }),
      subjectLine(7, { scope, tags: '甲;"乙" ;丙\\丁' }),
      subjectLine(8, { name: '淄博\u0000食品' }),
    ];
    fs.writeFileSync(file, csv(SUBJECT_HEADER, lines));
    const report = await runImport(t.db.pool, { kind: ImportKind.SUBJECTS, file, caller: users.system, department: 'SCJG', skipInvalid: true });
    expect(report).toMatchObject({ total: 9, invalid: 3, skipped: 3, inserted: 6, written: true });
    expect(report.errors.find((e) => e.line === 12)).toMatchObject({ column: '名称', reason: expect.stringMatching(/U\+0000/) });
    const stored = (await t.db.pool.query('select business_scope, tags from subject where key = $1', [uscc(7)])).rows[0];
    expect(stored).toEqual({ business_scope: scope, tags: ['甲', '"乙"', '丙\\丁'] });
    const ids = async (sql: string) => (await t.db.pool.query(sql)).rows.map((r) => Number(r.id));
    const subjects = await ids('select id from subject order by id');
    expect(subjects).toHaveLength(6);
    expect(await ids('select subject_id as id from library_member order by 1')).toEqual(subjects);
    const directory = async () => (await t.db.pool.query(`select region, grade, subjects::int from metric_directory_rollup where subjects <> 0 order by 1, 2`)).rows;
    const counted = await directory();
    expect(counted).toContainEqual({ region: '', grade: '', subjects: 5 });
    expect(counted).toContainEqual({ region: '370303', grade: 'C', subjects: 1 });
    await t.db.pool.query('select metric_rebuild()');
    expect(await directory()).toEqual(counted);
  });

  it('a file with a bad header is refused by the worker with the reason', async () => {
    const file = tempFile('jc-hdr-', 'bad.csv');
    fs.writeFileSync(file, '名称,颜色\n甲,红\n');
    const report = await runImport(t.db.pool, { kind: ImportKind.SUBJECTS, file, caller: users.system });
    expect(report.written).toBe(false);
    expect(report.errors.map((e) => e.reason).join('；')).toMatch(/"颜色"不是可识别的列名/);
  });
});
