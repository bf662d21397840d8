/**
 * The enumerations the demo rows use, with the Chinese labels the spreadsheets carry. The values are
 * the same strings as the hub's entity enums (directory, roster, items), kept as string literal types
 * here so reference data and the generator load without the ORM.
 */
import type { InspectionMethod, ItemCategory } from './check-items.js';

export type SubjectKind =
  | 'ENTERPRISE'
  | 'INDIVIDUAL_BUSINESS'
  | 'OTHER_ORG'
  | 'PRODUCT'
  | 'PROJECT'
  | 'BEHAVIOUR';

export type SubjectStatus = 'ACTIVE' | 'REVOKED' | 'CANCELLED' | 'UNREACHABLE';
export type RiskGrade = 'A' | 'B' | 'C' | 'D';
export type InspectorKind = 'STAFF' | 'EXPERT' | 'THIRD_PARTY';
export type InspectorStatus = 'ACTIVE' | 'ON_LEAVE' | 'TRANSFERRED';

export const SUBJECT_KIND_LABEL: Readonly<Record<SubjectKind, string>> = {
  ENTERPRISE: '企业',
  INDIVIDUAL_BUSINESS: '个体工商户',
  OTHER_ORG: '其他组织',
  PRODUCT: '产品',
  PROJECT: '项目',
  BEHAVIOUR: '行为',
};

export const SUBJECT_STATUS_LABEL: Readonly<Record<SubjectStatus, string>> = {
  ACTIVE: '存续',
  REVOKED: '吊销',
  CANCELLED: '注销',
  UNREACHABLE: '无法联系',
};

export const INSPECTOR_KIND_LABEL: Readonly<Record<InspectorKind, string>> = {
  STAFF: '在编',
  EXPERT: '专家',
  THIRD_PARTY: '第三方',
};

export const INSPECTOR_STATUS_LABEL: Readonly<Record<InspectorStatus, string>> = {
  ACTIVE: '在岗',
  ON_LEAVE: '休假',
  TRANSFERRED: '调离',
};

export const ITEM_CATEGORY_LABEL: Readonly<Record<ItemCategory, string>> = {
  GENERAL: '一般',
  KEY: '重点',
};

export const INSPECTION_METHOD_LABEL: Readonly<Record<InspectionMethod, string>> = {
  ONSITE: '实地核查',
  DOCUMENT: '书面检查',
  ONLINE: '网络监测',
};
