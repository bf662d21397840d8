import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyValue = string | number | null | string[];

export function escapeText(s: string): string {
  // COPY text format: backslash escapes for the delimiter, line breaks and the backslash itself.
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : s;
}

export function arrayLiteral(items: string[]): string {
  return `{${items.map((i) => `"${i.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** One row in COPY text format (tab-separated, `\N` for NULL, arrays as PostgreSQL array literals). */
export function copyLine(values: CopyValue[]): string {
  return (
    values
      .map((v) => (v === null ? '\\N' : Array.isArray(v) ? escapeText(arrayLiteral(v)) : escapeText(String(v))))
      .join('\t') + '\n'
  );
}

/** A COPY … FROM STDIN stream; `write` waits while PostgreSQL is slower than the producer, so memory stays bounded. */
export class CopyWriter {
  private stream: ReturnType<typeof copyFrom>;
  private done: Promise<void>;

  /** `freeze`: for a table created or emptied in the same transaction (COPY … FREEZE). */
  constructor(client: PoolClient, table: string, columns: string[], opts: { freeze?: boolean } = {}) {
    const freeze = opts.freeze ? ' with (freeze)' : '';
    this.stream = client.query(copyFrom(`copy ${table} (${columns.map((c) => `"${c}"`).join(',')}) from stdin${freeze}`));
    this.done = new Promise((resolve, reject) => {
      this.stream.on('finish', resolve);
      this.stream.on('error', reject);
    });
    // Rejections surface through `end()`; avoid an unhandled one in the meantime.
    this.done.catch(() => undefined);
  }

  async write(text: string | Buffer): Promise<void> {
    if (!text.length) return;
    if (!this.stream.write(text)) await new Promise<void>((r) => this.stream.once('drain', r));
  }

  async end(): Promise<void> {
    this.stream.end();
    await this.done;
  }
}
