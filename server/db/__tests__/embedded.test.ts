import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { tempDir } from '../../../test/tmp.js';
import { openToOthers } from '../embedded.js';

it('opens the data folder’s parent to the server user without taking bits away', () => {
  const base = tempDir('jc-mode-');
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
});
