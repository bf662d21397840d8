// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { stubServer } from '../../__tests__/fakeServer'
import { cleanFilter, fetchCoverageItems, fetchJointTasksUnderWay } from '../metrics'

afterEach(() => vi.unstubAllGlobals())

describe('metrics operations', () => {
  it('sends only the filter fields that are set', () => {
    expect(cleanFilter({ year: 2026, region: undefined, department: '', grade: 'A' })).toEqual({ year: 2026, grade: 'A' })
  })

  it('lists joint tasks of the four statuses under way in one request, ending first on top', async () => {
    const row = (code: string, status: string, windowTo: string) => ({
      id: code, code, year: 2026, name: code, kind: 'SPECIAL', joint: true, status, departments: ['SCJG', 'SW'], windowFrom: '2026-01-01', windowTo,
      attempt: 1, publicInputExpected: false, publicInput: null, participants: [],
    })
    const { calls } = stubServer({
      JointTasksUnderWay: {
        created: { nodes: [row('2026-LZ-0009', 'CREATED', '2026-12-31')] },
        frozen: { nodes: [] },
        drawn: { nodes: [row('2026-LZ-0003', 'DRAWN', '2026-05-31')] },
        inProgress: { nodes: [row('2026-LZ-0001', 'IN_PROGRESS', '2026-05-31')] },
      },
    })
    const tasks = await fetchJointTasksUnderWay(2026, 'SW')
    expect(tasks.map((t) => t.code)).toEqual(['2026-LZ-0001', '2026-LZ-0003', '2026-LZ-0009'])
    expect(calls).toEqual([{ name: 'JointTasksUnderWay', variables: { year: 2026, department: 'SW' } }])
  })

  it('pages through the active items', async () => {
    const item = (code: string) => ({ code, content: code, category: 'GENERAL', department: { code: 'SW', name: '税务局', shortName: '税务' } })
    const { calls } = stubServer({
      CoverageItems: (v: Record<string, unknown>) =>
        v.after
          ? { checkItems: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [item('SW-003')] } }
          : { checkItems: { pageInfo: { hasNextPage: true, endCursor: 'c1' }, nodes: [item('SW-001'), item('SW-002')] } },
    })
    const items = await fetchCoverageItems({ department: 'SW' })
    expect(items.map((i) => i.code)).toEqual(['SW-001', 'SW-002', 'SW-003'])
    expect(calls.map((c) => c.variables)).toEqual([
      { filter: { department: 'SW', active: true } },
      { filter: { department: 'SW', active: true }, after: 'c1' },
    ])
  })
})
