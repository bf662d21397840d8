/**
 * Public downloads of draw bundles (no login): every attempt of every frozen task, as .zip or .tar,
 * with the files of DRAW-SPEC.md §2 inside a folder named after the task and attempt. Anyone can run
 * `jointcheck verify` on it, or their own implementation of the spec.
 */
import type { Express, Response } from 'express';
import type { Pool } from 'pg';
import { anonymous } from '../auth/caller.js';
import { bundleToTar, bundleToZip } from '../draw/bundle.js';
import { loadBundle } from './draw.service.js';
import { replacementsOf } from './task.queries.js';

export { bundlePath } from './task.queries.js';

async function sendBundle(pool: Pool, res: Response, code: string, attempt: number | null, ext: string): Promise<void> {
  const stored = await loadBundle(pool, code, attempt);
  if (!stored) return void res.status(404).json({ error: `任务 ${code}${attempt ? ` 第 ${attempt} 次冻结` : ''}没有可下载的抽取清单` });
  const folder = `${code}-draw${stored.draw.attempt}`;
  const data = ext === 'tar' ? bundleToTar(stored.bundle, { folder }) : bundleToZip(stored.bundle, { folder });
  res.attachment(`${folder}.${ext}`);
  res.setHeader('X-Manifest-Hash', stored.draw.manifestHash);
  res.type(ext === 'tar' ? 'application/x-tar' : 'application/zip').send(data);
}

export function registerDownloads(app: Express, pool: Pool): void {
  app.get('/downloads/tasks/:code/bundle.:ext', async (req, res) => {
    if (!['zip', 'tar'].includes(req.params.ext)) return void res.status(404).json({ error: '仅提供 .zip 或 .tar' });
    await sendBundle(pool, res, req.params.code, null, req.params.ext);
  });
  app.get('/downloads/tasks/:code/draws/:attempt/bundle.:ext', async (req, res) => {
    const attempt = Number(req.params.attempt);
    if (!Number.isInteger(attempt) || attempt < 1 || !['zip', 'tar'].includes(req.params.ext)) return void res.status(404).json({ error: '下载地址无效' });
    await sendBundle(pool, res, req.params.code, attempt, req.params.ext);
  });
  app.get('/downloads/tasks/:code/replacements.json', async (req, res) => {
    const task = await pool.query<{ id: number }>(`select id from task where code = $1 and attempt > 0`, [req.params.code]);
    if (!task.rows[0]) return void res.status(404).json({ error: `任务 ${req.params.code} 不存在或尚未冻结` });
    res.json({ task: req.params.code, replacements: await replacementsOf(pool, anonymous, task.rows[0].id) });
  });
}
