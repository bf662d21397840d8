// Tasks (抽查任务): list, detail, lifecycle mutations, inspections, replacements, plans to create from,
// and the public draw proof.
import { request } from './client'
import type {
  CheckItem,
  Connection,
  DrawProof,
  Inspection,
  PageArgs,
  Plan,
  Replacement,
  ReplacementInput,
  SpecialTaskInput,
  Task,
  TaskFilter,
  TaskOptionsInput,
  TaskRow,
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

export async function fetchTasks(args: PageArgs & { filter?: TaskFilter }): Promise<Connection<TaskRow>> {
  const data = await request<{ tasks: Connection<TaskRow> }>(
    /* GraphQL */ `
      query Tasks($first: Int!, $after: String, $filter: TaskFilter) {
        tasks(first: $first, after: $after, filter: $filter) {
          totalCount
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          nodes { ${ROW_FIELDS} }
        }
      }
    `,
    args,
  )
  return data.tasks
}

/** One task; null when it does not exist or is not public yet (the public sees tasks from their freeze on). */
export async function fetchTask(code: string): Promise<Task | null> {
  const data = await request<{ task: Task | null }>(
    /* GraphQL */ `
      query Task($code: String!) { task(code: $code) { ${TASK_FIELDS} } }
    `,
    { code },
  )
  return data.task
}

/** A page of a task's inspections with their teams, in draw order. */
export async function fetchTaskInspections(code: string, args: PageArgs): Promise<Connection<Inspection> | null> {
  const data = await request<{ task: { inspections: Connection<Inspection> } | null }>(
    /* GraphQL */ `
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
    { code, ...args },
  )
  return data.task?.inspections ?? null
}

/** The published manifests of a task, to check a proof against (public once frozen). */
export async function fetchTaskManifests(code: string): Promise<{ attempt: number; manifestHash: string; manifestJson: string }[] | null> {
  const data = await request<{ task: { draws: { attempt: number; manifestHash: string; manifestJson: string }[] } | null }>(
    /* GraphQL */ `
      query TaskManifests($code: String!) { task(code: $code) { draws { attempt manifestHash manifestJson } } }
    `,
    { code },
  )
  return data.task?.draws ?? null
}

const PLAN_FIELDS = /* GraphQL */ `
  id year kind status version department { code name shortName }
  tasks {
    id seq name departments joint windowFrom windowTo frequencyPerYear
    items { code content department { code name shortName } }
    quotaRule { grade ratio count }
  }
`

/** A department's current plan of a year, or the joint plan when `department` is not given. */
export async function fetchPlan(year: number, department?: string): Promise<Plan | null> {
  const data = await request<{ plan: Plan | null }>(
    /* GraphQL */ `
      query Plan($year: Int!, $department: String) { plan(year: $year, department: $department) { ${PLAN_FIELDS} } }
    `,
    { year, department },
  )
  return data.plan
}

/** Current, active items of a department, to choose the items of a special task. */
export async function fetchActiveItems(department: string): Promise<Pick<CheckItem, 'code' | 'content' | 'category' | 'department'>[]> {
  const data = await request<{ checkItems: Connection<Pick<CheckItem, 'code' | 'content' | 'category' | 'department'>> }>(
    /* GraphQL */ `
      query ActiveItems($filter: CheckItemFilter) {
        checkItems(first: 200, filter: $filter) { nodes { code content category department { code name shortName } } }
      }
    `,
    { filter: { department, active: true } },
  )
  return data.checkItems.nodes
}

/** The inspectors the server accepts as a replacement of `outgoing` on one team (eligibility decided there). */
export async function fetchReplacementCandidates(inspection: string, outgoing: string): Promise<{ key: string; name: string }[]> {
  const data = await request<{ replacementCandidates: { key: string; name: string }[] }>(
    /* GraphQL */ `
      query ReplacementCandidates($inspection: ID!, $outgoing: String!) {
        replacementCandidates(inspection: $inspection, outgoing: $outgoing) { key name }
      }
    `,
    { inspection, outgoing },
  )
  return data.replacementCandidates
}

export async function fetchDrawProof(task: string, subject: string, attempt?: number): Promise<DrawProof> {
  const data = await request<{ drawProof: DrawProof }>(
    /* GraphQL */ `
      query DrawProof($task: String!, $subject: String!, $attempt: Int) {
        drawProof(task: $task, subject: $subject, attempt: $attempt) {
          taskCode attempt subjectKey manifestHash outcome status stratum exclusionReasons ticket
          candidates { list count root contains leaves { index line path } }
          excluded { list count root contains leaves { index line path } }
        }
      }
    `,
    { task, subject, attempt },
  )
  return data.drawProof
}

// ---- Mutations. Each returns the updated task (full detail fields) so the page redraws from one answer. ----

async function taskMutation<K extends string>(name: K, signature: string, args: string, variables: object): Promise<Task> {
  const data = await request<Record<K, Task>>(
    /* GraphQL */ `
      mutation ${name[0]!.toUpperCase()}${name.slice(1)}(${signature}) { ${name}(${args}) { ${TASK_FIELDS} } }
    `,
    variables,
  )
  return data[name]
}

export function createTaskFromPlan(planTask: string, options: TaskOptionsInput, windowFrom?: string, windowTo?: string): Promise<Task> {
  return taskMutation(
    'createTaskFromPlan',
    '$planTask: ID!, $options: TaskOptionsInput, $windowFrom: String, $windowTo: String',
    'planTask: $planTask, options: $options, windowFrom: $windowFrom, windowTo: $windowTo',
    { planTask, options, windowFrom, windowTo },
  )
}

export function createSpecialTask(input: SpecialTaskInput, options: TaskOptionsInput): Promise<Task> {
  return taskMutation('createSpecialTask', '$input: SpecialTaskInput!, $options: TaskOptionsInput', 'input: $input, options: $options', {
    input,
    options,
  })
}

export function confirmTask(code: string, department: string): Promise<Task> {
  return taskMutation('confirmTask', '$code: String!, $department: String', 'code: $code, department: $department', { code, department })
}

export function declineTask(code: string, department: string, reason: string): Promise<Task> {
  return taskMutation(
    'declineTask',
    '$code: String!, $department: String, $reason: String!',
    'code: $code, department: $department, reason: $reason',
    { code, department, reason },
  )
}

export function submitTaskCommitment(code: string, department: string, commitment: string): Promise<Task> {
  return taskMutation(
    'submitTaskCommitment',
    '$code: String!, $department: String, $commitment: String!',
    'code: $code, department: $department, commitment: $commitment',
    { code, department, commitment },
  )
}

export function revealTaskSecret(code: string, department: string, secret: string): Promise<Task> {
  return taskMutation(
    'revealTaskSecret',
    '$code: String!, $department: String, $secret: String!',
    'code: $code, department: $department, secret: $secret',
    { code, department, secret },
  )
}

export function setTaskPublicInput(code: string, value: string): Promise<Task> {
  return taskMutation('setTaskPublicInput', '$code: String!, $value: String!', 'code: $code, value: $value', { code, value })
}

export function cancelTask(code: string, reason: string): Promise<Task> {
  return taskMutation('cancelTask', '$code: String!, $reason: String!', 'code: $code, reason: $reason', { code, reason })
}

/** Freeze, draw, start, complete, close: the transitions that take only the task code. */
export type SimpleTransition = 'freezeTask' | 'drawTask' | 'startTask' | 'completeTask' | 'closeTask'

export function transitionTask(name: SimpleTransition, code: string): Promise<Task> {
  return taskMutation(name, '$code: String!', 'code: $code', { code })
}

export async function requestReplacement(input: ReplacementInput): Promise<Replacement> {
  const data = await request<{ requestReplacement: Replacement }>(
    /* GraphQL */ `
      mutation RequestReplacement($input: ReplacementInput!) { requestReplacement(input: $input) { ${REPLACEMENT_FIELDS} } }
    `,
    { input },
  )
  return data.requestReplacement
}

export async function decideReplacement(id: string, approve: boolean, note?: string): Promise<Replacement> {
  const data = await request<{ decideReplacement: Replacement }>(
    /* GraphQL */ `
      mutation DecideReplacement($id: ID!, $approve: Boolean!, $note: String) {
        decideReplacement(id: $id, approve: $approve, note: $note) { ${REPLACEMENT_FIELDS} }
      }
    `,
    { id, approve, note },
  )
  return data.decideReplacement
}
