// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ServerError, stubServer } from '../../__tests__/fakeServer'
import { isGraphQLRequestError } from '../client'
import { fetchPlanDetail, filePlan, operations, savePlan } from '../plans'
import { itValidatesOperations } from './operationsAgainstSchema'

afterEach(() => vi.unstubAllGlobals())

describe('plan operations', () => {
  itValidatesOperations(operations)

  it('asks for the current version unless one is given, and for the joint plan without a department', async () => {
    const { calls } = stubServer({ PlanDetail: { plan: null } })
    await expect(fetchPlanDetail(2027, 'SCJG')).resolves.toBeNull()
    await fetchPlanDetail(2027, undefined, 2)
    expect(calls.map((c) => c.variables)).toEqual([{ year: 2027, department: 'SCJG' }, { year: 2027, version: 2 }])
  })

  it('sends the plan input as is and keeps the field the server names in its refusal', async () => {
    const { calls } = stubServer({
      SavePlan: new ServerError('事项"SCJG-009"不在现行抽查事项清单中', 'BAD_USER_INPUT', 'input.tasks[0].items[0]'),
      FilePlan: { filePlan: { id: '1', status: 'FILED' } },
    })
    const input = { year: 2027, department: 'SCJG', tasks: [], reason: '调整' }
    const error = await savePlan(input).catch((e: unknown) => e)
    expect(isGraphQLRequestError(error) && [error.code, error.field]).toEqual(['BAD_USER_INPUT', 'input.tasks[0].items[0]'])
    await expect(filePlan(2027, 'SCJG')).resolves.toMatchObject({ status: 'FILED' })
    expect(calls).toEqual([
      { name: 'SavePlan', variables: { input } },
      { name: 'FilePlan', variables: { year: 2027, department: 'SCJG' } },
    ])
  })
})
