import pg from 'pg';

// DATE columns stay 'YYYY-MM-DD' strings (no time-zone shifts); int8 counts become numbers.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/**
 * The plain connection pool used for COPY imports and hand-written SQL (queries.ts files). `settings`
 * are more `-c name=value` session settings (the demo loader's pool commits asynchronously).
 */
export function createPool(url: string, max = 10, settings: Record<string, string> = {}): pg.Pool {
  // Imports stage rows in temporary tables: give them room in memory instead of spilling at 8 MB.
  const options = ['-c temp_buffers=1GB', ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'jointcheck', options });
  pool.on('error', () => undefined); // idle-client errors surface on the next query instead
  return pool;
}
