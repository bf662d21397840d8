import { describe, expect, it } from 'vitest'
import type { Role, TaskParticipant, TaskStatus, User } from '../../../graphql/types'
import {
  canCreateTasks,
  canDecideReplacement,
  drawBlockers,
  leadActions,
  participantActions,
  replaceableDepartments,
  stepIndex,
} from '../actions'

const user = (role: Role, department: string | null = 'SCJG'): User => ({
  username: 'u',
  displayName: 'u',
  role,
  department: department ? { code: department, name: department, shortName: department } : null,
})
const clerk = user('CLERK')
const swClerk = user('CLERK', 'SW')
const head = user('DEPT_HEAD', 'SW')
const office = user('OFFICE')
const admin = user('ADMIN', null)
const inspector = user('INSPECTOR')
const leader = user('LEADER', null)

const task = (status: TaskStatus, extra: { publicInputExpected?: boolean; publicInput?: string | null } = {}) => ({
  status,
  departments: ['SCJG', 'SW'],
  publicInputExpected: extra.publicInputExpected ?? false,
  publicInput: extra.publicInput ?? null,
})
const participant = (departmentCode: string, p: Partial<TaskParticipant> = {}): TaskParticipant => ({
  departmentCode,
  departmentName: departmentCode,
  lead: departmentCode === 'SCJG',
  status: 'CONFIRMED',
  decidedAt: null,
  declineReason: null,
  commitment: null,
  revealed: false,
  ...p,
})

describe('lead-department actions by status', () => {
  it('follow the lifecycle CREATED → FROZEN → DRAWN → IN_PROGRESS → COMPLETED → CLOSED', () => {
    expect(leadActions(task('CREATED'), clerk)).toEqual(['freeze', 'cancel'])
    expect(leadActions(task('FROZEN'), clerk)).toEqual(['draw', 'cancel'])
    expect(leadActions(task('FROZEN', { publicInputExpected: true }), clerk)).toEqual(['publicInput', 'draw', 'cancel'])
    expect(leadActions(task('FROZEN', { publicInputExpected: true, publicInput: '3-6-1-4' }), clerk)).toEqual(['draw', 'cancel'])
    expect(leadActions(task('DRAWN'), clerk)).toEqual(['start'])
    expect(leadActions(task('IN_PROGRESS'), clerk)).toEqual(['complete'])
    expect(leadActions(task('COMPLETED'), clerk)).toEqual(['close'])
    expect(leadActions(task('CLOSED'), clerk)).toEqual([])
    expect(leadActions(task('CANCELLED'), clerk)).toEqual([])
  })

  it('are offered to the lead department staff and the office or administrators only', () => {
    expect(leadActions(task('CREATED'), office)).toEqual(['freeze', 'cancel'])
    expect(leadActions(task('CREATED'), admin)).toEqual(['freeze', 'cancel'])
    expect(leadActions(task('CREATED'), user('DEPT_HEAD'))).toEqual(['freeze', 'cancel'])
    for (const u of [swClerk, head, inspector, leader, null]) expect(leadActions(task('CREATED'), u)).toEqual([])
  })

  it('creation is for clerks, heads, the office and administrators', () => {
    expect([clerk, head, office, admin].every(canCreateTasks)).toBe(true)
    expect([inspector, leader, null].some(canCreateTasks)).toBe(false)
  })
})

describe('participant actions', () => {
  it('before the freeze: confirm or decline (not the lead), then commit or re-commit', () => {
    const t = task('CREATED')
    expect(participantActions(t, participant('SW', { status: 'PENDING' }), swClerk)).toEqual(['confirm', 'decline'])
    expect(participantActions(t, participant('SW'), swClerk)).toEqual(['commit', 'decline'])
    expect(participantActions(t, participant('SCJG'), clerk)).toEqual(['commit'])
    expect(participantActions(t, participant('SW', { status: 'DECLINED' }), swClerk)).toEqual([])
  })

  it('once frozen: reveal until revealed', () => {
    const t = task('FROZEN')
    expect(participantActions(t, participant('SW', { commitment: 'c' }), swClerk)).toEqual(['reveal'])
    expect(participantActions(t, participant('SW', { commitment: 'c', revealed: true }), swClerk)).toEqual([])
    for (const s of ['DRAWN', 'IN_PROGRESS', 'CLOSED', 'CANCELLED'] as const) expect(participantActions(task(s), participant('SW'), swClerk)).toEqual([])
  })

  it('only for the caller’s own department, or any department for the office', () => {
    const t = task('CREATED')
    expect(participantActions(t, participant('SW'), clerk)).toEqual([])
    expect(participantActions(t, participant('SW'), office)).toEqual(['commit', 'decline'])
    expect(participantActions(t, participant('SW'), inspector)).toEqual([])
    expect(participantActions(t, participant('SW'), null)).toEqual([])
  })

  it('the draw waits for every confirmed department’s reveal and the announced public input', () => {
    const blockers = drawBlockers({
      participants: [participant('SCJG', { revealed: true }), participant('SW'), participant('WJ', { status: 'DECLINED' })],
      publicInputExpected: true,
      publicInput: null,
    })
    expect(blockers).toEqual({ reveals: ['SW'], publicInput: true })
  })
})

describe('replacements', () => {
  const inspection = (status: 'ASSIGNED' | 'CHECKED' = 'ASSIGNED') => ({
    status,
    team: [
      { inspectorKey: 'SC01', inspectorName: null, departmentCode: 'SCJG', leader: true, ticket: 't', active: true },
      { inspectorKey: 'SW01', inspectorName: null, departmentCode: 'SW', leader: false, ticket: 't', active: true },
      { inspectorKey: 'SW02', inspectorName: null, departmentCode: 'WJ', leader: false, ticket: 't', active: false },
    ],
  })

  it('a department asks to replace its own inspectors while the task is drawn or in progress', () => {
    expect(replaceableDepartments(task('DRAWN'), inspection(), swClerk)).toEqual(['SW'])
    expect(replaceableDepartments(task('IN_PROGRESS'), inspection(), clerk)).toEqual(['SCJG'])
    expect(replaceableDepartments(task('IN_PROGRESS'), inspection(), office)).toEqual(['SCJG', 'SW'])
    expect(replaceableDepartments(task('FROZEN'), inspection(), swClerk)).toEqual([])
    expect(replaceableDepartments(task('DRAWN'), inspection('CHECKED'), swClerk)).toEqual([])
    expect(replaceableDepartments(task('DRAWN'), inspection(), user('CLERK', 'WJ'))).toEqual([])
  })

  it('only the head of that department decides, and only pending requests', () => {
    expect(canDecideReplacement({ status: 'PENDING', departmentCode: 'SW' }, head)).toBe(true)
    expect(canDecideReplacement({ status: 'APPROVED', departmentCode: 'SW' }, head)).toBe(false)
    expect(canDecideReplacement({ status: 'PENDING', departmentCode: 'SCJG' }, head)).toBe(false)
    expect(canDecideReplacement({ status: 'PENDING', departmentCode: 'SW' }, swClerk)).toBe(false)
    expect(canDecideReplacement({ status: 'PENDING', departmentCode: 'SW' }, office)).toBe(false)
  })
})

describe('status steps', () => {
  it('place a cancelled task where it stopped', () => {
    expect(stepIndex({ status: 'DRAWN', currentDraw: null })).toBe(2)
    expect(stepIndex({ status: 'CANCELLED', currentDraw: null })).toBe(0)
    expect(stepIndex({ status: 'CANCELLED', currentDraw: { outcome: 'ABANDONED' } as never })).toBe(1)
  })
})
