import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import express from 'express';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDashboard } from '../../server/dashboard.js';
import { tempDir } from '../tmp.js';

// The dashboard as the hub serves it, from a build folder of its own (no database needed).
let dir: string;
let server: http.Server;
let base: string;
const script = `export const answer = ${JSON.stringify('联合抽查'.repeat(400))};\n`;

beforeAll(async () => {
  dir = tempDir('jc-dist-');
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="app"></div>');
  fs.writeFileSync(path.join(dir, 'assets', 'index-AbC123.js'), script);
  fs.writeFileSync(path.join(dir, 'assets', 'tiny-Zz9.css'), 'a{}');
  const app = express();
  registerDashboard(app, dir);
  server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

/** A raw GET (fetch would undo the compression before the test sees it). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(`${base}${url}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('serving the dashboard', () => {
  it('serves a hashed asset for a year, compressed when the browser accepts gzip, and 304 for a copy it has', async () => {
    const plain = await get('/assets/index-AbC123.js');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);

    const zipped = await get('/assets/index-AbC123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect(zipped.body.length).toBeLessThan(Buffer.byteLength(script) / 4);
    expect(zlib.gunzipSync(zipped.body).toString()).toBe(script);

    const again = await get('/assets/index-AbC123.js', { 'if-none-match': String(plain.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);

    // Too small to be worth compressing.
    const tiny = await get('/assets/tiny-Zz9.css', { 'accept-encoding': 'gzip' });
    expect(tiny.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(tiny.headers['content-encoding']).toBeUndefined();
  });

  it('finds assets of a rebuild made while it runs, and answers 404 for a missing one instead of the page', async () => {
    fs.writeFileSync(path.join(dir, 'assets', 'later-Q1.js'), 'export {}\n');
    expect((await get('/assets/later-Q1.js')).status).toBe(200);
    const missing = await get('/assets/gone-X.js');
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).toBe('没有这个文件');
    // Nothing outside the folder.
    expect((await get('/assets/..%2Findex.html')).status).toBe(404);
  });

  it('answers every page path with index.html, never cached, and leaves the API paths alone', async () => {
    const page = await get('/cockpit?year=2025');
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body.toString()).toContain('<div id="app">');
    expect((await get('/graphql')).status).toBe(404);
  });
});
