import { spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportKind } from '../../server/importing/columns.js';
import { csv, INSPECTOR_HEADER } from '../fixtures.js';
import { importCsv, initTestApp, seedDepartments, type TestApp } from '../utils.js';

const root = path.resolve(import.meta.dirname, '../..');
let t: TestApp;
let base: string;

function jointcheck(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/jointcheck.mjs'), 'user', ...args], {
    cwd: root, input, encoding: 'utf8', env: { ...process.env, DATABASE_URL: t.db.url, LOG_LEVEL: 'warn' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Answer<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions: { code: string; field?: string } }[];
}

/** One GraphQL request over real HTTP, as the dashboard sends it. */
async function gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Answer<T>> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as object) };
}

const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token user { username role mustChangePassword department { code } } } }`;
type Session = { token: string; user: { username: string; role: string; mustChangePassword: boolean; department: { code: string } | null } };

async function login(username: string, password: string): Promise<Session> {
  const r = await gql<{ login: Session }>(LOGIN, { u: username, p: password });
  expect(r.errors).toBeUndefined();
  return r.data!.login;
}

const loginError = async (username: string, password: string) => (await gql(LOGIN, { u: username, p: password })).errors?.[0];
const me = async (token: string) => (await gql<{ me: { username: string; role: string } | null }>(`{ me { username role } }`, {}, token)).data?.me ?? null;
const code = (r: Answer<unknown>) => r.errors?.[0]?.extensions.code;
const field = (r: Answer<unknown>) => r.errors?.[0]?.extensions.field;

const CREATE = `mutation($input: AccountInput!) { createAccount(input: $input) { temporaryPassword account { username role mustChangePassword department { code } inspector { key } } } }`;
const UPDATE = `mutation($u: String!, $patch: AccountPatch!) { updateAccount(username: $u, patch: $patch) { username role active inspector { key } } }`;
const RESET = `mutation($u: String!, $p: String) { resetPassword(username: $u, password: $p) { temporaryPassword account { mustChangePassword } } }`;
const CHANGE = `mutation($o: String!, $n: String!) { changePassword(oldPassword: $o, newPassword: $n) { token user { mustChangePassword } } }`;

let admin: string;

beforeAll(async () => {
  t = await initTestApp();
  await seedDepartments(t.db.pool);
  await importCsv(t.db.pool, ImportKind.INSPECTORS, csv(INSPECTOR_HEADER, [
    '37030519001,李四,SCJG,2024-01-01,2028-12-31,一般;重点,食品安全,在编,在岗,,',
    '37030519002,王五,SCJG,2024-01-01,2028-12-31,一般,,在编,在岗,,',
    '37030519003,赵六,SW,2024-01-01,2028-12-31,一般,,在编,在岗,,',
  ]));
  await new Promise<void>((r) => t.app.server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => t.app.server.close(() => r()));
  await t.close();
});

describe('a hub without accounts gets its first administrator from the command line', () => {
  it('jointcheck user add / list / passwd, with the password from stdin or generated', () => {
    const usage = jointcheck(['add', 'root']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--role 须为 ADMIN、LEADER');
    const weak = jointcheck(['add', 'root', '--role', 'admin', '--password-stdin'], 'root12345\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('不能包含登录名');
    const added = jointcheck(['add', 'root', '--role', 'admin', '--name', '信息中心管理员', '--password-stdin'], 'Start2026go\n');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('已创建账号 root（ADMIN）');
    expect(added.stdout).not.toContain('临时密码');
    const list = jointcheck(['list']);
    expect(list.stdout).toMatch(/^root\t信息中心管理员\tADMIN\t—\t—\t须改密\t最近登录 —$/m);
    expect(list.stdout).toContain('共 1 个账号');
    const again = jointcheck(['add', 'root', '--role', 'ADMIN']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('登录名 root 已存在');
    const reset = jointcheck(['passwd', 'root']);
    expect(reset.code).toBe(0);
    const temporary = /临时密码（只显示这一次，首次登录须修改）：([A-Za-z0-9]{12})/.exec(reset.stdout)?.[1];
    expect(temporary).toBeDefined();
    expect(jointcheck(['passwd', 'nobody']).stderr).toContain('账号不存在：nobody');
    return login('root', temporary!).then((s) => expect(s.user).toMatchObject({ role: 'ADMIN', mustChangePassword: true }));
  });
});

describe('a password an administrator set must be changed before anything else', () => {
  it('refuses every other operation and upload, then changePassword ends the old sessions and returns a new token', async () => {
    const temporary = /：([A-Za-z0-9]{12})/.exec(jointcheck(['passwd', 'root']).stdout)![1]!;
    const first = await login('root', temporary);
    const other = await login('root', temporary);
    const refused = await gql(`{ departments { totalCount } }`, {}, first.token);
    expect(refused.status).toBe(403);
    expect(refused.errors?.[0]).toMatchObject({ message: '密码由管理员设置，请先修改密码再使用系统', extensions: { code: 'PASSWORD_CHANGE_REQUIRED' } });
    // A field the gate allows does not smuggle another one in.
    expect(code(await gql(`{ me { username } accounts { totalCount } }`, {}, first.token))).toBe('PASSWORD_CHANGE_REQUIRED');
    const upload = await fetch(`${base}/uploads/attachments/1`, { headers: { authorization: `Bearer ${first.token}` } });
    expect(upload.status).toBe(403);
    expect(((await upload.json()) as { code: string }).code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(await me(first.token)).toEqual({ username: 'root', role: 'ADMIN' });

    expect(field(await gql(CHANGE, { o: 'wrong-one1', n: 'Better2026x' }, first.token))).toBe('oldPassword');
    for (const weak of ['short1', 'onlyletters', '1234567890', 'xRoot2026x']) {
      const r = await gql(CHANGE, { o: temporary, n: weak }, first.token);
      expect(r.errors?.[0]).toMatchObject({ message: '密码至少 8 位、不超过 128 位，须同时包含字母和数字，且不能包含登录名', extensions: { code: 'BAD_USER_INPUT', field: 'newPassword' } });
    }
    const changed = await gql<{ changePassword: Session }>(CHANGE, { o: temporary, n: 'Better2026x' }, first.token);
    expect(changed.data?.changePassword.user.mustChangePassword).toBe(false);
    admin = changed.data!.changePassword.token;
    // Both earlier sessions are over; the new token works for everything.
    expect(await me(first.token)).toBeNull();
    expect(await me(other.token)).toBeNull();
    expect(code(await gql(`{ accounts { totalCount } }`, {}, other.token))).toBe('UNAUTHENTICATED');
    expect((await gql<{ accounts: { totalCount: number } }>(`{ accounts { totalCount } }`, {}, admin)).data?.accounts.totalCount).toBe(1);
    expect(await loginError('root', temporary)).toMatchObject({ message: '用户名或密码错误' });
  });
});

describe('administrators keep the accounts', () => {
  it('creates department accounts with a generated temporary password and checks role, department and roster link', async () => {
    const clerk = await gql<{ createAccount: { temporaryPassword: string; account: unknown } }>(CREATE, { input: { username: 'Zhang.San', displayName: '张三', role: 'CLERK', department: 'scjg' } }, admin);
    expect(clerk.errors).toBeUndefined();
    expect(clerk.data!.createAccount.account).toEqual({ username: 'zhang.san', role: 'CLERK', mustChangePassword: true, department: { code: 'SCJG' }, inspector: null });
    expect(clerk.data!.createAccount.temporaryPassword).toMatch(/^[A-HJ-NP-Za-hj-km-np-z2-9]{12}$/);
    const refusals: [Record<string, unknown>, string, string][] = [
      [{ username: '1abc', displayName: 'x', role: 'CLERK', department: 'SCJG' }, 'username', 'BAD_USER_INPUT'],
      [{ username: 'zhang.san', displayName: '另一个', role: 'CLERK', department: 'SCJG' }, 'username', 'CONFLICT'],
      [{ username: 'li', displayName: '李', role: 'CLERK', department: 'SCJG' }, 'username', 'BAD_USER_INPUT'],
      [{ username: 'lisi', displayName: ' ', role: 'CLERK', department: 'SCJG' }, 'displayName', 'BAD_USER_INPUT'],
      [{ username: 'lisi', displayName: '李四', role: 'CLERK' }, 'department', 'BAD_USER_INPUT'],
      [{ username: 'lisi', displayName: '李四', role: 'CLERK', department: 'XX' }, 'department', 'NOT_FOUND'],
      [{ username: 'lisi', displayName: '李四', role: 'INSPECTOR', department: 'SCJG' }, 'inspector', 'BAD_USER_INPUT'],
      [{ username: 'lisi', displayName: '李四', role: 'INSPECTOR', department: 'SCJG', inspector: '37030519003' }, 'inspector', 'BAD_USER_INPUT'],
      [{ username: 'lisi', displayName: '李四', role: 'INSPECTOR', department: 'SCJG', inspector: '99999' }, 'inspector', 'NOT_FOUND'],
      [{ username: 'lisi', displayName: '李四', role: 'LEADER', inspector: '37030519001' }, 'inspector', 'BAD_USER_INPUT'],
      [{ username: 'lisi', displayName: '李四', role: 'LEADER', password: 'weakpass' }, 'password', 'BAD_USER_INPUT'],
    ];
    for (const [input, f, c] of refusals) {
      const r = await gql(CREATE, { input }, admin);
      expect([field(r), code(r)], JSON.stringify(input)).toEqual([f, c]);
    }
    const inspector = await gql(CREATE, { input: { username: 'lisi', displayName: '李四', role: 'INSPECTOR', department: 'SCJG', inspector: '37030519001', password: 'Spring2026a' } }, admin);
    expect(inspector.errors).toBeUndefined();
    expect(inspector.data).toMatchObject({ createAccount: { temporaryPassword: null, account: { inspector: { key: '37030519001' } } } });
    const twice = await gql(CREATE, { input: { username: 'lisi2', displayName: '李四', role: 'INSPECTOR', department: 'SCJG', inspector: '37030519001' } }, admin);
    expect(twice.errors?.[0]).toMatchObject({ message: '执法证号 37030519001 已关联账号 lisi', extensions: { code: 'CONFLICT' } });
    const page = await gql<{ accounts: { totalCount: number; nodes: { username: string }[] } }>(
      `{ accounts(filter: { role: INSPECTOR, department: "SCJG", search: "李" }) { totalCount nodes { username } } }`, {}, admin);
    expect(page.data?.accounts).toEqual({ totalCount: 1, nodes: [{ username: 'lisi' }] });
    // The audit trail has the account, never its password or hash.
    const audit = (await t.db.pool.query(`select action, detail, after_digest from audit_event where entity = 'AppUser' and entity_key = 'zhang.san'`)).rows;
    expect(audit).toEqual([{ action: 'CREATE', detail: null, after_digest: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect((await t.db.pool.query(`select count(*)::int n from audit_event where detail::text like '%scrypt%' or detail::text like '%Spring2026a%'`)).rows[0].n).toBe(0);
  });

  it('a change of role applies to tokens already issued; deactivation ends them; only administrators manage accounts', async () => {
    const clerk = await login('lisi', 'Spring2026a');
    expect(clerk.user).toMatchObject({ role: 'INSPECTOR', mustChangePassword: true });
    const clerkToken = (await gql<{ changePassword: Session }>(CHANGE, { o: 'Spring2026a', n: 'Spring2027a' }, clerk.token)).data!.changePassword.token;
    expect(code(await gql(`{ accounts { totalCount } }`, {}, clerkToken))).toBe('FORBIDDEN');
    expect(code(await gql(`{ accounts { totalCount } }`))).toBe('UNAUTHENTICATED');
    expect(code(await gql(RESET, { u: 'root' }, clerkToken))).toBe('FORBIDDEN');

    const promoted = await gql(UPDATE, { u: 'lisi', patch: { role: 'CLERK' } }, admin);
    expect(promoted.data).toEqual({ updateAccount: { username: 'lisi', role: 'CLERK', active: true, inspector: null } });
    expect(await me(clerkToken)).toEqual({ username: 'lisi', role: 'CLERK' });
    await gql(UPDATE, { u: 'lisi', patch: { active: false } }, admin);
    expect(await me(clerkToken)).toBeNull();
    expect(await loginError('lisi', 'Spring2027a')).toMatchObject({ message: '账号已停用，请联系系统管理员' });
    // Re-enabled, the old token stays dead (its version was passed), but signing in works again.
    await gql(UPDATE, { u: 'lisi', patch: { active: true } }, admin);
    expect(await me(clerkToken)).toBeNull();
    expect((await login('lisi', 'Spring2027a')).user.role).toBe('CLERK');

    // The last administrator cannot lock everyone out.
    expect(code(await gql(UPDATE, { u: 'root', patch: { active: false } }, admin))).toBe('FORBIDDEN');
    expect(code(await gql(UPDATE, { u: 'root', patch: { role: 'LEADER' } }, admin))).toBe('FORBIDDEN');
    expect(jointcheck(['disable', 'root']).stderr).toContain('最后一个启用的系统管理员');
    const events = (await t.db.pool.query(`select action from audit_event where entity = 'AppUser' and entity_key = 'lisi' order by id`)).rows.map((r) => r.action);
    expect(events).toEqual(['CREATE', 'LOGIN', 'PASSWORD_CHANGE', 'UPDATE', 'UPDATE', 'UPDATE', 'LOGIN']);
  });

  it('five wrong passwords lock the account for 15 minutes; unlock or a reset lifts it', async () => {
    for (let i = 1; i <= 4; i++) expect(await loginError('zhang.san', `wrong${i}xx`)).toMatchObject({ message: '用户名或密码错误' });
    const locked = await loginError('zhang.san', 'wrong5xx');
    expect(locked?.message).toMatch(/^连续 5 次密码错误，账号已锁定至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}；/);
    const { temporaryPassword } = (await gql<{ resetPassword: { temporaryPassword: string } }>(RESET, { u: 'zhang.san', p: null }, admin)).data!.resetPassword;
    // Reset lifts the lock; lock again and lift it with unlockAccount.
    expect((await login('zhang.san', temporaryPassword)).user.mustChangePassword).toBe(true);
    for (let i = 1; i <= 5; i++) await loginError('zhang.san', `wrong${i}xx`);
    expect((await loginError('zhang.san', temporaryPassword))?.message).toMatch(/已锁定/);
    const lockedRow = await gql<{ account: { lockedUntil: string } }>(`{ account(username: "zhang.san") { lockedUntil } }`, {}, admin);
    expect(Date.parse(lockedRow.data!.account.lockedUntil) - Date.now()).toBeGreaterThan(14 * 60_000);
    await gql(`mutation { unlockAccount(username: "zhang.san") { username } }`, {}, admin);
    expect((await login('zhang.san', temporaryPassword)).user.username).toBe('zhang.san');
    // A lock whose time has passed no longer holds.
    for (let i = 1; i <= 5; i++) await loginError('zhang.san', `wrong${i}xx`);
    await t.db.pool.query(`update app_user set locked_until = now() - interval '1 second' where username = 'zhang.san'`);
    expect((await login('zhang.san', temporaryPassword)).user.username).toBe('zhang.san');
    const actions = (await t.db.pool.query(`select action, count(*)::int n from audit_event where entity_key = 'zhang.san' group by action order by action`)).rows;
    expect(actions).toEqual([
      { action: 'CREATE', n: 1 }, { action: 'LOCK', n: 3 }, { action: 'LOGIN', n: 3 }, { action: 'LOGIN_FAILED', n: 12 },
      { action: 'PASSWORD_RESET', n: 1 }, { action: 'UNLOCK', n: 1 },
    ]);
  });
});
