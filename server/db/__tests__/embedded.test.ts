import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { openToOthers } from '../embedded.js';

it('opens the data folder’s parent to the server user without taking bits away', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'jc-mode-'));
  const shared = path.join(base, 'shared');
  const own = path.join(base, 'own');
  fs.mkdirSync(shared);
  fs.mkdirSync(own);
  fs.chmodSync(shared, 0o1777); // like /tmp
  fs.chmodSync(own, 0o700);
  openToOthers(shared);
  openToOthers(own);
  expect(fs.statSync(shared).mode & 0o7777).toBe(0o1777);
  expect(fs.statSync(own).mode & 0o7777).toBe(0o705);
  fs.rmSync(base, { recursive: true });
});
