import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type BrowserContext, type Download, type Locator } from 'playwright-core';
import { tempDir } from '../tmp.js';

export const artifacts = path.resolve(import.meta.dirname, '../artifacts');

/** Debian's Chromium, headless, with the flags this sandbox needs (no background network, no sandbox as root). */
export async function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = tempDir('jc-chromium-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  fs.mkdirSync(artifacts, { recursive: true });
  return {
    context,
    // The profile folder is removed when the test file finishes (test/tmp.ts).
    close: () => context.close(),
  };
}

/**
 * Chooses an entry of a table's 导出 menu (components/TableExport.vue) inside `scope` and waits for the file:
 * `item` is export-page-csv, export-page-xlsx, export-all-csv or export-all-xlsx. Answers the download.
 */
export async function exportTable(scope: Locator, item: string): Promise<Download> {
  const page = scope.page();
  await scope.locator('[data-test="table-export"]').click();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.locator(`[data-test="${item}"]:visible`).click()]);
  return download;
}

/** The first sheet of a downloaded XLSX as rows of cell values, after `unzip -t` has checked the archive (CRCs, headers). */
export async function readXlsx(file: string): Promise<{ sheet: string; rows: unknown[][]; frozen: boolean }> {
  execFileSync('unzip', ['-tq', file]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.worksheets[0]!;
  // Dense rows: exceljs leaves empty cells out, the files leave empty cells out too.
  const width = sheet.columnCount;
  const rows = sheet.getSheetValues().slice(1).map((r) => Array.from({ length: width }, (_, i) => (Array.isArray(r) ? (r[i + 1] ?? '') : '')));
  return { sheet: sheet.name, rows, frozen: sheet.views[0]?.state === 'frozen' };
}
