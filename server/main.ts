import 'reflect-metadata';
import type { createApp as CreateApp } from './app.js';
import { log, setLogLevel } from './common/log.js';
import { loadConfig } from './config/config.js';
import { openDatabase } from './runtime.js';

/** `npm start`: database (embedded unless DATABASE_URL), migrations, demo data on first run, one HTTP port. */
async function main(): Promise<void> {
  const config = loadConfig();
  setLogLevel(config.logLevel);
  // The application's modules (seconds of loading) load while PostgreSQL starts.
  const modules = Promise.all([import('./app.js'), import('./demo/load.js'), import('./risk/nightly.js'), import('./backup/nightly.js'), import('./auth/account.service.js')]);
  modules.catch(() => undefined);
  const db = await openDatabase(config);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    await new Promise<void>((resolve) => app?.server.close(() => resolve()) ?? resolve());
    await app?.apollo.stop().catch(() => undefined);
    await db.close();
    log.info('stopped');
    process.exit(0);
  };
  let app: Awaited<ReturnType<typeof CreateApp>> | undefined;
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  try {
    const [{ createApp }, { ensureDemo }, { scheduleNightlyRisk }, { scheduleNightlyBackup }, { hasActiveAdmin }] = await modules;
    if (config.demo) await ensureDemo(db, config, { progress: process.stderr.isTTY });
    app = await createApp(db.orm, db.pool, config);
    await new Promise<void>((resolve, reject) => {
      app!.server.once('error', reject);
      app!.server.listen(config.port, config.host, () => resolve());
    });
    scheduleNightlyRisk(db.pool);
    scheduleNightlyBackup(db.pool, config);
    if (!(await hasActiveAdmin(db.pool))) {
      log.warn('没有启用的系统管理员账号：运行 npx jointcheck user add admin --role ADMIN 创建（会显示临时密码）');
    }
    log.info(`jointcheck 已启动：http://localhost:${config.port}/ （GraphQL: /graphql）`, { port: config.port, embeddedDatabase: db.embedded });
  } catch (err) {
    log.error('start-up failed', { err: String((err as Error).stack ?? err) });
    await db.close();
    process.exit(1);
  }
}

void main();
