import { parseArgs } from 'node:util';
import { systemCaller } from '../auth/caller.js';
import { Role, type AppUser } from '../auth/user.entity.js';
import { chinaMinute } from '../common/dates.js';
import { AppError } from '../common/errors.js';
import { setLogLevel } from '../common/log.js';
import { loadConfig } from '../config/config.js';
import { openDatabase } from '../runtime.js';

export const USER_USAGE = `用法:
  jointcheck user list
  jointcheck user add USERNAME --role ROLE [--name 姓名] [--department CODE] [--inspector 执法证号] [--password-stdin]
  jointcheck user passwd USERNAME [--password-stdin]     重置密码（下次登录须修改）
  jointcheck user disable|enable|unlock USERNAME
角色：${Object.values(Role).join('、')}。不用 --password-stdin 时生成临时密码并显示一次。`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

const time = (d: Date | null | undefined) => (d ? chinaMinute(d) : '—');

function describe(u: AppUser): string {
  const state = !u.active ? '停用' : u.lockedUntil && u.lockedUntil > new Date() ? `锁定至 ${time(u.lockedUntil)}` : u.mustChangePassword ? '须改密' : '正常';
  return [u.username, u.displayName, u.role, u.department?.code ?? '—', u.inspector?.key ?? '—', state, `最近登录 ${time(u.lastLoginAt)}`].join('\t');
}

/** `jointcheck user …`: the accounts, from the command line (how the first administrator of a new hub is made). */
export async function userCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' }, department: { type: 'string' }, inspector: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
  });
  const [action, username] = positionals;
  const needsName = action !== 'list';
  if (!action || !['list', 'add', 'passwd', 'disable', 'enable', 'unlock'].includes(action) || (needsName && !username)) {
    process.stderr.write(`${USER_USAGE}\n`);
    return 2;
  }
  const role = values.role?.toUpperCase();
  if (action === 'add' && !Object.values(Role).includes(role as Role)) {
    process.stderr.write(`--role 须为 ${Object.values(Role).join('、')} 之一\n`);
    return 2;
  }
  const password = values['password-stdin'] ? await readStdin() : undefined;
  const config = loadConfig();
  setLogLevel('warn');
  const db = await openDatabase(config, { attach: true });
  try {
    const accounts = await import('../auth/account.service.js');
    const em = db.orm.em.fork();
    const cli = systemCaller('cli');
    const say = (line: string) => process.stdout.write(`${line}\n`);
    const temporary = (p: string | null) => p && say(`临时密码（只显示这一次，首次登录须修改）：${p}`);
    switch (action) {
      case 'list': {
        const page = await accounts.listAccounts(em, cli, undefined, config.maxPageSize, undefined, config.maxPageSize);
        for (const u of page.nodes) say(describe(u));
        say(`共 ${page.totalCount} 个账号${page.totalCount > page.nodes.length ? `（显示前 ${page.nodes.length} 个）` : ''}`);
        break;
      }
      case 'add': {
        const r = await accounts.createAccount(em, cli, {
          username: username!, displayName: values.name ?? username!, role: role as Role, department: values.department, inspector: values.inspector, password,
        });
        say(`已创建账号 ${r.account.username}（${r.account.role}${r.account.department ? `，${r.account.department.code}` : ''}）`);
        temporary(r.temporaryPassword);
        break;
      }
      case 'passwd': {
        const r = await accounts.resetAccountPassword(em, cli, username!, password);
        say(`已重置 ${r.account.username} 的密码，原有会话已失效`);
        temporary(r.temporaryPassword);
        break;
      }
      case 'unlock':
        await accounts.unlockAccount(em, cli, username!);
        say(`已解除 ${username} 的锁定`);
        break;
      default: {
        const u = await accounts.updateAccount(em, cli, username!, { active: action === 'enable' });
        say(`已${u.active ? '启用' : '停用'}账号 ${u.username}`);
      }
    }
    return 0;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  } finally {
    await db.close();
  }
}
