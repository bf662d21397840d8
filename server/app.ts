import crypto from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import http from 'node:http';
import type { Pool } from 'pg';
import { anonymous, type Caller } from './auth/caller.js';
import { readToken } from './auth/session.js';
import { formatError } from './common/errors.js';
import type { AppConfig } from './config/config.js';
import { createLoaders, type GraphContext } from './graph/context.js';
import { getSchema } from './graph/schema.js';
import { ImportKind, templateCsv, templateXlsx } from './importing/columns.js';
import { httpMetrics, metricsText } from './metrics.js';
import { registerExports } from './public/exports.js';
import { registerArchive } from './inspections/archive.js';
import { registerDownloads } from './tasks/downloads.js';
import { registerDashboard } from './dashboard.js';

export interface App {
  server: http.Server;
  apollo: ApolloServer<GraphContext>;
  /** Builds a context as an HTTP request would (tests call `apollo.executeOperation` with it). */
  context(caller?: Caller): GraphContext;
}

function callerFrom(header: string | undefined, secret: string): Caller {
  const m = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
  return (m && readToken(m[1]!, secret)) || anonymous;
}

/** Builds the one-port HTTP app: /graphql, /healthz, /metrics, templates, public downloads and the dashboard. */
export async function createApp(orm: MikroORM, pool: Pool, config: AppConfig): Promise<App> {
  const schema = await getSchema();
  const app = express();
  const server = http.createServer(app);
  const apollo = new ApolloServer<GraphContext>({
    schema,
    formatError,
    introspection: true,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer: server })],
  });
  await apollo.start();

  const context = (caller: Caller = anonymous): GraphContext => {
    const em = orm.em.fork();
    return { em, pool, caller, config, requestId: crypto.randomUUID(), loaders: createLoaders(em, pool) };
  };

  app.disable('x-powered-by');
  app.use(httpMetrics);
  app.get('/healthz', async (_req, res) => {
    try {
      await pool.query('select 1');
      res.json({ status: 'ok', database: 'ok' });
    } catch (err) {
      res.status(503).json({ status: 'error', database: String((err as Error).message) });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type('text/plain; version=0.0.4').send(await metricsText(pool));
  });
  app.get('/templates/:file', async (req, res) => {
    const kinds: Record<string, ImportKind> = { subjects: ImportKind.SUBJECTS, inspectors: ImportKind.INSPECTORS, items: ImportKind.ITEMS };
    const m = /^(subjects|inspectors|items)\.(csv|xlsx)$/.exec(req.params.file);
    if (!m) return void res.status(404).json({ error: '没有这个模板：可下载 subjects / inspectors / items 的 .csv 或 .xlsx' });
    const kind = kinds[m[1]!]!;
    res.attachment(req.params.file);
    if (m[2] === 'csv') res.type('text/csv; charset=utf-8').send(templateCsv(kind));
    else res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await templateXlsx(kind));
  });
  registerDownloads(app, pool);
  registerExports(app, pool);
  registerArchive(app, orm, config, (req) => callerFrom(req.headers.authorization, config.sessionSecret));
  app.use(
    '/graphql',
    express.json({ limit: '20mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => context(callerFrom(req.headers.authorization, config.sessionSecret)),
    }),
  );
  registerDashboard(app);
  return { server, apollo, context };
}
