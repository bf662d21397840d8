// The view types: what the pages hold, named as in schema/schema.graphql. The fetch functions of graphql/<area>.ts
// return them from the generated operation results (operations.generated.ts), so each one is checked against the
// schema by `npm run typecheck`; a field a view needs that the schema drops or makes nullable is a type error.

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

// ---- Tasks (抽查任务), draws and proofs: mirror of schema/schema.graphql ----

export const TASK_STATUSES = ['CREATED', 'FROZEN', 'DRAWN', 'IN_PROGRESS', 'COMPLETED', 'CLOSED', 'CANCELLED'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

export const TASK_KINDS = ['ROUTINE', 'SPECIAL'] as const
export type TaskKind = (typeof TASK_KINDS)[number]

export const PARTICIPANT_STATUSES = ['PENDING', 'CONFIRMED', 'DECLINED'] as const
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number]

export const DRAW_OUTCOMES = ['PENDING', 'DRAWN', 'FAILED', 'ABANDONED'] as const
export type DrawOutcome = (typeof DRAW_OUTCOMES)[number]

export const INSPECTION_STATUSES = ['ASSIGNED', 'NOTIFIED', 'CHECKED', 'ENTERED', 'PUBLISHED'] as const
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number]

export const REPLACEMENT_REASONS = ['POST_CHANGE', 'WORK_CONFLICT', 'HEALTH', 'RECUSAL'] as const
export type ReplacementReason = (typeof REPLACEMENT_REASONS)[number]

export const REPLACEMENT_STATUSES = ['PENDING', 'APPROVED', 'REJECTED'] as const
export type ReplacementStatus = (typeof REPLACEMENT_STATUSES)[number]

export const PLAN_STATUSES = ['DRAFT', 'FILED', 'PUBLISHED'] as const
export type PlanStatus = (typeof PLAN_STATUSES)[number]

/** drawProof.status */
export const PROOF_STATUSES = ['SELECTED', 'CANDIDATE', 'EXCLUDED', 'ABSENT'] as const
export type ProofStatus = (typeof PROOF_STATUSES)[number]

export interface GradeQuota {
  grade: string
  /** Exact decimal string, e.g. "0.03". */
  ratio: string | null
  count: number | null
}

export interface GradeQuotaInput {
  grade: string
  ratio?: string
  count?: number
}

export interface TeamSize {
  department: string
  inspectors: number
}

export interface TaskParticipant {
  departmentCode: string
  departmentName: string
  lead: boolean
  status: ParticipantStatus
  decidedAt: DateTime | null
  declineReason: string | null
  /** hex(SHA-256(task ‖ LF ‖ department ‖ LF ‖ secret)); the secret itself is never sent before the reveal. */
  commitment: string | null
  revealed: boolean
}

export interface Stratum {
  stratum: string
  candidates: number
  quota: number
  ratio: string | null
}

export interface TaskDraw {
  attempt: number
  manifestHash: string
  outcome: DrawOutcome
  seed: string | null
  error: string | null
  frozenAt: DateTime
  drawnAt: DateTime | null
  candidateCount: number
  excludedCount: number
  rosterCount: number
  conflictCount: number
  maxPerInspector: number
  strata: Stratum[]
  /** manifest.json as published. */
  manifestJson: string
  /** Public download path of the bundle (.zip; the same path with .tar also works). */
  bundleUrl: string
}

export type TaskItem = Pick<CheckItem, 'id' | 'code' | 'version' | 'category' | 'content' | 'subjectType' | 'department'>

/** A task as the list shows it. */
export interface TaskRow {
  id: string
  code: string
  year: number
  name: string
  kind: TaskKind
  joint: boolean
  status: TaskStatus
  /** Lead department first. */
  departments: string[]
  windowFrom: DateString
  windowTo: DateString
  attempt: number
}

