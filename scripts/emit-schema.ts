import 'reflect-metadata';
// Writes schema/schema.graphql from the code; the schema test fails when the committed file differs.
import fs from 'node:fs';
import path from 'node:path';
import { printSchemaText } from '../server/graph/print.js';

const out = path.resolve(import.meta.dirname, '../schema/schema.graphql');
fs.writeFileSync(out, await printSchemaText());
console.log(`wrote ${out}`);
