/**
 * Open data (公示): published inspection results as CSV and JSON per year, optionally per region, each
 * with its SHA-256 beside the download, and a data dictionary. Only current, published versions; no
 * personal data (no signatory, no operator, no notes).
 */
import crypto from 'node:crypto';
import type { Express, Response } from 'express';
import type { Pool } from 'pg';
import { csvDocument } from '../demo/csv.js';

/** Every exported column: machine name, Chinese header, meaning. */
export const DICTIONARY: { name: string; header: string; description: string }[] = [
  { name: 'taskCode', header: '任务编号', description: '抽查任务编号，可在 /tasks/<编号> 查看抽取过程并下载抽取清单' },
  { name: 'joint', header: '联合抽查', description: '是否为两个及以上部门参加的联合抽查（是/否；JSON 为 true/false）' },
  { name: 'subjectKey', header: '主体标识', description: '统一社会信用代码；无代码的对象为平台主体编号' },
  { name: 'subjectName', header: '主体名称', description: '检查对象名称' },
  { name: 'regionCode', header: '行政区划代码', description: 'GB/T 2260 行政区划代码' },
  { name: 'industryCode', header: '行业代码', description: 'GB/T 4754-2017 国民经济行业分类代码' },
  { name: 'visitDate', header: '检查日期', description: '检查（结束）日期 YYYY-MM-DD' },
  { name: 'itemCode', header: '事项编码', description: '随机抽查事项清单中的事项编码' },
  { name: 'itemVersion', header: '事项版本', description: '检查时适用的事项版本' },
  { name: 'itemContent', header: '抽查内容', description: '事项的抽查内容' },
  { name: 'departmentCode', header: '部门代码', description: '事项所属（实施检查）的部门' },
  { name: 'outcome', header: '检查结果', description: 'NO_PROBLEM 未发现问题；PROBLEM_CORRECTED 发现问题已责令改正；PROBLEM_FOLLOW_UP 发现问题待后续处理；UNREACHABLE 通过登记的住所（经营场所）无法联系；REFUSED 不配合检查；NOT_OPERATING 未开展经营活动' },
  { name: 'findings', header: '检查情况', description: '发现的问题及处理情况' },
  { name: 'resultVersion', header: '结果版本', description: '1 为原始公示；大于 1 为经部门负责人签批的更正版本' },
  { name: 'publishedAt', header: '公示时间', description: '本版本的公示时间（ISO 8601）' },
];

interface Row {
  [k: string]: string | number | boolean | null;
}

async function publishedRows(pool: Pool, year: number, region: string | null): Promise<Row[]> {
  const r = await pool.query<Row>(
    `select t.code as "taskCode", t.joint, s.key as "subjectKey", s.name as "subjectName", s.region_code as "regionCode", s.industry_code as "industryCode",
            r.visit_date as "visitDate", c.code as "itemCode", c.version as "itemVersion", c.content as "itemContent", ir.department_code as "departmentCode",
            ir.outcome, case when ir.confidential then '（涉及商业秘密或个人隐私，不予公示）' else ir.findings end as findings, r.version as "resultVersion", to_char(r.published_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"') as "publishedAt"
       from item_result ir
       join inspection_result r on r.id = ir.result_id
       join inspection i on i.id = r.inspection_id and i.current_result_id = r.id
       join task t on t.id = i.task_id
       join subject s on s.id = i.subject_id
       join check_item c on c.id = ir.item_id
      where r.published_at is not null and extract(year from r.visit_date) = $1 and ($2::text is null or s.region_code like $2 || '%')
      order by r.visit_date, t.code, s.key, c.code`,
    [year, region],
  );
  return r.rows;
}

export function toCsv(rows: Row[]): Buffer {
  const cell = (v: Row[string] | undefined) => (v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? '是' : '否') : String(v));
  return Buffer.from(csvDocument(DICTIONARY.map((d) => d.header), rows.map((row) => DICTIONARY.map((d) => cell(row[d.name])))), 'utf8');
}

export function toJson(rows: Row[], year: number, region: string | null): Buffer {
  return Buffer.from(`${JSON.stringify({ dataset: 'published-inspection-results', year, region, count: rows.length, rows }, null, 1)}\n`, 'utf8');
}

export interface ExportFile {
  name: string;
  url: string;
  bytes: number;
  sha256: string;
  rows: number;
}

/** The export files of a year (and region), built from the database and hashed. */
export async function buildExports(pool: Pool, year: number, region: string | null): Promise<{ files: ExportFile[]; data: Map<string, Buffer> }> {
  const rows = await publishedRows(pool, year, region);
  const base = region ? `results-${year}-${region}` : `results-${year}`;
  const data = new Map<string, Buffer>([[`${base}.csv`, toCsv(rows)], [`${base}.json`, toJson(rows, year, region)]]);
  const files = [...data].map(([name, buf]) => ({
    name, url: `/downloads/results/${name}`, bytes: buf.length, sha256: crypto.createHash('sha256').update(buf).digest('hex'), rows: rows.length,
  }));
  return { files, data };
}

const NAME = /^results-(\d{4})(?:-(\d{2,12}))?\.(csv|json)(\.sha256)?$/;

function send(res: Response, name: string, buf: Buffer): void {
  res.setHeader('X-Content-SHA256', crypto.createHash('sha256').update(buf).digest('hex'));
  res.attachment(name);
  res.type(name.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8').send(buf);
}

export function registerExports(app: Express, pool: Pool): void {
  app.get('/downloads/results/dictionary.json', (_req, res) => {
    res.json({ dataset: 'published-inspection-results', encoding: 'UTF-8（CSV 带 BOM，LF 换行，RFC 4180 引号规则）', columns: DICTIONARY });
  });
  app.get('/downloads/results/index.json', async (req, res) => {
    const region = typeof req.query.region === 'string' && /^\d{2,12}$/.test(req.query.region) ? req.query.region : null;
    const years = await pool.query<{ year: number }>(
      `select distinct extract(year from visit_date)::int as year from inspection_result where published_at is not null order by 1 desc`,
    );
    const out: ExportFile[] = [];
    for (const { year } of years.rows) out.push(...(await buildExports(pool, year, region)).files);
    res.json({ dataset: 'published-inspection-results', region, dictionary: '/downloads/results/dictionary.json', files: out });
  });
  app.get('/downloads/results/:file', async (req, res) => {
    const m = NAME.exec(req.params.file);
    if (!m) return void res.status(404).json({ error: '文件名应为 results-<年度>[-<区划代码>].csv 或 .json（加 .sha256 取摘要）' });
    const { files, data } = await buildExports(pool, Number(m[1]), m[2] ?? null);
    const name = `${req.params.file.replace(/\.sha256$/, '')}`;
    const file = files.find((f) => f.name === name)!;
    if (m[4]) return void res.type('text/plain; charset=utf-8').send(`${file.sha256}  ${file.name}\n`);
    send(res, name, data.get(name)!);
  });
}