/** A task with everything the detail page shows, except the (paged) inspections. */
export interface Task extends TaskRow {
  items: TaskItem[]
  scopeLibraries: string[]
  scopeRegions: string[]
  scopeIndustries: string[]
  scopeKinds: string[]
  scopeGrades: string[]
  scopeSubjects: string[]
  quotaRule: GradeQuota[]
  teamSizes: TeamSize[]
  maxPerInspector: number | null
  recognitionDays: number
  yearlyCap: number
  publicInputExpected: boolean
  publicInput: string | null
  reason: string | null
  cancelReason: string | null
  createdAt: DateTime
  frozenAt: DateTime | null
  drawnAt: DateTime | null
  startedAt: DateTime | null
  completedAt: DateTime | null
  closedAt: DateTime | null
  participants: TaskParticipant[]
  currentDraw: TaskDraw | null
  /** Every freeze and draw, latest first. */
  draws: TaskDraw[]
  replacements: Replacement[]
}

export interface TeamMember {
  inspectorKey: string
  /** Staff only. */
  inspectorName: string | null
  departmentCode: string
  leader: boolean
  ticket: string | null
  /** False once replaced. */
  active: boolean
}

export interface Inspection {
  id: string
  seq: number
  subjectKey: string
  subjectName: string
  stratum: string
  ticket: string
  status: InspectionStatus
  checkedOn: DateString | null
  team: TeamMember[]
}

export interface Replacement {
  id: string
  taskCode: string
  subjectKey: string
  departmentCode: string
  outgoingKey: string
  incomingKey: string
  reason: ReplacementReason
  /** Staff only. */
  note: string | null
  status: ReplacementStatus
  requestedBy: string
  requestedAt: DateTime
  decidedBy: string | null
  decidedAt: DateTime | null
  decisionNote: string | null
}

export interface ReplacementInput {
  inspection: string
  outgoing: string
  incoming: string
  reason: ReplacementReason
  note: string
}

export interface TaskFilter {
  year?: number
  status?: TaskStatus
  kind?: TaskKind
  joint?: boolean
  department?: string
  search?: string
}

export interface TeamSizeInput {
  department: string
  inspectors: number
}

export interface TaskOptionsInput {
  teamSizes?: TeamSizeInput[]
  maxPerInspector?: number
  recognitionDays?: number
  yearlyCap?: number
  publicInputExpected?: boolean
}

export interface SpecialTaskInput {
  name: string
  reason: string
  items: string[]
  lead: string
  participants: string[]
  subjects: string[]
  quotaRule: GradeQuotaInput[]
  windowFrom: DateString
  windowTo: DateString
}

export interface PlanTask {
  id: string
  seq: number
  name: string
  /** Lead first. */
  departments: string[]
  joint: boolean
  windowFrom: DateString
  windowTo: DateString
  frequencyPerYear: number
  items: Pick<CheckItem, 'code' | 'content' | 'department'>[]
  quotaRule: GradeQuota[]
  /** Object scope: department sub-libraries (department codes), region codes, industry codes, kinds, grades. */
  scopeLibraries: string[]
  scopeRegions: string[]
  scopeIndustries: string[]
  scopeKinds: SubjectKind[]
  scopeGrades: RiskGrade[]
}

export const PLAN_KINDS = ['DEPARTMENT', 'JOINT'] as const
export type PlanKind = (typeof PLAN_KINDS)[number]

export interface Plan {
  id: string
  year: number
  kind: PlanKind
  status: PlanStatus
  version: number
  /** True for the version in force; older versions stay on record. */
  current: boolean
  department: DepartmentRef | null
  tasks: PlanTask[]
  filedAt: DateTime | null
  filedLate: boolean
  publishedAt: DateTime | null
  /** Why this version was made (调整原因); null for the first version. */
  changeReason: string | null
  createdAt: DateTime
  /** End of the filing deadline day (China time), ISO. */
  filingDeadline: DateTime
  versions: PlanVersion[]
}

/** One entry of a plan's version list. */
export type PlanVersion = Pick<Plan, 'id' | 'version' | 'current' | 'status' | 'changeReason' | 'createdAt' | 'filedAt' | 'filedLate' | 'publishedAt'>

