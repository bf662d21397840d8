/**
 * Sub-library (分库) rules for the demo county: how each department's share of the directory is
 * derived from industry codes and business-scope keywords (002 第七条: 通过设置国民经济行业分类和经营范围
 * 关键字等，辅助产生执法检查对象名录库).
 *
 * Semantics are those of the hub's rule query (directory.queries.ts `ruleWhere`), mirrored by
 * `matchesLibraryRule`: only ACTIVE subjects; every non-empty criterion must hold; within one
 * criterion any value may match (industry code starts with a prefix; scope or name contains a
 * keyword; region code starts with a region; kind is listed). "Industry OR keyword" is therefore
 * written as two rules, and a department's sub-library is the union of its rules.
 */
import type { SubjectKind, SubjectStatus } from './labels.js';

export interface LibraryRule {
  /** Department code. */
  department: string;
  name: string;
  industryPrefixes: string[];
  scopeKeywords: string[];
  regions: string[];
  kinds: SubjectKind[];
}

export interface RuleSubject {
  kind: SubjectKind;
  status: SubjectStatus;
  name: string;
  regionCode: string;
  industryCode: string;
  businessScope: string;
}

export function matchesLibraryRule(rule: LibraryRule, subject: RuleSubject): boolean {
  if (subject.status !== 'ACTIVE') return false;
  if (rule.industryPrefixes.length > 0 && !rule.industryPrefixes.some((p) => subject.industryCode.startsWith(p))) {
    return false;
  }
  if (
    rule.scopeKeywords.length > 0 &&
    !rule.scopeKeywords.some((k) => subject.businessScope.includes(k) || subject.name.includes(k))
  ) {
    return false;
  }
  if (rule.regions.length > 0 && !rule.regions.some((r) => subject.regionCode.startsWith(r))) return false;
  if (rule.kinds.length > 0 && !rule.kinds.includes(subject.kind)) return false;
  return true;
}

const MARKET: SubjectKind[] = ['ENTERPRISE', 'INDIVIDUAL_BUSINESS', 'OTHER_ORG'];
const FIRMS: SubjectKind[] = ['ENTERPRISE', 'INDIVIDUAL_BUSINESS'];
/** 大类 13–43: 制造业. */
const MANUFACTURING = Array.from({ length: 31 }, (_, i) => String(13 + i));
/** The five 街道 of 临淄城区. */
const SUBDISTRICTS = ['370305001', '370305002', '370305003', '370305004', '370305005'];

const rule = (
  department: string,
  name: string,
  r: Partial<Omit<LibraryRule, 'department' | 'name'>>,
): LibraryRule => ({
  department,
  name,
  industryPrefixes: r.industryPrefixes ?? [],
  scopeKeywords: r.scopeKeywords ?? [],
  regions: r.regions ?? [],
  kinds: r.kinds ?? [],
});

export const DEMO_LIBRARY_RULES: readonly LibraryRule[] = [
  rule('SCJG', '市场主体（全量）', { kinds: MARKET }),
  rule('SCJG', '食品药品医疗器械经营者', { scopeKeywords: ['食品', '药品', '医疗器械'], kinds: MARKET }),
  rule('SCJG', '工业产品生产企业和产品', {
    industryPrefixes: ['2641', '2911', '2922', '3011', '3071', '3443', '3831'],
    kinds: ['ENTERPRISE', 'PRODUCT'],
  }),
  rule('FZGG', '粮食经营者', { industryPrefixes: ['131', '5121', '5221'], kinds: FIRMS }),
  rule('FZGG', '重点用能单位和投资项目', { industryPrefixes: ['25', '26', '30', '44'], kinds: ['ENTERPRISE', 'PROJECT'] }),
  rule('JYTY', '校外培训和民办教育机构', { scopeKeywords: ['培训', '学前教育'], kinds: MARKET }),
  rule('JYTY', '体育经营场所', { scopeKeywords: ['高危险性体育运动', '健身休闲'], kinds: MARKET }),
  rule('RS', '用人单位', { kinds: ['ENTERPRISE', 'OTHER_ORG'] }),
  rule('RS', '人力资源服务机构', { industryPrefixes: ['726'], kinds: ['ENTERPRISE'] }),
  rule('ZJ', '建筑业企业和在建工程', { industryPrefixes: ['47', '48', '49', '50'], kinds: ['ENTERPRISE', 'PROJECT'] }),
  rule('ZJ', '房地产开发、经纪和物业企业', { industryPrefixes: ['70'], kinds: FIRMS }),
  rule('ZJ', '燃气经营企业', { scopeKeywords: ['燃气经营'], kinds: ['ENTERPRISE'] }),
  rule('JTYS', '道路运输经营者', { industryPrefixes: ['54'], kinds: FIRMS }),
  rule('JTYS', '机动车维修经营者', { scopeKeywords: ['机动车修理'], kinds: FIRMS }),
  rule('NYNC', '农资经营者', { scopeKeywords: ['农药', '兽药', '种子', '饲料'], kinds: MARKET }),
  rule('NYNC', '农业生产经营主体', { industryPrefixes: ['01', '03', '05'], kinds: MARKET }),
  rule('SHW', '预付式消费经营者', { industryPrefixes: ['5211', '5212', '8040', '8051', '8052', '8930'], kinds: FIRMS }),
  rule('SHW', '再生资源回收和洗染经营者', { scopeKeywords: ['再生资源回收', '洗染服务'], kinds: FIRMS }),
  rule('WHLY', '文化娱乐场所', { scopeKeywords: ['歌舞娱乐', '游艺娱乐', '互联网上网服务'], kinds: FIRMS }),
  rule('WHLY', '旅行社', { industryPrefixes: ['7291'], kinds: ['ENTERPRISE'] }),
  rule('WSJK', '公共场所', { scopeKeywords: ['住宿服务', '理发服务', '生活美容', '洗浴服务', '游泳'], kinds: MARKET }),
  rule('WSJK', '医疗机构', { industryPrefixes: ['84'], kinds: MARKET }),
  rule('YJGL', '危险化学品企业', { scopeKeywords: ['危险化学品'], kinds: ['ENTERPRISE'] }),
  rule('YJGL', '工贸企业', { industryPrefixes: MANUFACTURING, kinds: ['ENTERPRISE'] }),
  rule('TJPC', '统计调查对象', {
    industryPrefixes: [...MANUFACTURING, '47', '48', '51', '52', '61', '62', '70'],
    kinds: ['ENTERPRISE'],
  }),
  rule('ZHZF', '城区沿街经营者', { industryPrefixes: ['52', '62', '8040', '8111'], regions: SUBDISTRICTS, kinds: FIRMS }),
  rule('GA', '特种行业', { scopeKeywords: ['住宿服务', '废旧金属', '印刷品印刷'], kinds: FIRMS }),
  rule('GA', '易制毒化学品单位', { scopeKeywords: ['易制毒'], kinds: ['ENTERPRISE'] }),
  rule('STHJ', '排污单位', { industryPrefixes: ['25', '26', '29', '30', '3360', '44', '7724'], kinds: ['ENTERPRISE'] }),
  rule('STHJ', '危险废物和污水处理单位', { scopeKeywords: ['危险废物', '污水处理'], kinds: ['ENTERPRISE'] }),
  rule('STHJ', '环评建设项目', { industryPrefixes: ['26', '44'], kinds: ['PROJECT'] }),
  rule('SW', '纳税人', { kinds: MARKET }),
  rule('HGSW', '化工行业纳税人', { industryPrefixes: ['25', '26', '5162', '5169', '5942'], kinds: ['ENTERPRISE'] }),
];
