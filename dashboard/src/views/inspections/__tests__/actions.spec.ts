import { describe, expect, it } from 'vitest'
import type { InspectionStatus, Role, TaskStatus, User } from '../../../graphql/types'
import { correctableDepartment, inspectionActions, waitsForLead } from '../actions'

const user = (role: Role, department: string | null = 'SCJG'): User => ({
  username: 'u',
  displayName: 'u',
  role,
  department: department ? { code: department, name: department, shortName: department } : null,
})
const task = (status: TaskStatus = 'IN_PROGRESS') => ({ status, departments: ['SCJG', 'SW'] })
const at = (status: InspectionStatus) => ({ status })

describe('inspection actions by status and role', () => {
  it('let staff and inspectors of a participating department register notice and record results while the task is open', () => {
    for (const u of [user('CLERK'), user('CLERK', 'SW'), user('INSPECTOR', 'SW'), user('DEPT_HEAD', 'SW'), user('OFFICE'), user('ADMIN', null)]) {
      expect(inspectionActions(at('ASSIGNED'), task('DRAWN'), u)).toEqual(['notify', 'record'])
      expect(inspectionActions(at('NOTIFIED'), task(), u)).toEqual(['record', 'renotify'])
    }
    // Not before the draw's inspection phase, nor after the task is completed.
    expect(inspectionActions(at('ASSIGNED'), task('COMPLETED'), user('CLERK'))).toEqual([])
  })

  it('offer nothing to other departments, leaders or the public', () => {
    for (const u of [user('CLERK', 'WJ'), user('INSPECTOR', 'WJ'), user('DEPT_HEAD', 'WJ'), user('LEADER', null), null]) {
      for (const s of ['ASSIGNED', 'NOTIFIED', 'CHECKED', 'ENTERED', 'PUBLISHED'] as const) expect(inspectionActions(at(s), task(), u)).toEqual([])
    }
  })

  it('leave entry and publication to the lead department (or the office); participants may still record again', () => {
    expect(inspectionActions(at('CHECKED'), task(), user('CLERK'))).toEqual(['enter', 'rerecord'])
    expect(inspectionActions(at('ENTERED'), task(), user('CLERK'))).toEqual(['publish', 'rerecord'])
    expect(inspectionActions(at('ENTERED'), task(), user('OFFICE', null))).toEqual(['publish', 'rerecord'])
    expect(inspectionActions(at('CHECKED'), task(), user('CLERK', 'SW'))).toEqual(['rerecord'])
    expect(inspectionActions(at('CHECKED'), task(), user('INSPECTOR'))).toEqual(['rerecord'])
    expect(waitsForLead(at('CHECKED'), task(), user('CLERK', 'SW'))).toBe(true)
    expect(waitsForLead(at('CHECKED'), task(), user('CLERK'))).toBe(false)
    // Entry and publication do not depend on the task's status (the server does not check it).
    expect(inspectionActions(at('ENTERED'), task('COMPLETED'), user('CLERK'))).toEqual(['publish'])
  })

  it('let only a department head of a participating department correct a published result', () => {
    expect(inspectionActions(at('PUBLISHED'), task(), user('DEPT_HEAD'))).toEqual(['correct'])
    expect(inspectionActions(at('PUBLISHED'), task(), user('DEPT_HEAD', 'SW'))).toEqual(['correct'])
    for (const u of [user('CLERK'), user('OFFICE'), user('ADMIN', null), user('INSPECTOR'), user('DEPT_HEAD', 'WJ')])
      expect(inspectionActions(at('PUBLISHED'), task(), u)).toEqual([])
    // The lead's head corrects every item; another head only its own department's.
    expect(correctableDepartment(user('DEPT_HEAD'), task())).toBeNull()
    expect(correctableDepartment(user('DEPT_HEAD', 'SW'), task())).toBe('SW')
  })
})
