import { usccCheckChar } from '../server/reference/uscc.js';

/** A valid USCC for a 370305 enterprise whose organisation-code part ends with `n` (0–9999). */
export function uscc(n: number, prefix = '91370305MA'): string {
  const body = `${prefix}${String(n).padStart(7, '0')}`.slice(0, 17);
  return body + usccCheckChar(body);
}

export const SUBJECT_HEADER = '统一社会信用代码,主体编号,名称,主体类型,行政区划代码,行业代码,经营范围,注册地址,经营者,联系电话,状态,标签,风险等级';

export function subjectLine(n: number, over: Partial<Record<'uscc' | 'publicId' | 'name' | 'kind' | 'region' | 'industry' | 'scope' | 'address' | 'operator' | 'phone' | 'status' | 'tags' | 'grade', string>> = {}): string {
  const v = {
    uscc: uscc(n), publicId: '', name: `淄博测试${n}食品有限公司`, kind: '企业', region: '370305', industry: '1499',
    scope: '食品生产；食品销售', address: `临淄区桓公路${n}号`, operator: '王小明', phone: '13800000000', status: '存续', tags: '食品', grade: '',
    ...over,
  };
  return [v.uscc, v.publicId, v.name, v.kind, v.region, v.industry, v.scope, v.address, v.operator, v.phone, v.status, v.tags, v.grade].join(',');
}

export const INSPECTOR_HEADER = '执法证号,姓名,部门代码,证件有效期起,证件有效期止,资格,专长,人员类别,状态,回避对象,回避原因';
export const ITEM_HEADER = '事项编码,部门代码,事项类别,抽查依据,抽查对象,抽查内容,检查方式,抽查比例,抽查频次,生效日期,失效日期';

export function csv(header: string, lines: string[]): string {
  return `\uFEFF${header}\n${lines.join('\n')}\n`;
}
