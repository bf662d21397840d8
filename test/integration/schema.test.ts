import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaDrift } from '../../server/db/orm.js';
import { printSchemaText } from '../../server/graph/print.js';
import { initTestApp, type TestApp } from '../utils.js';

describe('schema contract', () => {
  it('schema/schema.graphql is what the code emits (run `npm run schema` after changing the API)', async () => {
    const committed = fs.readFileSync(path.resolve(import.meta.dirname, '../../schema/schema.graphql'), 'utf8');
    expect(committed).toBe(await printSchemaText());
  });
});

describe('database contract', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await initTestApp();
  });
  afterAll(() => t.close());

  it('the committed migrations produce exactly the schema the entities describe', async () => {
    expect(await schemaDrift(t.db.orm)).toBe('');
  });
});
