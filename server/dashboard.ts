import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import express, { type Express, type Request, type Response } from 'express';
import { projectRoot } from './config/config.js';

export const dashboardDist = path.join(projectRoot, 'dashboard', 'dist');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};
/** Worth compressing: text, and more than a packet's worth of it. */
const compressible = (type: string, size: number) => size > 1024 && /^(text\/|image\/svg|application\/json)/.test(type);

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
  /** The body gzip-compressed, made on the first request that accepts it. */
  gzip?: Buffer;
}

/**
 * The dashboard's build output (`/assets/…`): every file name carries a hash of its content, so a file never
 * changes under its name. Each is read once and then served from memory, cached by the browser for a year
 * (immutable) and gzip-compressed for browsers that accept it (compressed once). A page's first load asks
 * for dozens of these; served this way the hub answers each without touching the disk or the event loop for
 * long, which matters most while it is also answering the page's GraphQL.
 */
function assetHandler(dir: string) {
  const cache = new Map<string, Asset | null>();
  function load(name: string): Asset | null {
    let asset = cache.get(name);
    if (asset !== undefined) return asset;
    asset = null;
    // Only plain file names of the folder (no path separators, no dot files); a rebuilt dashboard's new
    // names are found on first request.
    if (/^[\w-][\w.-]*$/.test(name)) {
      try {
        const body = fs.readFileSync(path.join(dir, name));
        const type = TYPES[path.extname(name)] ?? 'application/octet-stream';
        asset = { body, type, etag: `"${body.length.toString(36)}-${name}"` };
      } catch {
        asset = null;
      }
    }
    // Misses are remembered too (a scanner asking for thousands of names gets a bounded cache).
    if (asset || cache.size < 10_000) cache.set(name, asset);
    return asset;
  }
  return (req: Request<{ file: string }>, res: Response) => {
    const asset = load(req.params.file);
    if (!asset) return void res.status(404).type('text/plain; charset=utf-8').send('没有这个文件');
    res.setHeader('Content-Type', asset.type);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('ETag', asset.etag);
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === asset.etag) return void res.status(304).end();
    let body = asset.body;
    if (compressible(asset.type, body.length) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      asset.gzip ??= zlib.gzipSync(asset.body, { level: 9 });
      body = asset.gzip;
      res.setHeader('Content-Encoding', 'gzip');
    }
    res.setHeader('Content-Length', body.length);
    if (req.method === 'HEAD') return void res.end();
    res.end(body);
  };
}

/**
 * The dashboard on the hub's port: its assets (see assetHandler), and index.html for every other path that
 * is not the API's (the single-page app's history-mode routes). Without a build, `/` says how to make one.
 */
export function registerDashboard(app: Express, dir = dashboardDist): void {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    app.get('/', (_req, res) => res.type('text/plain; charset=utf-8').send('jointcheck: 仪表盘尚未构建，请运行 npm run build:dashboard'));
    return;
  }
  app.get('/assets/:file', assetHandler(path.join(dir, 'assets')));
  app.use(express.static(dir, { index: false, maxAge: '1h' }));
  // index.html names the current assets: always asked for afresh.
  app.get(/^\/(?!graphql|healthz|metrics|templates|downloads|uploads).*/, (_req, res) =>
    res.setHeader('Cache-Control', 'no-cache').sendFile(path.join(dir, 'index.html')),
  );
}
