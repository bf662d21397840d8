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

export const operations = {
  Inspection: /* GraphQL */ `
    query Inspection($id: ID!) { inspection(id: $id) { ${DETAIL_FIELDS} } }
  `,
  InspectionTask: /* GraphQL */ `
    query InspectionTask($code: String!) {
      task(code: $code) {
        code name status departments windowFrom windowTo
        items { code version content legalBasis department { code name shortName } }
      }
    }
  `,
  OverdueInspections: /* GraphQL */ `
    query OverdueInspections($department: String) {
      overdueInspections(department: $department) { id taskCode leadDepartment subjectKey subjectName status dueOn workingDaysOverdue }
    }
  `,
  // Mutations. Each returns the whole inspection so the page redraws from one answer.
  NotifyInspection: /* GraphQL */ `
    mutation NotifyInspection($id: ID!, $at: DateTimeISO!, $method: NoticeMethod!, $note: String) {
      notifyInspection(id: $id, at: $at, method: $method, note: $note) { ${DETAIL_FIELDS} }
    }
  `,
  RecordInspectionResult: /* GraphQL */ `
    mutation RecordInspectionResult($id: ID!, $input: InspectionResultInput!) {
      recordInspectionResult(id: $id, input: $input) { ${DETAIL_FIELDS} }
    }
  `,
  EnterInspectionResult: /* GraphQL */ `
    mutation EnterInspectionResult($id: ID!) { enterInspectionResult(id: $id) { ${DETAIL_FIELDS} } }
  `,
  PublishInspectionResult: /* GraphQL */ `
    mutation PublishInspectionResult($id: ID!) { publishInspectionResult(id: $id) { ${DETAIL_FIELDS} } }
  `,
  CorrectInspectionResult: /* GraphQL */ `
    mutation CorrectInspectionResult($id: ID!, $input: InspectionResultInput!, $reason: String!) {
      correctInspectionResult(id: $id, input: $input, reason: $reason) { ${DETAIL_FIELDS} }
    }
  `,
} as const

/** One inspection; null when it does not exist or its task is not public (the server decides what is visible). */
export async function fetchInspection(id: string): Promise<InspectionDetail | null> {
  const data = await request(operations, 'Inspection', { id })
  return data.inspection
}

/** The task of an inspection: its departments (lead first), window and the items every result must cover. */
export async function fetchInspectionTask(code: string): Promise<InspectionTask | null> {
  const data = await request(operations, 'InspectionTask', { code })
  return data.task
}

/** Inspections past their deadline (20 working days) and not yet published; all departments when none given. */
export async function fetchOverdueInspections(department?: string): Promise<OverdueInspection[]> {
  const data = await request(operations, 'OverdueInspections', { department })
  return data.overdueInspections
}

/** 登记告知: `at` is an ISO date-time, not later than now. */
export async function notifyInspection(id: string, at: string, method: NoticeMethod, note?: string): Promise<InspectionDetail> {
  return (await request(operations, 'NotifyInspection', { id, at, method, note })).notifyInspection
}

/** 记录检查结果 (again, until published: the draft is replaced). */
export async function recordInspectionResult(id: string, input: InspectionResultInput): Promise<InspectionDetail> {
  return (await request(operations, 'RecordInspectionResult', { id, input })).recordInspectionResult
}

/** 确认录入 (the lead department). */
export async function enterInspectionResult(id: string): Promise<InspectionDetail> {
  return (await request(operations, 'EnterInspectionResult', { id })).enterInspectionResult
}

/** 公示 (the lead department); the published version can never change afterwards. */
export async function publishInspectionResult(id: string): Promise<InspectionDetail> {
  return (await request(operations, 'PublishInspectionResult', { id })).publishInspectionResult
}

/** 更正: a new, published version signed by a department head; the corrected version stays as it was. */
export async function correctInspectionResult(id: string, input: InspectionResultInput, reason: string): Promise<InspectionDetail> {
  return (await request(operations, 'CorrectInspectionResult', { id, input, reason })).correctInspectionResult
}
