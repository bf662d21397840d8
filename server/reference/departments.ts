/**
 * The member units (成员单位) of 临淄区's joint meeting for department-joint "double random, one public"
 * supervision, exactly the 17 listed in the annex of the district's 2019 scheme (seed 000). Names are
 * the units as the annex names them; `name` is the formal name, `shortName` the annex's wording.
 *
 * Codes are short upper-case pinyin initials. SCJG, SW, STHJ and WSJK are the codes the shared draw
 * test vectors already use for market regulation, tax, ecology/environment and health.
 *
 * `kind` uses the hub's DepartmentKind values (the database checks them); development and reform,
 * statistics and comprehensive administrative enforcement have no kind of their own there yet, so
 * they are OTHER.
 */

export type DepartmentKind =
  | 'MARKET_REGULATION'
  | 'TAX'
  | 'ENVIRONMENT'
  | 'HEALTH'
  | 'TRANSPORT'
  | 'HOUSING'
  | 'CULTURE_TOURISM'
  | 'EMERGENCY'
  | 'EDUCATION'
  | 'AGRICULTURE'
  | 'NATURAL_RESOURCES'
  | 'HUMAN_RESOURCES'
  | 'COMMERCE'
  | 'PUBLIC_SECURITY'
  | 'CIVIL_AFFAIRS'
  | 'WATER'
  | 'OTHER';

export interface DepartmentRef {
  code: string;
  name: string;
  shortName: string;
  kind: DepartmentKind;
  member: true;
}

export const DEPARTMENTS: readonly DepartmentRef[] = [
  { code: 'SCJG', name: '临淄区市场监督管理局', shortName: '区市场监管局', kind: 'MARKET_REGULATION', member: true },
  { code: 'FZGG', name: '临淄区发展和改革局', shortName: '区发展和改革局', kind: 'OTHER', member: true },
  { code: 'JYTY', name: '临淄区教育和体育局', shortName: '区教育和体育局', kind: 'EDUCATION', member: true },
  { code: 'RS', name: '临淄区人力资源和社会保障局', shortName: '区人力资源社会保障局', kind: 'HUMAN_RESOURCES', member: true },
  { code: 'ZJ', name: '临淄区住房和城乡建设局', shortName: '区住房城乡建设局', kind: 'HOUSING', member: true },
  { code: 'JTYS', name: '临淄区交通运输局', shortName: '区交通运输局', kind: 'TRANSPORT', member: true },
  { code: 'NYNC', name: '临淄区农业农村局', shortName: '区农业农村局', kind: 'AGRICULTURE', member: true },
  { code: 'SHW', name: '临淄区商务局', shortName: '区商务局', kind: 'COMMERCE', member: true },
  { code: 'WHLY', name: '临淄区文化和旅游局', shortName: '区文化和旅游局', kind: 'CULTURE_TOURISM', member: true },
  { code: 'WSJK', name: '临淄区卫生健康综合监督执法大队', shortName: '区卫生健康综合监督执法大队', kind: 'HEALTH', member: true },
  { code: 'YJGL', name: '临淄区应急管理局', shortName: '区应急管理局', kind: 'EMERGENCY', member: true },
  { code: 'TJPC', name: '临淄区统计普查事务中心', shortName: '区统计普查事务中心', kind: 'OTHER', member: true },
  { code: 'ZHZF', name: '临淄区综合行政执法大队', shortName: '区综合行政执法大队', kind: 'OTHER', member: true },
  { code: 'GA', name: '淄博市公安局临淄分局', shortName: '临淄公安分局', kind: 'PUBLIC_SECURITY', member: true },
  { code: 'STHJ', name: '淄博市生态环境局临淄分局', shortName: '临淄生态环境分局', kind: 'ENVIRONMENT', member: true },
  { code: 'SW', name: '国家税务总局淄博市临淄区税务局', shortName: '区税务局', kind: 'TAX', member: true },
  { code: 'HGSW', name: '国家税务总局齐鲁化学工业区税务局', shortName: '齐鲁化学工业区税务局', kind: 'TAX', member: true },
];

/** The department that hosts the joint-meeting office (联席会议办公室设在区市场监管局). */
export const JOINT_OFFICE_DEPARTMENT = 'SCJG';

const BY_CODE = new Map(DEPARTMENTS.map((d) => [d.code, d]));

export function departmentByCode(code: string): DepartmentRef | undefined {
  return BY_CODE.get(code);
}
