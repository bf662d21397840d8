import type { NextFunction, Request, Response } from 'express';
import type { Pool } from 'pg';

const requests = new Map<string, number>();
const durations = { sum: 0, count: 0 };

/** Counts requests by route and status for /metrics. */
export function httpMetrics(req: Request, res: Response, next: NextFunction): void {
  const start = process.hrtime.bigint();
  res.on('finish', () => {
    const route = req.path.startsWith('/graphql') ? '/graphql' : req.path === '/healthz' || req.path === '/metrics' ? req.path : 'other';
    const key = `method="${req.method}",route="${route}",status="${res.statusCode}"`;
    requests.set(key, (requests.get(key) ?? 0) + 1);
    durations.sum += Number(process.hrtime.bigint() - start) / 1e9;
    durations.count++;
  });
  next();
}

/** Prometheus text exposition: HTTP counters, process figures, database pool and table sizes. */
export async function metricsText(pool: Pool): Promise<string> {
  const lines: string[] = [];
  lines.push('# HELP jointcheck_http_requests_total HTTP requests by route and status.', '# TYPE jointcheck_http_requests_total counter');
  for (const [k, v] of requests) lines.push(`jointcheck_http_requests_total{${k}} ${v}`);
  lines.push('# TYPE jointcheck_http_request_seconds summary', `jointcheck_http_request_seconds_sum ${durations.sum}`, `jointcheck_http_request_seconds_count ${durations.count}`);
  const mem = process.memoryUsage();
  lines.push('# TYPE process_resident_memory_bytes gauge', `process_resident_memory_bytes ${mem.rss}`);
  lines.push('# TYPE nodejs_heap_used_bytes gauge', `nodejs_heap_used_bytes ${mem.heapUsed}`);
  lines.push('# TYPE process_uptime_seconds gauge', `process_uptime_seconds ${process.uptime()}`);
  lines.push('# TYPE jointcheck_db_pool_connections gauge', `jointcheck_db_pool_connections{state="total"} ${pool.totalCount}`, `jointcheck_db_pool_connections{state="idle"} ${pool.idleCount}`);
  const r = await pool.query<{ relname: string; n: string }>(
    `select relname, n_live_tup as n from pg_stat_user_tables where relname in ('subject','inspector','check_item','department','library_member','audit_event')`,
  );
  lines.push('# HELP jointcheck_rows Approximate live rows per table.', '# TYPE jointcheck_rows gauge');
  for (const row of r.rows) lines.push(`jointcheck_rows{table="${row.relname}"} ${row.n}`);
  return lines.join('\n') + '\n';
}
