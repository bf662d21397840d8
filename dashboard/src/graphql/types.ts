// Hand-written mirror of schema/contract-draft.graphql (the foundation API). Keep names identical to the
// schema so that switching to generated types later is a mechanical change.

/** ISO 8601 date-time string. */
export type DateTime = string
/** YYYY-MM-DD. */
export type DateString = string

export interface PageInfo {
  hasNextPage: boolean
  hasPreviousPage: boolean
  startCursor: string | null
  endCursor: string | null
}

export const ROLES = ['ADMIN', 'LEADER', 'OFFICE', 'DEPT_HEAD', 'CLERK', 'INSPECTOR'] as const
export type Role = (typeof ROLES)[number]

export const DEPARTMENT_KINDS = [
  'MARKET_REGULATION',
  'TAX',
  'ENVIRONMENT',
  'HEALTH',
  'TRANSPORT',
  'HOUSING',
  'CULTURE_TOURISM',
  'EMERGENCY',
  'EDUCATION',
  'AGRICULTURE',
  'NATURAL_RESOURCES',
  'HUMAN_RESOURCES',
  'COMMERCE',
  'PUBLIC_SECURITY',
  'CIVIL_AFFAIRS',
  'WATER',
  'OTHER',
] as const
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number]

export const ITEM_CATEGORIES = ['GENERAL', 'KEY'] as const
export type ItemCategory = (typeof ITEM_CATEGORIES)[number]

export const CHECK_METHODS = ['ONSITE', 'DOCUMENT', 'ONLINE'] as const
export type CheckMethod = (typeof CHECK_METHODS)[number]

export const SUBJECT_KINDS = ['ENTERPRISE', 'INDIVIDUAL_BUSINESS', 'OTHER_ORG', 'PRODUCT', 'PROJECT', 'BEHAVIOUR'] as const
export type SubjectKind = (typeof SUBJECT_KINDS)[number]

export const SUBJECT_STATUSES = ['ACTIVE', 'REVOKED', 'CANCELLED', 'UNREACHABLE'] as const
export type SubjectStatus = (typeof SUBJECT_STATUSES)[number]

export const RISK_GRADES = ['A', 'B', 'C', 'D'] as const
export type RiskGrade = (typeof RISK_GRADES)[number]

export const INSPECTOR_KINDS = ['STAFF', 'EXPERT', 'THIRD_PARTY'] as const
export type InspectorKind = (typeof INSPECTOR_KINDS)[number]

export const INSPECTOR_STATUSES = ['ACTIVE', 'ON_LEAVE', 'TRANSFERRED'] as const
export type InspectorStatus = (typeof INSPECTOR_STATUSES)[number]

export const IMPORT_KINDS = ['SUBJECTS', 'INSPECTORS', 'ITEMS'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]

export interface Department {
  code: string
  name: string
  shortName: string
  kind: DepartmentKind
  member: boolean
  active: boolean
  itemCount: number
  inspectorCount: number
  librarySize: number
}

/** The slice of a department that other objects embed. */
export type DepartmentRef = Pick<Department, 'code' | 'name' | 'shortName'>

export interface User {
  username: string
  displayName: string
  role: Role
  department: DepartmentRef | null
}

export interface Session {
  token: string
  user: User
}

export interface CheckItem {
  id: string
  code: string
  version: number
  department: DepartmentRef
  category: ItemCategory
  legalBasis: string
  subjectType: string
  content: string
  methods: CheckMethod[]
  /** Share of the subject population to draw, e.g. 0.05. */
  ratio: number | null
  frequencyPerYear: number | null
  effectiveFrom: DateString
  effectiveTo: DateString | null
  active: boolean
  /** True for the latest version of the item. */
  current: boolean
}

export interface Subject {
  key: string
  uscc: string | null
  name: string
  kind: SubjectKind
  regionCode: string
  regionName: string | null
  industryCode: string | null
  industryName: string | null
  businessScope: string | null
  address: string | null
  status: SubjectStatus | null
  riskGrade: RiskGrade | null
  tags: string[]
  /** Personal data: null for anonymous callers, masked for non-staff. */
  operatorName: string | null
  departments: DepartmentRef[]
}

export interface Inspector {
  key: string
  name: string
  department: DepartmentRef
  certificateValidFrom: DateString | null
  certificateValidTo: DateString | null
  certificateValid: boolean
  qualifications: string[]
  specialties: string[]
  kind: InspectorKind
  status: InspectorStatus
  conflictCount: number
}

export interface LibraryRule {
  id: string
  department: DepartmentRef
  name: string
  industryPrefixes: string[]
  scopeKeywords: string[]
  regionCodes: string[]
  kinds: SubjectKind[]
  lastAppliedAt: DateTime | null
  lastMatched: number | null
}

export type LibrarySampleSubject = Pick<
  Subject,
  'key' | 'uscc' | 'name' | 'kind' | 'regionCode' | 'regionName' | 'industryCode' | 'industryName'
>

export interface LibraryPreview {
  matched: number
  alreadyMember: number
  toAdd: number
  sample: LibrarySampleSubject[]
}

export interface LibraryRuleInput {
  department: string
  name: string
  industryPrefixes: string[]
  scopeKeywords: string[]
  regionCodes: string[]
  kinds: SubjectKind[]
}

export interface ImportRowError {
  line: number
  column: string | null
  reason: string
}

export interface ImportReport {
  kind: ImportKind
  total: number
  valid: number
  invalid: number
  inserted: number
  updated: number
  skipped: number
  dryRun: boolean
  written: boolean
  errors: ImportRowError[]
}

export interface AuditEvent {
  id: string
  at: DateTime
  actor: string
  action: string
  entity: string
  entityKey: string
  beforeDigest: string | null
  afterDigest: string | null
}

/** A Relay connection as the dashboard reads it: nodes plus paging, edges are not needed. */
export interface Connection<T> {
  totalCount: number
  pageInfo: PageInfo
  nodes: T[]
}

export interface DepartmentFilter {
  member?: boolean
  active?: boolean
  search?: string
}

export interface CheckItemFilter {
  department?: string
  category?: ItemCategory
  active?: boolean
  search?: string
  allVersions?: boolean
}

export interface SubjectFilter {
  search?: string
  kind?: SubjectKind
  regionCode?: string
  industryPrefix?: string
  status?: SubjectStatus
  riskGrade?: RiskGrade
  department?: string
}

export interface InspectorFilter {
  department?: string
  status?: InspectorStatus
  kind?: InspectorKind
  search?: string
  certificateValidOn?: DateString
}

export interface PageArgs {
  first: number
  after?: string
}
