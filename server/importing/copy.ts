import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyValue = string | number | null | string[];

function escapeText(s: string): string {
  // COPY text format: backslash escapes for the delimiter, line breaks and the backslash itself.
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : s;
}

function arrayLiteral(items: string[]): string {
  return `{${items.map((i) => `"${i.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

export function copyLine(values: CopyValue[]): string {
  return (
    values
      .map((v) => (v === null ? '\\N' : Array.isArray(v) ? escapeText(arrayLiteral(v)) : escapeText(String(v))))
      .join('\t') + '\n'
  );
}

/**
 * A COPY … FROM STDIN stream fed in chunks; `push` waits when PostgreSQL is slower than the parser,
 * so memory stays bounded.
 */
export class CopyWriter {
  private buf: string[] = [];
  private size = 0;
  private stream: ReturnType<typeof copyFrom>;
  private done: Promise<void>;
  rows = 0;

  constructor(client: PoolClient, table: string, columns: string[]) {
    this.stream = client.query(copyFrom(`copy ${table} (${columns.map((c) => `"${c}"`).join(',')}) from stdin`));
    this.done = new Promise((resolve, reject) => {
      this.stream.on('finish', resolve);
      this.stream.on('error', reject);
    });
    // Rejections surface through `end()`; avoid an unhandled one in the meantime.
    this.done.catch(() => undefined);
  }

  async push(values: CopyValue[]): Promise<void> {
    const line = copyLine(values);
    this.buf.push(line);
    this.size += line.length;
    this.rows++;
    if (this.size >= 1 << 18) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.buf.length) return;
    const chunk = this.buf.join('');
    this.buf = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await new Promise<void>((r) => this.stream.once('drain', r));
  }

  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
    await this.done;
  }
}
