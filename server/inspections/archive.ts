/**
 * The inspection archive (seed 002 第二十三条): photos, scans, audio and video attached to an inspection,
 * streamed to disk under the archive directory by SHA-256 with their size, type-checked by declared type
 * and by content (magic bytes), limited in size, and recorded with an audit event. Staff only.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import type { Express, Request, Response } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { recordAudit } from '../audit/audit.service.js';
import { actorName, assertPasswordSettled, type Caller } from '../auth/caller.js';
import { AppError, badInput, ErrorCode, notFound } from '../common/errors.js';
import { log } from '../common/log.js';
import type { AppConfig } from '../config/config.js';
import { Attachment, AttachmentKind } from './attachment.entity.js';
import { Inspection } from './inspection.entity.js';
import { assertTakesPart } from './result.service.js';

/** Accepted types: which kinds they may be, and how their content starts. */
const TYPES: Record<string, { kinds: AttachmentKind[]; magic: (head: Buffer) => boolean }> = {
  'image/jpeg': { kinds: [AttachmentKind.PHOTO, AttachmentKind.SCAN], magic: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  'image/png': { kinds: [AttachmentKind.PHOTO, AttachmentKind.SCAN], magic: (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  'application/pdf': { kinds: [AttachmentKind.SCAN], magic: (h) => h.subarray(0, 5).toString('latin1') === '%PDF-' },
  'audio/mpeg': { kinds: [AttachmentKind.AUDIO], magic: (h) => h.subarray(0, 3).toString('latin1') === 'ID3' || (h[0] === 0xff && (h[1]! & 0xe0) === 0xe0) },
  'audio/wav': { kinds: [AttachmentKind.AUDIO], magic: (h) => h.subarray(0, 4).toString('latin1') === 'RIFF' && h.subarray(8, 12).toString('latin1') === 'WAVE' },
  'audio/mp4': { kinds: [AttachmentKind.AUDIO], magic: (h) => h.subarray(4, 8).toString('latin1') === 'ftyp' },
  'video/mp4': { kinds: [AttachmentKind.VIDEO], magic: (h) => h.subarray(4, 8).toString('latin1') === 'ftyp' },
  'video/quicktime': { kinds: [AttachmentKind.VIDEO], magic: (h) => h.subarray(4, 8).toString('latin1') === 'ftyp' },
};

const TYPE_LIST = Object.keys(TYPES).join('、');

export interface UploadRequest {
  inspection: number;
  kind: AttachmentKind;
  fileName: string;
  mimeType: string;
  description?: string | null;
  body: Readable;
  /** Content-Length, when the client sent one: an oversize upload is refused before it is read. */
  declaredBytes?: number;
}

/** Stores one attachment; the file is written before the row, and a failure leaves no row behind. */
export async function storeAttachment(orm: MikroORM, config: AppConfig, caller: Caller, req: UploadRequest): Promise<Attachment> {
  if (!Object.values(AttachmentKind).includes(req.kind)) throw badInput('kind', '附件类别应为 PHOTO（照片）、SCAN（扫描件）、AUDIO（录音）或 VIDEO（录像）');
  const type = TYPES[req.mimeType.split(';')[0]!.trim().toLowerCase()];
  if (!type) throw badInput('Content-Type', `不支持的文件类型"${req.mimeType}"，可上传：${TYPE_LIST}`);
  if (!type.kinds.includes(req.kind)) throw badInput('kind', `类型 ${req.mimeType} 不能作为 ${req.kind} 归档`);
  const fileName = req.fileName.trim();
  if (!fileName || fileName.length > 200 || /[\u0000-\u001f/\\]/.test(fileName)) throw badInput('name', '文件名无效（1–200 个字符，不含路径和控制字符）');
  const em = orm.em.fork();
  const inspection = await em.findOne(Inspection, { id: req.inspection }, { populate: ['task', 'subject'] });
  if (!inspection) throw notFound('检查', String(req.inspection), 'inspection');
  assertTakesPart(caller, inspection.task.departments, true);

  await fs.promises.mkdir(path.join(config.archiveDir, 'tmp'), { recursive: true });
  const tmp = path.join(config.archiveDir, 'tmp', crypto.randomUUID());
  const hash = crypto.createHash('sha256');
  const tooBig = () => new AppError(ErrorCode.BAD_USER_INPUT, `文件超过大小上限 ${config.archiveMaxBytes >= 1048576 ? `${Math.floor(config.archiveMaxBytes / 1048576)} MB` : `${Math.floor(config.archiveMaxBytes / 1024)} KB`}`, 'body', { httpStatus: 413 });
  if (req.declaredBytes !== undefined && req.declaredBytes > config.archiveMaxBytes) throw tooBig();
  let bytes = 0;
  let head = Buffer.alloc(0);
  // Past the limit the rest of the upload is read and dropped rather than the connection cut, so the
  // client receives the 413 answer instead of a reset.
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > config.archiveMaxBytes) return done();
      if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(req.body, meter, fs.createWriteStream(tmp));
    if (bytes > config.archiveMaxBytes) throw tooBig();
    if (bytes === 0) throw badInput('body', '文件为空');
    if (!type.magic(head)) throw badInput('Content-Type', `文件内容与声明的类型 ${req.mimeType} 不符`);
    const sha256 = hash.digest('hex');
    const dir = path.join(config.archiveDir, sha256.slice(0, 2));
    await fs.promises.mkdir(dir, { recursive: true });
    await fs.promises.rename(tmp, path.join(dir, sha256));
    return await em.transactional(async (tem) => {
      const a = tem.create(Attachment, {
        inspection, kind: req.kind, fileName, mimeType: req.mimeType.split(';')[0]!.trim().toLowerCase(), bytes, sha256,
        description: req.description?.trim() || null, uploadedBy: actorName(caller),
      });
      tem.persist(a);
      await tem.flush();
      recordAudit(tem, caller, { action: 'ATTACH', entity: 'Inspection', entityKey: `${inspection.task.code}/${inspection.subject.key}`, detail: { attachment: a.id, kind: a.kind, fileName, bytes, sha256 } });
      return a;
    });
  } finally {
    await fs.promises.rm(tmp, { force: true });
  }
}

export function attachmentPath(config: Pick<AppConfig, 'archiveDir'>, sha256: string): string {
  return path.join(config.archiveDir, sha256.slice(0, 2), sha256);
}

function fail(res: Response, e: unknown): void {
  if (e instanceof AppError) {
    const status = Number(e.details?.httpStatus) || (e.code === ErrorCode.NOT_FOUND ? 404 : e.code === ErrorCode.FORBIDDEN || e.code === ErrorCode.PASSWORD_CHANGE_REQUIRED ? 403 : e.code === ErrorCode.UNAUTHENTICATED ? 401 : 400);
    res.status(status).json({ error: e.message, code: e.code, field: e.field ?? null });
    return;
  }
  const requestId = Math.random().toString(36).slice(2, 10);
  log.error('archive request failed', { requestId, err: String((e as Error)?.stack ?? e) });
  res.status(500).json({ error: `服务器内部错误（请求编号 ${requestId}）`, code: 'INTERNAL_SERVER_ERROR', field: null });
}

/** POST /uploads/inspections/:id?kind=PHOTO&name=…&description=… (raw body, Content-Type); GET /uploads/attachments/:id. */
export function registerArchive(app: Express, orm: MikroORM, config: AppConfig, callerOf: (req: Request) => Promise<Caller>): void {
  app.post('/uploads/inspections/:id', async (req, res) => {
    try {
      const caller = await callerOf(req);
      if (caller.kind === 'anonymous') throw new AppError(ErrorCode.UNAUTHENTICATED, '请先登录');
      assertPasswordSettled(caller);
      const q = req.query as Record<string, string | undefined>;
      const a = await storeAttachment(orm, config, caller, {
        inspection: Number(req.params.id), kind: (q.kind ?? '') as AttachmentKind, fileName: q.name ?? '', mimeType: req.headers['content-type'] ?? '',
        description: q.description ?? null, body: req,
        declaredBytes: req.headers['content-length'] ? Number(req.headers['content-length']) : undefined,
      });
      res.status(201).json({ id: a.id, kind: a.kind, fileName: a.fileName, mimeType: a.mimeType, bytes: a.bytes, sha256: a.sha256, url: `/uploads/attachments/${a.id}` });
    } catch (e) {
      req.resume();
      fail(res, e);
    }
  });
  app.get('/uploads/attachments/:id', async (req, res) => {
    try {
      const caller = await callerOf(req);
      if (caller.kind === 'anonymous') throw new AppError(ErrorCode.UNAUTHENTICATED, '请先登录');
      assertPasswordSettled(caller);
      const a = await orm.em.fork().findOne(Attachment, { id: Number(req.params.id) || 0 }, { populate: ['inspection.task'] });
      if (!a) throw notFound('附件', req.params.id);
      // Archives may show people and premises: only the departments taking part (and the office) open them.
      assertTakesPart(caller, a.inspection.task.departments, true);
      res.setHeader('X-Content-SHA256', a.sha256);
      res.type(a.mimeType);
      res.attachment(a.fileName);
      res.sendFile(attachmentPath(config, a.sha256));
    } catch (e) {
      fail(res, e);
    }
  });
}
