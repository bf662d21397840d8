// Tasks (抽查任务): list, detail, lifecycle mutations, inspections, replacements, plans to create from,
// and the public draw proof.
import { knownValue, request } from './client'
import {
  PROOF_STATUSES,
  type CheckItem,
  type Connection,
  type DrawProof,
  type Inspection,
  type PageArgs,
  type PlanSummary,
  type Replacement,
  type ReplacementInput,
  type SpecialTaskInput,
  type Task,
  type TaskFilter,
  type TaskOptionsInput,
  type TaskRow,
} from './types'

const ROW_FIELDS = /* GraphQL */ `
  id code year name kind joint status departments windowFrom windowTo attempt
`

const DRAW_FIELDS = /* GraphQL */ `
  attempt manifestHash outcome seed error frozenAt drawnAt candidateCount excludedCount rosterCount conflictCount
  maxPerInspector strata { stratum candidates quota ratio } manifestJson bundleUrl
`

const REPLACEMENT_FIELDS = /* GraphQL */ `
  id taskCode subjectKey departmentCode outgoingKey incomingKey reason note status
  requestedBy requestedAt decidedBy decidedAt decisionNote
`

const TASK_FIELDS = /* GraphQL */ `
  ${ROW_FIELDS}
  items { id code version category content subjectType department { code name shortName } }
  scopeLibraries scopeRegions scopeIndustries scopeKinds scopeGrades scopeSubjects
  quotaRule { grade ratio count }
  teamSizes { department inspectors }
  maxPerInspector recognitionDays yearlyCap publicInputExpected publicInput reason cancelReason
  createdAt frozenAt drawnAt startedAt completedAt closedAt
  participants { departmentCode departmentName lead status decidedAt declineReason commitment revealed }
  currentDraw { ${DRAW_FIELDS} }
  draws { ${DRAW_FIELDS} }
  replacements { ${REPLACEMENT_FIELDS} }
`

const INSPECTION_FIELDS = /* GraphQL */ `
  id seq subjectKey subjectName stratum ticket status checkedOn
  team { inspectorKey inspectorName departmentCode leader ticket active }
`

/** A plan with its tasks, as 从计划创建 and the public page list it (PlanSummary). */
export const PLAN_SUMMARY_FIELDS = /* GraphQL */ `
  id year kind status version department { code name shortName }
  tasks {
    id seq name departments joint windowFrom windowTo frequencyPerYear
    items { code content department { code name shortName } }
    quotaRule { grade ratio count }
  }
`

