import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportKind } from '../../server/importing/columns.js';
import { runImport } from '../../server/importing/import.service.js';
import { readCsv } from '../../server/importing/reader.js';
import { csv, INSPECTOR_HEADER, ITEM_HEADER, SUBJECT_HEADER, subjectLine, uscc } from '../fixtures.js';
import { initTestApp, insertAccounts, seedDepartments, users, type TestApp } from '../utils.js';

let t: TestApp;
beforeAll(async () => {
  t = await initTestApp();
  await seedDepartments(t.db.pool);
  const run = (kind: ImportKind, text: string, department?: string) => runImport(t.db.pool, { kind, source: readCsv(text), caller: users.system, department });
  await run(ImportKind.ITEMS, csv(ITEM_HEADER, [
    'SCJG-001,SCJG,重点,《中华人民共和国食品安全法》第八十七条,食品生产企业,生产许可条件,实地核查;书面检查,5%,1,2025-01-01,',
    'SCJG-002,SCJG,一般,《中华人民共和国广告法》,广告经营者,广告发布登记,网络监测,3%,1,2025-01-01,',
    'SW-001,SW,一般,《中华人民共和国税收征收管理法》,纳税人,发票管理,书面检查,0.03,1,2025-01-01,',
  ]));
  const lines = Array.from({ length: 30 }, (_, i) => subjectLine(i + 1, i % 3 === 0 ? { industry: '6210', scope: '餐饮服务', name: `临淄区第${i + 1}饭店` } : {}));
  await run(ImportKind.SUBJECTS, csv(SUBJECT_HEADER, lines.slice(0, 20)), 'SCJG');
  await run(ImportKind.SUBJECTS, csv(SUBJECT_HEADER, lines.slice(20)));
  await run(ImportKind.INSPECTORS, csv(INSPECTOR_HEADER, [
    `37030519001,李四,SCJG,2024-01-01,2028-12-31,一般;重点,食品安全,在编,在岗,${uscc(1)},近亲属任职`,
    '37030519002,王五,SCJG,2020-01-01,2023-12-31,一般,,在编,在岗,,',
    '37030519003,赵六,SW,2024-01-01,2028-12-31,一般,,专家,休假,,',
  ]));
  await insertAccounts(t.db.pool, users.scjgClerk);
});
afterAll(() => t.close());

