import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../server/db/embedded.js';
import { tempDir } from '../tmp.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Starts the hub exactly as `npm start` does (after the dashboard build step), on its own data folder. */
function startHub(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

async function waitHealthy(port: number, child: ChildProcess, output: () => string, ms = 240_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`hub exited early (${child.exitCode}):\n${output()}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`hub not healthy in time:\n${output()}`);
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

function postgresProcessesFor(dataDir: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', dataDir], { encoding: 'utf8' }).split('\n').filter((l) => l.includes('postgres'));
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

describe('npm start on a fresh data folder', () => {
  let dataDir = '';
  let port = 0;
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/ensure-dashboard.mjs'], { cwd: root, stdio: 'inherit' });
    dataDir = tempDir('jc-start-');
  });

  it('starts embedded PostgreSQL, migrates, loads the demo once, serves every endpoint, and stops cleanly', async () => {
    port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), DEMO_SUBJECTS: '2000', LOG_LEVEL: 'info' };
    const hub = startHub(env);
    await waitHealthy(port, hub.child, hub.output);
    const base = `http://127.0.0.1:${port}`;

    const gql = async (query: string) => (await (await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })).json()) as { data: Record<string, { totalCount: number }> };
    const counts = await gql('{ departments(filter: { member: true }) { totalCount } subjects { totalCount } checkItems { totalCount } }');
    expect(counts.data.departments.totalCount).toBe(17);
    expect(counts.data.subjects.totalCount).toBe(2000);
    expect(counts.data.checkItems.totalCount).toBeGreaterThanOrEqual(60);

    const html = await (await fetch(`${base}/subjects?kind=ENTERPRISE`)).text();
    expect(html).toContain('<div id="app">');
    const template = await fetch(`${base}/templates/subjects.csv`);
    expect(template.headers.get('content-type')).toMatch(/text\/csv/);
    expect(await template.text()).toContain('统一社会信用代码,主体编号,名称');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/jointcheck_rows\{table="subject"\} \d+/);

    expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);
    expect(await stop(hub.child)).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    expect(hub.output()).toMatch(/演示县数据加载完成/);
    // The first start simulated the county's history: both years' tasks, drawn and verifiable.
    expect(hub.output()).toMatch(new RegExp(`${new Date(Date.now() + 8 * 3600_000).getUTCFullYear() - 1} 年：抽查任务 [1-9]\\d* 项`));

    // Second start: same data, no second demo load.
    const again = startHub(env);
    await waitHealthy(port, again.child, again.output);
    const after = await gql('{ subjects { totalCount } }');
    expect(after.data.subjects.totalCount).toBe(2000);
    expect(again.output()).not.toMatch(/演示县数据加载完成/);
    expect(await stop(again.child)).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  }, 420_000);

  it('a hub in service (DEMO=false) starts without accounts, says how to make the first administrator, and that one signs in', async () => {
    const serviceDir = tempDir('jc-service-');
    const servicePort = await freePort();
    const hub = startHub({ DATA_DIR: serviceDir, PORT: String(servicePort), DEMO: 'false', LOG_LEVEL: 'info' });
    try {
      await waitHealthy(servicePort, hub.child, hub.output);
      expect(hub.output()).toContain('没有启用的系统管理员账号：运行 npx jointcheck user add admin --role ADMIN 创建');
      // The CLI attaches to the running hub's embedded PostgreSQL.
      const added = execFileSync(process.execPath, ['bin/jointcheck.mjs', 'user', 'add', 'admin', '--role', 'ADMIN', '--name', '信息中心'], {
        cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', DATA_DIR: serviceDir, LOG_LEVEL: 'warn' },
      });
      const temporary = /临时密码（只显示这一次，首次登录须修改）：(\S+)/.exec(added)![1]!;
      const gql = async (query: string, variables: Record<string, string>, token?: string) =>
        (await (await fetch(`http://127.0.0.1:${servicePort}/graphql`, {
          method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }),
        })).json()) as { data?: Record<string, { token: string; user: { mustChangePassword: boolean } }>; errors?: { extensions: { code: string } }[] };
      const session = await gql('mutation($p: String!) { login(username: "admin", password: $p) { token user { mustChangePassword } } }', { p: temporary });
      expect(session.data!.login!.user.mustChangePassword).toBe(true);
      const changed = await gql('mutation($o: String!) { changePassword(oldPassword: $o, newPassword: "County2026ok") { token user { mustChangePassword } } }', { o: temporary }, session.data!.login!.token);
      expect(changed.data!.changePassword!.user.mustChangePassword).toBe(false);
      const accounts = await gql('{ accounts { totalCount } }', {}, changed.data!.changePassword!.token);
      expect(accounts.data!.accounts).toEqual({ totalCount: 1 });
      expect((await gql('{ departments { totalCount } }', {})).data!.departments).toEqual({ totalCount: 0 });
    } finally {
      expect(await stop(hub.child)).toBe(0);
    }
    expect(postgresProcessesFor(serviceDir)).toEqual([]);
  }, 300_000);
});
