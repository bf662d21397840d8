// Complaint and referral leads (投诉举报线索, e.g. the 12345 hotline): recorded against a subject, handled
// case by case, or starting a special task. Staff only.
import { request } from './client'
import { LEAD_FIELDS } from './recognition'
import type { Lead, LeadFilter, LeadInput, LeadTaskInput, TaskOptionsInput, TaskRow } from './types'

export const operations = {
  Leads: /* GraphQL */ `
    query Leads($department: String, $status: LeadStatus, $subject: String, $problem: String) {
      leads(department: $department, status: $status, subject: $subject, problem: $problem) { ${LEAD_FIELDS} }
    }
  `,
  RecordLead: /* GraphQL */ `
    mutation RecordLead($input: LeadInput!) { recordLead(input: $input) { ${LEAD_FIELDS} } }
  `,
  HandleLead: /* GraphQL */ `
    mutation HandleLead($id: ID!, $resolution: String!) { handleLead(id: $id, resolution: $resolution) { ${LEAD_FIELDS} } }
  `,
  StartTaskFromLead: /* GraphQL */ `
    mutation StartTaskFromLead($id: ID!, $input: LeadTaskInput!, $options: TaskOptionsInput) {
      startTaskFromLead(id: $id, input: $input, options: $options) { id code year name kind joint status departments windowFrom windowTo attempt }
    }
  `,
} as const

/** Newest first (at most 500). */
export async function fetchLeads(filter: LeadFilter = {}): Promise<Lead[]> {
  const data = await request(operations, 'Leads', filter)
  return data.leads
}

/** 登记线索. */
export async function recordLead(input: LeadInput): Promise<Lead> {
  const data = await request(operations, 'RecordLead', { input })
  return data.recordLead
}

/** 个案处理: closed with what was done. */
export async function handleLead(id: string, resolution: string): Promise<Lead> {
  const data = await request(operations, 'HandleLead', { id, resolution })
  return data.handleLead
}

/** 发起专项检查: a SPECIAL task for the lead's subject, or for every subject with an open lead on the same problem. */
export async function startTaskFromLead(id: string, input: LeadTaskInput, options?: TaskOptionsInput): Promise<TaskRow> {
  const data = await request(operations, 'StartTaskFromLead', { id, input, options })
  return data.startTaskFromLead
}
