import { usccCheckChar } from '../reference/uscc.js';

/** The spreadsheet formats departments already keep, with Chinese headers (and English aliases for systems). */
export interface ColumnSpec {
  /** Canonical Chinese header, as in the downloadable template. */
  header: string;
  /** Field name used in code and accepted as an alternative header. */
  field: string;
  required: boolean;
  /** One line of guidance shown in the template's second sheet / README. */
  hint: string;
}

export enum ImportKind {
  SUBJECTS = 'SUBJECTS',
  INSPECTORS = 'INSPECTORS',
  ITEMS = 'ITEMS',
}

export const SUBJECT_COLUMNS: ColumnSpec[] = [
  { header: '统一社会信用代码', field: 'uscc', required: false, hint: '18 位，含校验位；无代码的对象留空并填写主体编号' },
  { header: '主体编号', field: 'publicId', required: false, hint: '无统一社会信用代码时的稳定编号（字母、数字、-、_，3–40 位）；都为空时由系统生成' },
  { header: '名称', field: 'name', required: true, hint: '主体名称' },
  { header: '主体类型', field: 'kind', required: true, hint: '企业 / 个体工商户 / 其他组织 / 产品 / 项目 / 行为' },
  { header: '行政区划代码', field: 'regionCode', required: true, hint: 'GB/T 2260，6、9 或 12 位数字' },
  { header: '行业代码', field: 'industryCode', required: false, hint: 'GB/T 4754-2017 门类字母或 2–4 位数字代码' },
  { header: '经营范围', field: 'businessScope', required: false, hint: '' },
  { header: '注册地址', field: 'address', required: false, hint: '' },
  { header: '经营者', field: 'operatorName', required: false, hint: '个人信息，不对外公示' },
  { header: '联系电话', field: 'operatorPhone', required: false, hint: '个人信息，不对外公示' },
  { header: '状态', field: 'status', required: false, hint: '存续（默认）/ 吊销 / 注销 / 无法联系' },
  { header: '标签', field: 'tags', required: false, hint: '多个以分号 ; 分隔' },
  { header: '风险等级', field: 'riskGrade', required: false, hint: 'A / B / C / D，可留空' },
];

export const INSPECTOR_COLUMNS: ColumnSpec[] = [
  { header: '执法证号', field: 'key', required: true, hint: '执法证件编号，唯一' },
  { header: '姓名', field: 'name', required: true, hint: '' },
  { header: '部门代码', field: 'department', required: true, hint: '所属部门代码；使用 --department 时可留空' },
  { header: '证件有效期起', field: 'certificateValidFrom', required: false, hint: 'YYYY-MM-DD' },
  { header: '证件有效期止', field: 'certificateValidTo', required: false, hint: 'YYYY-MM-DD' },
  { header: '资格', field: 'qualifications', required: false, hint: '一般;重点 或事项编码，多个以分号分隔' },
  { header: '专长', field: 'specialties', required: false, hint: '多个以分号分隔' },
  { header: '人员类别', field: 'kind', required: false, hint: '在编（默认）/ 专家 / 第三方' },
  { header: '状态', field: 'status', required: false, hint: '在岗（默认）/ 休假 / 调离' },
  { header: '回避对象', field: 'conflicts', required: false, hint: '需回避的检查对象代码，多个以分号分隔' },
  { header: '回避原因', field: 'conflictReason', required: false, hint: '不公开；填写回避对象时必填' },
];

export const ITEM_COLUMNS: ColumnSpec[] = [
  { header: '事项编码', field: 'code', required: true, hint: '唯一，如 SCJG-001' },
  { header: '部门代码', field: 'department', required: true, hint: '使用 --department 时可留空' },
  { header: '事项类别', field: 'category', required: true, hint: '一般 / 重点' },
  { header: '抽查依据', field: 'legalBasis', required: true, hint: '法律法规条款' },
  { header: '抽查对象', field: 'subjectType', required: true, hint: '' },
  { header: '抽查内容', field: 'content', required: true, hint: '' },
  { header: '检查方式', field: 'methods', required: true, hint: '实地核查 / 书面检查 / 网络监测，多个以分号分隔' },
  { header: '抽查比例', field: 'ratio', required: false, hint: '如 5% 或 0.05' },
  { header: '抽查频次', field: 'frequencyPerYear', required: false, hint: '每年次数，整数' },
  { header: '生效日期', field: 'effectiveFrom', required: true, hint: 'YYYY-MM-DD' },
  { header: '失效日期', field: 'effectiveTo', required: false, hint: 'YYYY-MM-DD，可留空' },
];

export const COLUMNS: Record<ImportKind, ColumnSpec[]> = {
  [ImportKind.SUBJECTS]: SUBJECT_COLUMNS,
  [ImportKind.INSPECTORS]: INSPECTOR_COLUMNS,
  [ImportKind.ITEMS]: ITEM_COLUMNS,
};

export const KIND_NAMES: Record<ImportKind, string> = {
  [ImportKind.SUBJECTS]: '检查对象',
  [ImportKind.INSPECTORS]: '执法检查人员',
  [ImportKind.ITEMS]: '抽查事项',
};

/** The example row each template carries under its header. */
function exampleRow(kind: ImportKind): string[] {
  switch (kind) {
    case ImportKind.SUBJECTS:
      return [`91370305MA3C5EXA1${usccCheckChar('91370305MA3C5EXA1')}`, '', '淄博示例食品有限公司', '企业', '370305', '1499', '食品生产；食品销售', '山东省淄博市临淄区桓公路1号', '张三', '13800000000', '存续', '食品生产', ''];
    case ImportKind.INSPECTORS:
      return ['37030519001', '李四', 'SCJG', '2024-01-01', '2028-12-31', '一般;重点', '食品安全', '在编', '在岗', '', ''];
    case ImportKind.ITEMS:
      return ['SCJG-001', 'SCJG', '重点', '《中华人民共和国食品安全法》第八十七条', '食品生产企业', '食品生产许可条件保持情况', '实地核查;书面检查', '5%', '1', '2025-01-01', ''];
  }
}

/** A CSV template: UTF-8 BOM (so Excel opens it as UTF-8), the header row, and one example row. */
export function templateCsv(kind: ImportKind): string {
  const line = (cells: string[]) => cells.map(csvCell).join(',');
  return `\uFEFF${line(COLUMNS[kind].map((c) => c.header))}\n${line(exampleRow(kind))}\n`;
}

/** The same template as an .xlsx workbook: the data sheet, and a sheet that explains every column. */
export async function templateXlsx(kind: ImportKind): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const data = wb.addWorksheet(KIND_NAMES[kind]);
  data.addRow(COLUMNS[kind].map((c) => c.header));
  data.addRow(exampleRow(kind));
  data.getRow(1).font = { bold: true };
  data.columns.forEach((col) => (col.width = 18));
  const help = wb.addWorksheet('填写说明');
  help.addRow(['列名', '是否必填', '说明']);
  help.getRow(1).font = { bold: true };
  for (const c of COLUMNS[kind]) help.addRow([c.header, c.required ? '必填' : '选填', c.hint]);
  help.columns.forEach((col, i) => (col.width = i === 2 ? 60 : 18));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
