import crypto from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind } from 'graphql';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import http from 'node:http';
import type { Pool } from 'pg';
import { anonymous, PASSWORD_CHANGE_FIELDS, passwordChangeRequired, passwordUnsettled, type Caller } from './auth/caller.js';
import { resolveCaller } from './auth/session.js';
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

/**
 * Until an account has replaced the password an administrator gave it, its GraphQL operations may only name the
 * fields of PASSWORD_CHANGE_FIELDS (every other request is refused before anything runs).
 */
const passwordChangeGate: ApolloServerPlugin<GraphContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation }) {
        if (!passwordUnsettled(contextValue.caller)) return;
        const other = !operation || operation.selectionSet.selections.some((s) => s.kind !== Kind.FIELD || !PASSWORD_CHANGE_FIELDS.has(s.name.value));
        if (!other) return;
        const refusal = passwordChangeRequired();
        throw new GraphQLError(refusal.message, { originalError: refusal, extensions: { http: { status: 403 } } });
      },
    };
  },
};

/** Builds the one-port HTTP app: /graphql, /healthz, /metrics, templates, public downloads and the dashboard. */
export async function createApp(orm: MikroORM, pool: Pool, config: AppConfig): Promise<App> {
  const schema = await getSchema();
  const app = express();
  const server = http.createServer(app);
  const apollo = new ApolloServer<GraphContext>({
    schema,
    formatError,
    introspection: true,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer: server }), passwordChangeGate],
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
  registerArchive(app, orm, config, (req) => resolveCaller(pool, req.headers.authorization, config.sessionSecret));
  app.use(
    '/graphql',
    express.json({ limit: '20mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => context(await resolveCaller(pool, req.headers.authorization, config.sessionSecret)),
    }),
  );
  registerDashboard(app);
  return { server, apollo, context };
}
