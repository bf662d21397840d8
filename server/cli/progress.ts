/** Progress on a terminal: one redrawn bar; elsewhere (CI, logs): a plain line now and then. */
export class Progress {
  private last = 0;
  private readonly start = Date.now();
  constructor(
    private readonly label: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly tty = !!process.stderr.isTTY,
  ) {}

  /** `done` of `total` (bytes or rows); `rows` is shown as the human figure. */
  update(done: number, total: number | undefined, rows: number): void {
    const now = Date.now();
    if (now - this.last < (this.tty ? 100 : 2000)) return;
    this.last = now;
    const rate = Math.round(rows / Math.max(0.001, (now - this.start) / 1000));
    if (this.tty) {
      const frac = total ? Math.min(1, done / total) : 0;
      const width = 30;
      const bar = total ? '█'.repeat(Math.round(frac * width)).padEnd(width, '░') : '';
      this.out.write(`\r${this.label} ${bar} ${total ? `${(frac * 100).toFixed(0).padStart(3)}% ` : ''}${rows} 行 ${rate} 行/秒   `);
    } else {
      this.out.write(`${this.label}: ${rows} 行, ${rate} 行/秒\n`);
    }
  }

  finish(rows: number): void {
    const secs = (Date.now() - this.start) / 1000;
    if (this.tty) this.out.write('\r\x1b[K');
    this.out.write(`${this.label}: 共 ${rows} 行，用时 ${secs.toFixed(1)} 秒\n`);
  }
}