export interface PlanTaskInput {
  name: string
  /** Item codes (the current version is taken). */
  items: string[]
  lead: string
  participants: string[]
  scopeLibraries: string[]
  scopeRegions: string[]
  scopeIndustries: string[]
  scopeKinds: SubjectKind[]
  scopeGrades: RiskGrade[]
  /** Empty = the default ratio per grade (A 1%, B 3%, C 10%, D 30%). */
  quotaRule: GradeQuotaInput[]
  frequencyPerYear: number
  windowFrom: DateString
  windowTo: DateString
}

export interface PlanInput {
  year: number
  /** Department code; absent for the office's joint plan. */
  department?: string
  tasks: PlanTaskInput[]
  /** 调整原因: required when the plan is already filed or published. */
  reason?: string
}

export interface MerkleLeafProof {
  index: number
  /** The list line without its LF. */
  line: string
  /** Audit path, hex, leaf upwards. */
  path: string[]
}

export interface ListProof {
  list: string
  count: number
  root: string
  contains: boolean
  leaves: MerkleLeafProof[]
}

export interface DrawProof {
  taskCode: string
  attempt: number
  subjectKey: string
  manifestHash: string
  outcome: DrawOutcome
  status: ProofStatus
  stratum: string | null
  exclusionReasons: string[]
  ticket: string | null
  candidates: ListProof
  excluded: ListProof
}

// ---- Inspections (检查), results (随机抽查检查表) and their versions: mirror of schema/schema.graphql ----

/** 书面 / 电话 / 短信或网络 / 到场出示证件告知 */
export const NOTICE_METHODS = ['WRITTEN', 'PHONE', 'ELECTRONIC', 'ON_ARRIVAL'] as const
export type NoticeMethod = (typeof NOTICE_METHODS)[number]

export const OUTCOMES = ['NO_PROBLEM', 'PROBLEM_CORRECTED', 'PROBLEM_FOLLOW_UP', 'UNREACHABLE', 'REFUSED', 'NOT_OPERATING'] as const
export type Outcome = (typeof OUTCOMES)[number]

/** Outcomes that need findings and a decision date (the server's PROBLEM_OUTCOMES). */
export const PROBLEM_OUTCOMES: readonly Outcome[] = ['PROBLEM_CORRECTED', 'PROBLEM_FOLLOW_UP', 'REFUSED']

export const RESULT_STATUSES = ['DRAFT', 'ENTERED', 'PUBLISHED'] as const
export type ResultStatus = (typeof RESULT_STATUSES)[number]

export interface ItemResult {
  itemCode: string
  itemVersion: number
  itemContent: string
  departmentCode: string
  outcome: Outcome
  findings: string | null
  legalBasis: string | null
}

/** One version of an inspection's result; published versions never change, a correction is a new version. */
export interface InspectionResult {
  id: string
  version: number
  /** The version this one corrects. */
  supersedesVersion: number | null
  status: ResultStatus
  visitDate: DateString
  method: CheckMethod
  /** Staff only (null for the public even when signed). */
  signedBy: string | null
  signed: boolean
  signatureMissingReason: string | null
  entrustedBody: string | null
  decisionDate: DateString | null
  summary: string | null
  /** Deadline for entry and publication (20 working days). */
  dueOn: DateString
  enteredAt: DateTime | null
  enteredLate: boolean
  publishedAt: DateTime | null
  publishedLate: boolean
  correctionReason: string | null
  correctionSignedBy: string | null
  items: ItemResult[]
}

export interface InspectionDetail {
  id: string
  taskCode: string
  taskName: string
  joint: boolean
  subjectKey: string
  subjectName: string
  stratum: string
  /** A String in the schema; its values are those of InspectionStatus. */
  status: InspectionStatus
  notifiedAt: DateTime | null
  noticeMethod: NoticeMethod | null
  /** Staff of the departments taking part only. */
  noticeNote: string | null
  checkedOn: DateString | null
  dueOn: DateString | null
  /** Past the deadline and still not published. */
  overdue: boolean
  /** The current result is a correction (version > 1). */
  corrected: boolean
  team: TeamMember[]
  /** The public (and other departments) see published versions only. */
  currentResult: InspectionResult | null
  /** Every visible version, oldest first. */
  results: InspectionResult[]
}

