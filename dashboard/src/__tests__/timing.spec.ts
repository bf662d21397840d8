import { afterEach, describe, expect, it } from 'vitest'
import { markOnce } from '../timing'

afterEach(() => performance.clearMarks())

describe('markOnce', () => {
  it('marks jc:<name> the first time only, so the first load keeps its own time', () => {
    markOnce('spec-first')
    const first = performance.getEntriesByName('jc:spec-first', 'mark')
    expect(first).toHaveLength(1)
    markOnce('spec-first')
    markOnce('spec-other')
    expect(performance.getEntriesByName('jc:spec-first', 'mark')).toEqual(first)
    expect(performance.getEntriesByType('mark').map((e) => e.name).filter((n) => n.startsWith('jc:spec-'))).toEqual(['jc:spec-first', 'jc:spec-other'])
  })
})
