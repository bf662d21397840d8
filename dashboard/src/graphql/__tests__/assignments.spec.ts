// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { stubServer } from '../../__tests__/fakeServer'
import { fetchTaskAssignmentSummary, operations } from '../assignments'
import { itValidatesOperations } from './operationsAgainstSchema'

afterEach(() => vi.unstubAllGlobals())

describe('assignments operations', () => {
  itValidatesOperations(operations)

  it('answers [] for a task the caller cannot see', async () => {
    stubServer({ TaskAssignmentSummary: { task: null } })
    await expect(fetchTaskAssignmentSummary('2026-LZ-0404')).resolves.toEqual([])
  })
})