export interface ItemResultInput {
  item: string
  outcome: Outcome
  findings?: string
  legalBasis?: string
}

export interface InspectionResultInput {
  visitDate: DateString
  method: CheckMethod
  signedBy?: string
  signatureMissingReason?: string
  entrustedBody?: string
  decisionDate?: DateString
  summary?: string
  items: ItemResultInput[]
}

export interface OverdueInspection {
  id: string
  taskCode: string
  leadDepartment: string
  subjectKey: string
  subjectName: string
  status: InspectionStatus
  dueOn: DateString
  workingDaysOverdue: number
}

/** The slice of a task the inspection page needs: who takes part, the window, the items to check. */
export interface InspectionTask {
  code: string
  name: string
  status: TaskStatus
  /** Lead first. */
  departments: string[]
  windowFrom: DateString
  windowTo: DateString
  items: Pick<CheckItem, 'code' | 'version' | 'content' | 'legalBasis' | 'department'>[]
}

// ---- Follow-ups (后续处置), leads (投诉举报线索), mutual recognition (互认), the archive and open data ----

/** 移交主管部门 / 列入经营异常名录 / 立案查处 / 移送司法机关 */
export const FOLLOW_UP_KINDS = ['TRANSFER', 'ABNORMAL_LISTING', 'CASE_FILED', 'JUDICIAL_TRANSFER'] as const
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number]

/** 待办 / 已接收 / 已办结 */
export const FOLLOW_UP_STATUSES = ['OPEN', 'ACCEPTED', 'CLOSED'] as const
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number]

/** Staff only. */
export interface FollowUp {
  id: string
  inspectionId: string | null
  subjectKey: string
  subjectName: string
  kind: FollowUpKind
  status: FollowUpStatus
  /** The department that opened it. */
  departmentCode: string
  /** The competent department a TRANSFER goes to. */
  targetDepartmentCode: string | null
  description: string | null
  openedOn: DateString
  dueOn: DateString | null
  /** Past its due date and not closed. */
  overdue: boolean
  acceptedAt: DateTime | null
  acceptedBy: string | null
  closedOn: DateString | null
  decision: string | null
}

export interface FollowUpInput {
  inspection: string
  kind: FollowUpKind
  description: string
  /** The opening department; the caller's own when left out. */
  department?: string
  targetDepartment?: string
  dueOn?: DateString
}

export interface FollowUpFilter {
  /** Opened by or transferred to. */
  department?: string
  status?: FollowUpStatus
  kind?: FollowUpKind
  subject?: string
  overdue?: boolean
}

/** 12345 热线 / 投诉举报 / 转办交办 / 监测发现 / 其他 */
export const LEAD_SOURCES = ['HOTLINE_12345', 'COMPLAINT', 'REFERRAL', 'MONITORING', 'OTHER'] as const
export type LeadSource = (typeof LEAD_SOURCES)[number]

/** 待处理 / 已发起专项检查 / 已处理 */
export const LEAD_STATUSES = ['OPEN', 'IN_TASK', 'HANDLED'] as const
export type LeadStatus = (typeof LEAD_STATUSES)[number]

/** Staff only. */
export interface Lead {
  id: string
  departmentCode: string
  subjectKey: string
  subjectName: string
  source: LeadSource
  reference: string | null
  receivedOn: DateString
  problem: string
  description: string
  status: LeadStatus
  handledOn: DateString | null
  resolution: string | null
  taskCode: string | null
}

export interface LeadInput {
  subject: string
  source: LeadSource
  reference?: string
  receivedOn: DateString
  problem: string
  description: string
  /** The receiving department; the caller's own when left out. */
  department?: string
}

