/**
 * Prints the SQL that would bring a freshly migrated database to what the entities describe — the
 * starting point of a new migration (`node --import tsx scripts/schema-diff.ts`). Empty output means
 * the committed migrations are complete.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../server/db/embedded.js';
import { openOrm, schemaDrift } from '../server/db/orm.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointcheck-schema-diff-'));
const db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), persistent: false, database: 'postgres' });
try {
  const orm = await openOrm(db.url);
  const sql = await schemaDrift(orm);
  process.stdout.write(sql ? `${sql}\n` : '');
  await orm.close(true);
} finally {
  await db.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
