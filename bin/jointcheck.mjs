#!/usr/bin/env node
// The `jointcheck` command. TypeScript sources run through tsx's loader, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../server/cli/main.ts');
process.exitCode = await run(process.argv.slice(2));