export interface LeadTaskInput {
  items: string[]
  name?: string
  participants: string[]
  /** Every subject with an open lead about the same problem. */
  sameProblem: boolean
  windowFrom: DateString
  windowTo: DateString
}

export interface LeadFilter {
  department?: string
  status?: LeadStatus
  subject?: string
  problem?: string
}

/** One published item result (current version), from any department. */
export interface PublishedItemResult {
  id: string
  inspectionId: string
  resultVersion: number
  /** The current version is a correction. */
  corrected: boolean
  taskCode: string
  joint: boolean
  subjectKey: string
  subjectName: string
  regionCode: string
  industryCode: string | null
  visitDate: DateString
  publishedAt: DateTime
  itemCode: string
  itemVersion: number
  itemContent: string
  departmentCode: string
  outcome: Outcome
  /** Null when confidential (trade secrets, privacy). */
  findings: string | null
  confidential: boolean
}

export interface ResultSearchFilter {
  subject?: string
  item?: string
  department?: string
  outcome?: Outcome
  /** Region code prefix. */
  region?: string
  /** Industry code prefix. */
  industry?: string
  from?: DateString
  to?: DateString
}

/** The last published check of one item. */
export interface LastCheck {
  itemCode: string
  departmentCode: string
  visitDate: DateString
  outcome: Outcome
  taskCode: string
}

/** One subject across departments (互认). Follow-ups and leads are empty for the public. */
export interface SubjectProfile extends Subject {
  inspectionsThisYear: number
  lastChecks: LastCheck[]
  publishedResults: PublishedItemResult[]
  followUps: FollowUp[]
  leads: Lead[]
}

export interface Recognition {
  id: string
  departmentCode: string
  itemCode: string
  recognizedBy: string
  recognizedAt: DateTime
}

/** 照片 / 扫描件 / 录音 / 录像 */
export const ATTACHMENT_KINDS = ['PHOTO', 'SCAN', 'AUDIO', 'VIDEO'] as const
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number]

/** One archived file of an inspection (staff only). */
export interface Attachment {
  id: string
  /** A String in the schema; its values are those of AttachmentKind. */
  kind: AttachmentKind
  fileName: string
  mimeType: string
  bytes: number
  sha256: string
  description: string | null
  uploadedBy: string
  uploadedAt: DateTime
  /** Needs the bearer token. */
  url: string
}

/** A plan task as 从计划创建 and the public page list it (without its object scope). */
export type PlanTaskSummary = Pick<
  PlanTask,
  'id' | 'seq' | 'name' | 'departments' | 'joint' | 'windowFrom' | 'windowTo' | 'frequencyPerYear' | 'items' | 'quotaRule'
>

/** A plan as 从计划创建 lists it: its tasks, without versions and filing details. */
export type PlanSummary = Pick<Plan, 'id' | 'year' | 'kind' | 'status' | 'version' | 'department'> & { tasks: PlanTaskSummary[] }

/** A plan as the public page shows it. */
export type PublicPlan = PlanSummary & Pick<Plan, 'filedAt' | 'publishedAt'>

/** One open-data file of /downloads/results/index.json. */
export interface OpenDataFile {
  name: string
  url: string
  bytes: number
  sha256: string
  rows: number
}

export interface OpenDataIndex {
  dataset: string
  region: string | null
  dictionary: string
  files: OpenDataFile[]
}

export interface OpenDataDictionary {
  dataset: string
  encoding: string
  columns: { name: string; header: string; description: string }[]
}

// ---- Metrics (驾驶舱指标, DESIGN.md §5) and plan filing: mirror of schema/schema.graphql ----

/** Risk grades as the metrics use them: A–D, and U for subjects not graded yet. */
export const METRIC_GRADES = ['A', 'B', 'C', 'D', 'U'] as const
export type MetricGrade = (typeof METRIC_GRADES)[number]

/** A ratio with its parts; `value` is null when the denominator is 0 (nothing due). */
export interface Share {
  numerator: number
  denominator: number
  value: number | null
  target: number | null
}

