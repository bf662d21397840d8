// Annual plans (年度抽查计划, DESIGN.md): one department's plan or the office's joint plan of a year, any of its
// versions, and the mutations that edit (savePlan), file (filePlan), publish (publishPlan) and compile the joint
// plan (compileJointPlan). The filing status per member department is `fetchPlanFilingStatus` in metrics.ts.
// The operation texts are exported so a spec validates them against schema/schema.graphql.
import { request } from './client'
import type { Plan, PlanInput } from './types'

const PLAN_FIELDS = /* GraphQL */ `
  id year kind version current status filedAt filedLate publishedAt changeReason createdAt filingDeadline
  department { code name shortName }
  tasks {
    id seq name departments joint windowFrom windowTo frequencyPerYear
    scopeLibraries scopeRegions scopeIndustries scopeKinds scopeGrades
    items { code content department { code name shortName } }
    quotaRule { grade ratio count }
  }
  versions { id version current status changeReason createdAt filedAt filedLate publishedAt }
`

export const operations = {
  PlanDetail: /* GraphQL */ `
    query PlanDetail($year: Int!, $department: String, $version: Int) {
      plan(year: $year, department: $department, version: $version) { ${PLAN_FIELDS} }
    }
  `,
  SavePlan: /* GraphQL */ `
    mutation SavePlan($input: PlanInput!) {
      savePlan(input: $input) { ${PLAN_FIELDS} }
    }
  `,
  FilePlan: /* GraphQL */ `
    mutation FilePlan($year: Int!, $department: String) {
      filePlan(year: $year, department: $department) { ${PLAN_FIELDS} }
    }
  `,
  PublishPlan: /* GraphQL */ `
    mutation PublishPlan($year: Int!, $department: String) {
      publishPlan(year: $year, department: $department) { ${PLAN_FIELDS} }
    }
  `,
  CompileJointPlan: /* GraphQL */ `
    mutation CompileJointPlan($year: Int!) {
      compileJointPlan(year: $year) { ${PLAN_FIELDS} }
    }
  `,
} as const

/**
 * A department's plan of `year` (the office's joint plan when `department` is not given): the version in force,
 * or `version`. Null when there is none (drafts are for staff only).
 */
export async function fetchPlanDetail(year: number, department?: string, version?: number): Promise<Plan | null> {
  const data = await request(operations, 'PlanDetail', { year, department, version })
  return data.plan
}

/**
 * Saves the plan's tasks: a draft is changed in place; a filed or published plan becomes a new version,
 * which needs `input.reason` (调整原因).
 */
export async function savePlan(input: PlanInput): Promise<Plan> {
  const data = await request(operations, 'SavePlan', { input })
  return data.savePlan
}

/** 备案: draft → filed; after the deadline it is accepted and recorded as late. */
export async function filePlan(year: number, department?: string): Promise<Plan> {
  const data = await request(operations, 'FilePlan', { year, department })
  return data.filePlan
}

/** 公示: filed → published. */
export async function publishPlan(year: number, department?: string): Promise<Plan> {
  const data = await request(operations, 'PublishPlan', { year, department })
  return data.publishPlan
}

/** The office: collects the joint tasks of the filed department plans into the joint plan. */
export async function compileJointPlan(year: number): Promise<Plan> {
  const data = await request(operations, 'CompileJointPlan', { year })
  return data.compileJointPlan
}