export const operations = {
  Tasks: /* GraphQL */ `
    query Tasks($first: Int!, $after: String, $filter: TaskFilter) {
      tasks(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        nodes { ${ROW_FIELDS} }
      }
    }
  `,
  Task: /* GraphQL */ `
    query Task($code: String!) { task(code: $code) { ${TASK_FIELDS} } }
  `,
  TaskInspections: /* GraphQL */ `
    query TaskInspections($code: String!, $first: Int!, $after: String) {
      task(code: $code) {
        inspections(first: $first, after: $after) {
          totalCount
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          nodes { ${INSPECTION_FIELDS} }
        }
      }
    }
  `,
  TaskManifests: /* GraphQL */ `
    query TaskManifests($code: String!) { task(code: $code) { draws { attempt manifestHash manifestJson } } }
  `,
  Plan: /* GraphQL */ `
    query Plan($year: Int!, $department: String) { plan(year: $year, department: $department) { ${PLAN_SUMMARY_FIELDS} } }
  `,
  ActiveItems: /* GraphQL */ `
    query ActiveItems($filter: CheckItemFilter) {
      checkItems(first: 200, filter: $filter) { nodes { code content category department { code name shortName } } }
    }
  `,
  ReplacementCandidates: /* GraphQL */ `
    query ReplacementCandidates($inspection: ID!, $outgoing: String!) {
      replacementCandidates(inspection: $inspection, outgoing: $outgoing) { key name }
    }
  `,
  DrawProof: /* GraphQL */ `
    query DrawProof($task: String!, $subject: String!, $attempt: Int) {
      drawProof(task: $task, subject: $subject, attempt: $attempt) {
        taskCode attempt subjectKey manifestHash outcome status stratum exclusionReasons ticket
        candidates { list count root contains leaves { index line path } }
        excluded { list count root contains leaves { index line path } }
      }
    }
  `,
  RequestReplacement: /* GraphQL */ `
    mutation RequestReplacement($input: ReplacementInput!) { requestReplacement(input: $input) { ${REPLACEMENT_FIELDS} } }
  `,
  DecideReplacement: /* GraphQL */ `
    mutation DecideReplacement($id: ID!, $approve: Boolean!, $note: String) {
      decideReplacement(id: $id, approve: $approve, note: $note) { ${REPLACEMENT_FIELDS} }
    }
  `,
  // Task mutations. Each returns the updated task (full detail fields) so the page redraws from one answer.
  CreateTaskFromPlan: /* GraphQL */ `
    mutation CreateTaskFromPlan($planTask: ID!, $options: TaskOptionsInput, $windowFrom: String, $windowTo: String) {
      createTaskFromPlan(planTask: $planTask, options: $options, windowFrom: $windowFrom, windowTo: $windowTo) { ${TASK_FIELDS} }
    }
  `,
  CreateSpecialTask: /* GraphQL */ `
    mutation CreateSpecialTask($input: SpecialTaskInput!, $options: TaskOptionsInput) {
      createSpecialTask(input: $input, options: $options) { ${TASK_FIELDS} }
    }
  `,
  ConfirmTask: /* GraphQL */ `
    mutation ConfirmTask($code: String!, $department: String) {
      confirmTask(code: $code, department: $department) { ${TASK_FIELDS} }
    }
  `,
  DeclineTask: /* GraphQL */ `
    mutation DeclineTask($code: String!, $department: String, $reason: String!) {
      declineTask(code: $code, department: $department, reason: $reason) { ${TASK_FIELDS} }
    }
  `,
  SubmitTaskCommitment: /* GraphQL */ `
    mutation SubmitTaskCommitment($code: String!, $department: String, $commitment: String!) {
      submitTaskCommitment(code: $code, department: $department, commitment: $commitment) { ${TASK_FIELDS} }
    }
  `,
  RevealTaskSecret: /* GraphQL */ `
    mutation RevealTaskSecret($code: String!, $department: String, $secret: String!) {
      revealTaskSecret(code: $code, department: $department, secret: $secret) { ${TASK_FIELDS} }
    }
  `,
  SetTaskPublicInput: /* GraphQL */ `
    mutation SetTaskPublicInput($code: String!, $value: String!) {
      setTaskPublicInput(code: $code, value: $value) { ${TASK_FIELDS} }
    }
  `,
  CancelTask: /* GraphQL */ `
    mutation CancelTask($code: String!, $reason: String!) {
      cancelTask(code: $code, reason: $reason) { ${TASK_FIELDS} }
    }
  `,
  FreezeTask: /* GraphQL */ `
    mutation FreezeTask($code: String!) { freezeTask(code: $code) { ${TASK_FIELDS} } }
  `,
  DrawTask: /* GraphQL */ `
    mutation DrawTask($code: String!) { drawTask(code: $code) { ${TASK_FIELDS} } }
  `,
  StartTask: /* GraphQL */ `
    mutation StartTask($code: String!) { startTask(code: $code) { ${TASK_FIELDS} } }
  `,
  CompleteTask: /* GraphQL */ `
    mutation CompleteTask($code: String!) { completeTask(code: $code) { ${TASK_FIELDS} } }
  `,
  CloseTask: /* GraphQL */ `
    mutation CloseTask($code: String!) { closeTask(code: $code) { ${TASK_FIELDS} } }
  `,
} as const

export async function fetchTasks(args: PageArgs & { filter?: TaskFilter }): Promise<Connection<TaskRow>> {
  const data = await request(operations, 'Tasks', args)
  return data.tasks
}

/** One task; null when it does not exist or is not public yet (the public sees tasks from their freeze on). */
export async function fetchTask(code: string): Promise<Task | null> {
  const data = await request(operations, 'Task', { code })
  return data.task
}

/** A page of a task's inspections with their teams, in draw order. */
export async function fetchTaskInspections(code: string, args: PageArgs): Promise<Connection<Inspection> | null> {
  const data = await request(operations, 'TaskInspections', { code, ...args })
  return data.task?.inspections ?? null
}