export interface GradeMetrics {
  /** A/B/C/D, U = not graded yet (a String in the schema). */
  grade: string
  subjects: number
  inspectedSubjects: number
  coverage: Share
  inspections: number
  published: number
  problemRate: Share
  controlInspections: number
  controlProblemRate: Share
}

export interface ScoreComponent {
  /** planFiled / taskCompletion / jointParticipation / timelyEntry / publication / followUpClosure */
  key: string
  label: string
  weight: number
  points: number
  share: Share
}

export interface ScoreDeduction {
  /** DECLINED_JOINT / INCOMPLETE_JOINT */
  key: string
  label: string
  count: number
  points: number
}

export interface DepartmentScore {
  department: string
  name: string
  score: number
  tasks: number
  jointTasks: number
  inspections: number
  components: ScoreComponent[]
  deductions: ScoreDeduction[]
}

export interface MonthlyMetrics {
  /** YYYY-MM */
  month: string
  tasks: number
  jointTasks: number
  inspections: number
  jointInspections: number
  jointShare: Share
  jointShareByInspections: Share
  timeliness: Share
  problemRate: Share
  overdue: number
}

export interface DepartmentMonth {
  department: string
  /** YYYY-MM */
  month: string
  tasks: number
  jointTasks: number
}

export interface Metrics {
  /** YYYY-MM */
  from: string
  to: string
  year: number
  /** The day "overdue" is counted against (China time). */
  today: DateString
  source: string
  tasks: number
  jointTasks: number
  inspections: number
  jointInspections: number
  published: number
  jointShare: Share
  jointShareByInspections: Share
  itemCoverage: Share
  uncoveredItems: string[]
  departmentCoverage: Share
  uncoveredDepartments: string[]
  subjectCoverage: Share
  timeliness: Share
  timelyEntry: Share
  overdue: number
  problemRate: Share
  controlProblemRate: Share
  grades: GradeMetrics[]
  recognitions: number
  followUpClosure: Share
  departmentScores: DepartmentScore[]
  monthly: MonthlyMetrics[]
  departmentMonthly: DepartmentMonth[]
}

export interface MetricsFilter {
  year?: number
  /** YYYY-MM */
  from?: string
  to?: string
  /** 6-digit county or 9-digit township code. */
  region?: string
  department?: string
  itemCategory?: ItemCategory
  grade?: MetricGrade
}

/** planFilingStatus.status (a String in the schema). */
export const PLAN_FILING_STATUSES = ['MISSING', 'DRAFT', 'FILED', 'PUBLISHED'] as const
export type PlanFilingStatus = (typeof PLAN_FILING_STATUSES)[number]

export interface PlanFiling {
  departmentCode: string
  departmentName: string
  status: PlanFilingStatus
  filedAt: DateTime | null
  filedLate: boolean
  taskCount: number
}

// ---- 检查人员分派 (graphql/assignments.ts) ----

export interface AssignmentFilter {
  /** Enforcement-certificate number. */
  inspector?: string
  department?: string
  /** Task code. */
  task?: string
  status?: InspectionStatus
  year?: number
}

/** One inspector's active place on one inspection's team. */
export interface InspectionAssignment {
  id: string
  inspectionId: string
  inspectorKey: string
  inspectorName: string
  departmentCode: string
  leader: boolean
  taskCode: string
  taskName: string
  joint: boolean
  leadDepartment: string
  windowFrom: DateString
  windowTo: DateString
  subjectKey: string
  subjectName: string
  subjectAddress: string | null
  status: InspectionStatus
  /** Result deadline, once a result is recorded. */
  dueOn: DateString | null
  overdue: boolean
}

export interface InspectorAssignmentSummary {
  inspectorKey: string
  inspectorName: string
  departmentCode: string
  total: number
  leader: number
  overdue: number
  /** Every InspectionStatus in order, with its count. */
  byStatus: { status: InspectionStatus; count: number }[]
}
