// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest'
import { firstPage, nextPage, prevPage } from '../cursorPaging'

const info = (endCursor: string, hasNextPage = true) => ({
  hasNextPage,
  hasPreviousPage: false,
  startCursor: null,
  endCursor,
})

beforeEach(() => sessionStorage.clear())

describe('cursor paging', () => {
  it('walks forward and back through remembered cursors', () => {
    const p1 = { after: undefined, page: 1, size: 20 }
    const toP2 = nextPage('/subjects', p1, info('c20'))!
    expect(toP2).toEqual({ after: 'c20', page: 2 })
    const p2 = { after: 'c20', page: 2, size: 20 }
    const toP3 = nextPage('/subjects', p2, info('c40'))!
    expect(toP3).toEqual({ after: 'c40', page: 3 })

    expect(prevPage('/subjects', { after: 'c40', page: 3, size: 20 })).toEqual({ after: 'c20', page: 2 })
    expect(prevPage('/subjects', p2)).toEqual(firstPage())
  })

  it('offers no next page at the end of the connection', () => {
    expect(nextPage('/subjects', { after: undefined, page: 1, size: 20 }, info('c20', false))).toBeNull()
  })

  it('falls back to the first page for a shared link with no trail', () => {
    expect(prevPage('/items', { after: 'unknown', page: 7, size: 20 })).toEqual(firstPage())
  })

  it('keeps separate trails per list', () => {
    nextPage('/items', { after: 'a', page: 2, size: 20 }, info('b'))
    expect(prevPage('/subjects', { after: 'b', page: 3, size: 20 })).toEqual(firstPage())
    expect(prevPage('/items', { after: 'b', page: 3, size: 20 })).toEqual({ after: 'a', page: 2 })
  })
})