/** The published manifests of a task, to check a proof against (public once frozen). */
export async function fetchTaskManifests(code: string): Promise<{ attempt: number; manifestHash: string; manifestJson: string }[] | null> {
  const data = await request(operations, 'TaskManifests', { code })
  return data.task?.draws ?? null
}

/** A department's current plan of a year, or the joint plan when `department` is not given. */
export async function fetchPlan(year: number, department?: string): Promise<PlanSummary | null> {
  const data = await request(operations, 'Plan', { year, department })
  return data.plan
}

/** Current, active items of a department, to choose the items of a special task. */
export async function fetchActiveItems(department: string): Promise<Pick<CheckItem, 'code' | 'content' | 'category' | 'department'>[]> {
  const data = await request(operations, 'ActiveItems', { filter: { department, active: true } })
  return data.checkItems.nodes
}

/** The inspectors the server accepts as a replacement of `outgoing` on one team (eligibility decided there). */
export async function fetchReplacementCandidates(inspection: string, outgoing: string): Promise<{ key: string; name: string }[]> {
  const data = await request(operations, 'ReplacementCandidates', { inspection, outgoing })
  return data.replacementCandidates
}

export async function fetchDrawProof(task: string, subject: string, attempt?: number): Promise<DrawProof> {
  const data = await request(operations, 'DrawProof', { task, subject, attempt })
  return { ...data.drawProof, status: knownValue(PROOF_STATUSES, data.drawProof.status, 'DrawProof.status') }
}

export async function createTaskFromPlan(planTask: string, options: TaskOptionsInput, windowFrom?: string, windowTo?: string): Promise<Task> {
  return (await request(operations, 'CreateTaskFromPlan', { planTask, options, windowFrom, windowTo })).createTaskFromPlan
}

export async function createSpecialTask(input: SpecialTaskInput, options: TaskOptionsInput): Promise<Task> {
  return (await request(operations, 'CreateSpecialTask', { input, options })).createSpecialTask
}

export async function confirmTask(code: string, department: string): Promise<Task> {
  return (await request(operations, 'ConfirmTask', { code, department })).confirmTask
}

export async function declineTask(code: string, department: string, reason: string): Promise<Task> {
  return (await request(operations, 'DeclineTask', { code, department, reason })).declineTask
}

export async function submitTaskCommitment(code: string, department: string, commitment: string): Promise<Task> {
  return (await request(operations, 'SubmitTaskCommitment', { code, department, commitment })).submitTaskCommitment
}

export async function revealTaskSecret(code: string, department: string, secret: string): Promise<Task> {
  return (await request(operations, 'RevealTaskSecret', { code, department, secret })).revealTaskSecret
}

export async function setTaskPublicInput(code: string, value: string): Promise<Task> {
  return (await request(operations, 'SetTaskPublicInput', { code, value })).setTaskPublicInput
}

export async function cancelTask(code: string, reason: string): Promise<Task> {
  return (await request(operations, 'CancelTask', { code, reason })).cancelTask
}

/** Freeze, draw, start, complete, close: the transitions that take only the task code. */
export type SimpleTransition = 'freezeTask' | 'drawTask' | 'startTask' | 'completeTask' | 'closeTask'

export async function transitionTask(name: SimpleTransition, code: string): Promise<Task> {
  switch (name) {
    case 'freezeTask':
      return (await request(operations, 'FreezeTask', { code })).freezeTask
    case 'drawTask':
      return (await request(operations, 'DrawTask', { code })).drawTask
    case 'startTask':
      return (await request(operations, 'StartTask', { code })).startTask
    case 'completeTask':
      return (await request(operations, 'CompleteTask', { code })).completeTask
    case 'closeTask':
      return (await request(operations, 'CloseTask', { code })).closeTask
  }
}

export async function requestReplacement(input: ReplacementInput): Promise<Replacement> {
  const data = await request(operations, 'RequestReplacement', { input })
  return data.requestReplacement
}

export async function decideReplacement(id: string, approve: boolean, note?: string): Promise<Replacement> {
  const data = await request(operations, 'DecideReplacement', { id, approve, note })
  return data.decideReplacement
}
