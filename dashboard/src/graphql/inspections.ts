// Inspections (一户检查) after the draw: notice, the result (随机抽查检查表) and its versions, entry,
// publication, corrections, and the list of inspections past their deadline.
import { request } from './client'
import type { InspectionDetail, InspectionResultInput, InspectionTask, NoticeMethod, OverdueInspection } from './types'

const RESULT_FIELDS = /* GraphQL */ `
  id version supersedesVersion status visitDate method signedBy signed signatureMissingReason entrustedBody
  decisionDate summary dueOn enteredAt enteredLate publishedAt publishedLate correctionReason correctionSignedBy
  items { itemCode itemVersion itemContent departmentCode outcome findings legalBasis }
`

const DETAIL_FIELDS = /* GraphQL */ `
  id taskCode taskName joint subjectKey subjectName stratum status notifiedAt noticeMethod noticeNote checkedOn dueOn
  overdue corrected
  team { inspectorKey inspectorName departmentCode leader ticket active }
  currentResult { ${RESULT_FIELDS} }
  results { ${RESULT_FIELDS} }
`

/** One inspection; null when it does not exist or its task is not public (the server decides what is visible). */
export async function fetchInspection(id: string): Promise<InspectionDetail | null> {
  const data = await request<{ inspection: InspectionDetail | null }>(
    /* GraphQL */ `
      query Inspection($id: ID!) { inspection(id: $id) { ${DETAIL_FIELDS} } }
    `,
    { id },
  )
  return data.inspection
}

/** The task of an inspection: its departments (lead first), window and the items every result must cover. */
export async function fetchInspectionTask(code: string): Promise<InspectionTask | null> {
  const data = await request<{ task: InspectionTask | null }>(
    /* GraphQL */ `
      query InspectionTask($code: String!) {
        task(code: $code) {
          code name status departments windowFrom windowTo
          items { code version content legalBasis department { code name shortName } }
        }
      }
    `,
    { code },
  )
  return data.task
}

/** Inspections past their deadline (20 working days) and not yet published; all departments when none given. */
export async function fetchOverdueInspections(department?: string): Promise<OverdueInspection[]> {
  const data = await request<{ overdueInspections: OverdueInspection[] }>(
    /* GraphQL */ `
      query OverdueInspections($department: String) {
        overdueInspections(department: $department) { id taskCode leadDepartment subjectKey subjectName status dueOn workingDaysOverdue }
      }
    `,
    { department },
  )
  return data.overdueInspections
}

// ---- Mutations. Each returns the whole inspection so the page redraws from one answer. ----

async function inspectionMutation<K extends string>(name: K, signature: string, args: string, variables: object): Promise<InspectionDetail> {
  const data = await request<Record<K, InspectionDetail>>(
    /* GraphQL */ `
      mutation ${name[0]!.toUpperCase()}${name.slice(1)}(${signature}) { ${name}(${args}) { ${DETAIL_FIELDS} } }
    `,
    variables,
  )
  return data[name]
}

/** 登记告知: `at` is an ISO date-time, not later than now. */
export function notifyInspection(id: string, at: string, method: NoticeMethod, note?: string): Promise<InspectionDetail> {
  return inspectionMutation(
    'notifyInspection',
    '$id: ID!, $at: DateTimeISO!, $method: NoticeMethod!, $note: String',
    'id: $id, at: $at, method: $method, note: $note',
    { id, at, method, note },
  )
}

/** 记录检查结果 (again, until published: the draft is replaced). */
export function recordInspectionResult(id: string, input: InspectionResultInput): Promise<InspectionDetail> {
  return inspectionMutation('recordInspectionResult', '$id: ID!, $input: InspectionResultInput!', 'id: $id, input: $input', { id, input })
}

/** 确认录入 (the lead department). */
export function enterInspectionResult(id: string): Promise<InspectionDetail> {
  return inspectionMutation('enterInspectionResult', '$id: ID!', 'id: $id', { id })
}

/** 公示 (the lead department); the published version can never change afterwards. */
export function publishInspectionResult(id: string): Promise<InspectionDetail> {
  return inspectionMutation('publishInspectionResult', '$id: ID!', 'id: $id', { id })
}

/** 更正: a new, published version signed by a department head; the corrected version stays as it was. */
export function correctInspectionResult(id: string, input: InspectionResultInput, reason: string): Promise<InspectionDetail> {
  return inspectionMutation(
    'correctInspectionResult',
    '$id: ID!, $input: InspectionResultInput!, $reason: String!',
    'id: $id, input: $input, reason: $reason',
    { id, input, reason },
  )
}
