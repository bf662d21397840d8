import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import ExcelJS from 'exceljs';
import { badInput } from '../common/errors.js';
import { parseCsv } from './csv.js';

export interface RawRecord {
  /** 1-based line (CSV) or row (XLSX) number in the file, as the clerk sees it. */
  line: number;
  values: string[];
}

/** Streams CSV records with their line numbers; memory stays flat whatever the file size. */
export function readCsv(input: Readable | string): AsyncGenerator<RawRecord> {
  return parseCsv(typeof input === 'string' ? [input] : (input as AsyncIterable<Buffer>));
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

/** Streams the first worksheet of an .xlsx file row by row. */
export async function* readXlsx(file: string): AsyncGenerator<RawRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit', hyperlinks: 'ignore' });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values: string[] = [];
      const raw = row.values as ExcelJS.CellValue[];
      for (let i = 1; i < raw.length; i++) values.push(cellText(raw[i]));
      if (values.every((v) => v.trim() === '')) continue;
      yield { line: row.number, values };
    }
    return; // only the first sheet holds data; a second one may hold instructions
  }
}

/** Passes chunks through unchanged, showing each to `tap` (byte counts, the file's digest). */
function tapStream(tap: (chunk: Buffer) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      tap(chunk);
      cb(null, chunk);
    },
  });
}

/** Whether an import file is CSV or XLSX (by its extension); refuses missing files and other types. */
export function fileFormat(file: string): 'csv' | 'xlsx' {
  if (!fs.existsSync(file)) throw badInput('file', `文件不存在：${file}`);
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.csv' && ext !== '.txt' && ext !== '.xlsx') throw badInput('file', `不支持的文件类型"${ext}"：请使用 .csv 或 .xlsx`);
  return ext === '.xlsx' ? 'xlsx' : 'csv';
}

/**
 * Opens a .csv or .xlsx file as a stream of records. `tap` sees every byte of the file as it is read
 * (for progress and the file's SHA-256).
 */
export function readFile(file: string, tap?: (chunk: Buffer) => void): AsyncGenerator<RawRecord> {
  if (fileFormat(file) === 'xlsx') {
    if (tap) tap(fs.readFileSync(file));
    return readXlsx(file);
  }
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  return readCsv(tap ? stream.pipe(tapStream(tap)) : stream);
}