describe('Relay connections and filters', () => {
  it('pages subjects with cursors until the end, with a stable total', async () => {
    const q = `query($after: String) { subjects(first: 12, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { key } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const r: { data?: { subjects: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { key: string }[] } }; errors?: unknown } = await t.gql(q, { after });
      expect(r.errors).toBeUndefined();
      expect(r.data!.subjects.totalCount).toBe(30);
      seen.push(...r.data!.subjects.nodes.map((n: { key: string }) => n.key));
      if (!r.data!.subjects.pageInfo.hasNextPage) break;
      after = r.data!.subjects.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
  });

  it('filters subjects by sub-library, industry prefix and search', async () => {
    const q = `query($f: SubjectFilter) { subjects(first: 100, filter: $f) { totalCount } }`;
    const total = async (f: object) => ((await t.gql<{ subjects: { totalCount: number } }>(q, { f })).data!.subjects.totalCount);
    expect(await total({ department: 'SCJG' })).toBe(20);
    expect(await total({ industryPrefix: '62' })).toBe(10);
    expect(await total({ search: '饭店' })).toBe(10);
    expect(await total({ search: uscc(5) })).toBe(1);
  });

  it('rejects a malformed cursor and an oversized page with BAD_USER_INPUT naming the argument', async () => {
    const bad = await t.gql(`{ subjects(first: 10, after: "nope") { totalCount } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const big = await t.gql(`{ subjects(first: 100000) { totalCount } }`);
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('lists a department item list and the inspectors with a valid certificate', async () => {
    const r = await t.gql<{ checkItems: { totalCount: number; nodes: { code: string; department: { code: string }; methods: string[]; ratio: number }[] }; inspectors: { nodes: { key: string; certificateValid: boolean }[] } }>(
      `{ checkItems(filter: { department: "SCJG" }) { totalCount nodes { code department { code } methods ratio } }
         inspectors(filter: { department: "SCJG", certificateValidOn: "2026-06-01" }) { nodes { key certificateValid } } }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.checkItems.totalCount).toBe(2);
    expect(r.data!.checkItems.nodes[0]).toMatchObject({ code: 'SCJG-001', department: { code: 'SCJG' }, methods: ['ONSITE', 'DOCUMENT'], ratio: 0.05 });
    expect(r.data!.inspectors.nodes).toEqual([{ key: '37030519001', certificateValid: true }]);
  });

  it('departments carry their library sizes, fetched in one batch', async () => {
    const r = await t.gql<{ departments: { nodes: { code: string; itemCount: number; inspectorCount: number; librarySize: number }[] } }>(
      `{ departments { nodes { code itemCount inspectorCount librarySize } } }`,
    );
    expect(r.data!.departments.nodes.find((d) => d.code === 'SCJG')).toEqual({ code: 'SCJG', itemCount: 2, inspectorCount: 2, librarySize: 20 });
  });
});

describe('item versioning', () => {
  const input = (content: string) => ({
    code: 'SCJG-050', department: 'SCJG', category: 'KEY', legalBasis: '《特种设备安全法》第五十七条', subjectType: '特种设备使用单位',
    content, methods: ['ONSITE'], ratio: 0.1, frequencyPerYear: 1, effectiveFrom: '2026-01-01',
  });
  const upsert = `mutation($input: CheckItemInput!) { upsertCheckItem(input: $input) { code version current content } }`;

  it('changing an item makes a new version; the old one stays referable', async () => {
    const v1 = await t.gql<{ upsertCheckItem: { version: number } }>(upsert, { input: input('使用登记') }, users.scjgClerk);
    expect(v1.errors).toBeUndefined();
    expect(v1.data!.upsertCheckItem.version).toBe(1);
    const same = await t.gql<{ upsertCheckItem: { version: number } }>(upsert, { input: input('使用登记') }, users.scjgClerk);
    expect(same.data!.upsertCheckItem.version).toBe(1);
    const v2 = await t.gql<{ upsertCheckItem: { version: number; current: boolean } }>(upsert, { input: input('使用登记和定期检验') }, users.scjgClerk);
    expect(v2.data!.upsertCheckItem).toMatchObject({ version: 2, current: true });
    const old = await t.gql<{ checkItem: { content: string; current: boolean; versions: { version: number }[] } }>(`{ checkItem(code: "SCJG-050", version: 1) { content current versions { version } } }`);
    expect(old.data!.checkItem).toEqual({ content: '使用登记', current: false, versions: [{ version: 1 }, { version: 2 }] });
  });

  it('create on an existing code is a CONFLICT; invalid input names the field', async () => {
    const dup = await t.gql(`mutation($input: CheckItemInput!) { createCheckItem(input: $input) { code } }`, { input: input('x') }, users.scjgClerk);
    expect(dup.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.code' });
    const bad = await t.gql(upsert, { input: { ...input('x'), code: 'SCJG-051', effectiveFrom: '2026-02-30' } }, users.scjgClerk);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.effectiveFrom' });
    expect(bad.errors?.[0]?.message).toMatch(/日期"2026-02-30"不存在/);
  });
});

describe('sub-library rules (002 第七条)', () => {
  it('previews, saves and applies a rule; applying twice adds nothing new', async () => {
    const rule = { department: 'WJ', name: '餐饮服务单位', industryPrefixes: ['62'], scopeKeywords: [], regionCodes: ['370305'], kinds: ['ENTERPRISE'] };
    const preview = await t.gql<{ previewLibraryRule: { matched: number; toAdd: number; sample: { key: string }[] } }>(
      `query($input: LibraryRuleInput!) { previewLibraryRule(input: $input) { matched toAdd sample { key } } }`, { input: rule }, users.office);
    expect(preview.errors).toBeUndefined();
    expect(preview.data!.previewLibraryRule).toMatchObject({ matched: 10, toAdd: 10 });
    expect(preview.data!.previewLibraryRule.sample).toHaveLength(10);
    expect((await t.db.pool.query(`select count(*)::int n from library_member m join department d on d.id = m.department_id where d.code = 'WJ'`)).rows[0].n).toBe(0);
    const saved = await t.gql<{ saveLibraryRule: { id: string; department: { code: string } } }>(`mutation($input: LibraryRuleInput!) { saveLibraryRule(input: $input) { id department { code } } }`, { input: rule }, users.office);
    expect(saved.data!.saveLibraryRule.department.code).toBe('WJ');
    const apply = `mutation($id: ID!) { applyLibraryRule(id: $id) { matched toAdd } }`;
    const first = await t.gql<{ applyLibraryRule: { toAdd: number } }>(apply, { id: saved.data!.saveLibraryRule.id }, users.office);
    expect(first.data!.applyLibraryRule).toEqual({ matched: 10, toAdd: 10 });
    const second = await t.gql<{ applyLibraryRule: { toAdd: number } }>(apply, { id: saved.data!.saveLibraryRule.id }, users.office);
    expect(second.data!.applyLibraryRule).toEqual({ matched: 10, toAdd: 0 });
    const listed = await t.gql<{ subjects: { totalCount: number } }>(`{ subjects(filter: { department: "WJ" }) { totalCount } }`);
    expect(listed.data!.subjects.totalCount).toBe(10);
  });

  it('matches business-scope keywords exactly for Chinese and case-insensitively for Latin letters', async () => {
    await t.gql(`mutation($i: SubjectInput!) { upsertSubject(input: $i) { key } }`, {
      i: { uscc: uscc(777), name: '临淄区歌舞娱乐有限公司', kind: 'ENTERPRISE', regionCode: '370305', industryCode: '9011', businessScope: 'KTV 歌舞娱乐' },
    }, users.office);
    const q = `query($input: LibraryRuleInput!) { previewLibraryRule(input: $input) { matched } }`;
    const matched = async (scopeKeywords: string[]) =>
      ((await t.gql<{ previewLibraryRule: { matched: number } }>(q, { input: { department: 'WJ', name: 'k', scopeKeywords } }, users.office)).data!.previewLibraryRule.matched);
    expect(await matched(['餐饮'])).toBe(10);
    expect(await matched(['ktv'])).toBe(1);
    expect(await matched(['餐饮', 'Ktv'])).toBe(11);
    expect(await matched(['餐 饮'])).toBe(0);
  });

  it('a rule with no criterion is refused', async () => {
    const r = await t.gql(`query($input: LibraryRuleInput!) { previewLibraryRule(input: $input) { matched } }`, { input: { department: 'WJ', name: 'x' } }, users.office);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/至少要有一个条件/);
  });
});

describe('access rules', () => {
  const upsertSubject = `mutation($input: SubjectInput!, $d: String) { upsertSubject(input: $input, department: $d) { key name } }`;
  const subjectInput = { uscc: uscc(500), name: '临淄区某超市', kind: 'INDIVIDUAL_BUSINESS', regionCode: '370305', industryCode: '5212', operatorName: '刘晓红', operatorPhone: '13912345678' };

  it('anonymous callers cannot write and cannot read the roster', async () => {
    const w = await t.gql(upsertSubject, { input: subjectInput }, users.anonymous);
    expect(w.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const r = await t.gql(`{ inspectors { totalCount } }`, {}, users.anonymous);
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const a = await t.gql(`{ auditEvents { totalCount } }`, {}, users.anonymous);
    expect(a.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("department staff write only their own department's data", async () => {
    const other = await t.gql(upsertSubject, { input: subjectInput, d: 'SCJG' }, users.swClerk);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const shared = await t.gql(upsertSubject, { input: subjectInput }, users.swClerk);
    expect(shared.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const own = await t.gql(upsertSubject, { input: subjectInput, d: 'SW' }, users.swClerk);
    expect(own.errors).toBeUndefined();
    const item = await t.gql(`mutation { deactivateCheckItem(code: "SCJG-002", reason: "法规废止") { active } }`, {}, users.swClerk);
    expect(item.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const leader = await t.gql(`mutation { deactivateCheckItem(code: "SCJG-002", reason: "法规废止") { active } }`, {}, users.leader);
    expect(leader.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('personal data is masked for the public and shown to staff', async () => {
    await t.gql(upsertSubject, { input: subjectInput, d: 'SW' }, users.swClerk);
    const q = `query($k: String!) { subject(key: $k) { name operatorName operatorPhone } }`;
    const pub = await t.gql<{ subject: { operatorName: string; operatorPhone: string | null } }>(q, { k: uscc(500) }, users.anonymous);
    expect(pub.data!.subject).toEqual({ name: '临淄区某超市', operatorName: '刘**', operatorPhone: null });
    const staff = await t.gql<{ subject: { operatorName: string; operatorPhone: string } }>(q, { k: uscc(500) }, users.scjgClerk);
    expect(staff.data!.subject).toMatchObject({ operatorName: '刘晓红', operatorPhone: '13912345678' });
  });
});

describe('idempotent sync by public key', () => {
  it('upserting the same inspector three times leaves one row and one CREATE audit event', async () => {
    const m = `mutation($i: InspectorInput!) { upsertInspector(input: $i) { key name status department { code } } }`;
    const i = { key: 'SW-2026-0001', name: '钱七', department: 'SW', certificateValidFrom: '2025-01-01', certificateValidTo: '2029-12-31', qualifications: ['GENERAL'] };
    for (let n = 0; n < 3; n++) {
      const r = await t.gql(m, { i }, users.swClerk);
      expect(r.errors).toBeUndefined();
    }
    expect((await t.db.pool.query(`select count(*)::int n from inspector where key = 'SW-2026-0001'`)).rows[0].n).toBe(1);
    const events = (await t.db.pool.query(`select action, (detail->>'inserted')::int ins from audit_event where entity_key = 'SW-2026-0001' order by id`)).rows;
    expect(events.map((e) => e.action)).toEqual(['CREATE', 'UPDATE', 'UPDATE']);
    expect(events.map((e) => e.ins)).toEqual([1, 0, 0]);
  });
});

describe('login and audit trail', () => {
  it('logs in with the demo password and reads the caller back through the token', async () => {
    const r = await t.gql<{ login: { token: string; user: { role: string; department: { code: string } } } }>(`mutation { login(username: "scjg-clerk", password: "demo") { token user { role department { code } } } }`, {}, users.anonymous);
    expect(r.data!.login.user).toEqual({ role: 'CLERK', department: { code: 'SCJG' } });
    const { readToken } = await import('../../server/auth/session.js');
    expect(readToken(r.data!.login.token, t.config.sessionSecret)).toEqual({ username: 'scjg-clerk', sessionVersion: 0 });
    const wrong = await t.gql(`mutation { login(username: "scjg-clerk", password: "x") { token } }`, {}, users.anonymous);
    expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // An unknown user gets the same answer (and the same hashing work, see NO_USER_HASH).
    const unknown = await t.gql(`mutation { login(username: "nobody", password: "demo") { token } }`, {}, users.anonymous);
    expect(unknown.errors?.[0]).toMatchObject({ message: wrong.errors?.[0]?.message, extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('hashes passwords with a salt of their own and checks them; the no-user hash matches nothing', async () => {
    const { hashPassword, verifyPassword, NO_USER_HASH } = await import('../../server/auth/session.js');
    const [a, b] = await Promise.all([hashPassword('demo'), hashPassword('demo')]);
    expect(a).toMatch(/^scrypt\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('demo', a)).toBe(true);
    expect(await verifyPassword('demo ', a)).toBe(false);
    expect(await verifyPassword('', NO_USER_HASH)).toBe(false);
    expect(await verifyPassword('demo', 'plain:demo')).toBe(false);
  });

  it('the audit trail refuses UPDATE and DELETE in the database itself', async () => {
    await expect(t.db.pool.query(`update audit_event set actor = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.db.pool.query(`delete from audit_event`)).rejects.toThrow(/append-only/);
  });
});

describe('audit trail: truncate', () => {
  it('TRUNCATE of the audit trail is refused too', async () => {
    await expect(t.db.pool.query(`truncate audit_event`)).rejects.toThrow(/append-only/);
  });
});

describe('loading strategy (no N+1)', () => {
  it('a page of subjects with their departments, and of inspectors with their conflicts, costs the same few queries at any size', async () => {
    const queriesFor = async (query: string) => {
      const original = t.db.pool.query.bind(t.db.pool);
      let n = 0;
      (t.db.pool as { query: unknown }).query = (...args: unknown[]) => {
        n++;
        return (original as (...a: unknown[]) => unknown)(...args);
      };
      try {
        const r = await t.gql(query, {}, users.office);
        expect(r.errors).toBeUndefined();
      } finally {
        (t.db.pool as { query: unknown }).query = original;
      }
      return n;
    };
    const small = await queriesFor(`{ subjects(first: 2) { nodes { key departments { code } } } inspectors(first: 1) { nodes { key conflictCount } } }`);
    const large = await queriesFor(`{ subjects(first: 30) { nodes { key departments { code } } } inspectors(first: 50) { nodes { key conflictCount } } }`);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(4);
  });
});
