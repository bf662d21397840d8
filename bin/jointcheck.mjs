#!/usr/bin/env node
// The `jointcheck` command. TypeScript sources run through tsx's loader (no build step): the CLI runs
// in a child Node with `--import tsx`, and this wrapper passes on its exit code and any SIGINT/SIGTERM.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const tsx = pathToFileURL(require.resolve('tsx')).href;
const entry = path.join(import.meta.dirname, '..', 'server', 'cli', 'entry.ts');
// A larger young generation: the demo loader and imports allocate many short-lived objects (about a tenth less time).
const child = spawn(process.execPath, ['--max-semi-space-size=32', '--import', tsx, entry, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 15 : 1)));
