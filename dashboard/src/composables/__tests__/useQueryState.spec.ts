// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import { mount, flushPromises } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { applyPatch, formatQuery, parseQuery, q, useQueryState, type QueryState } from '../useQueryState'

const schema = {
  search: q.string(),
  kind: q.enum(['ENTERPRISE', 'PRODUCT'] as const),
  all: q.boolean(false),
  strict: q.boolean(true),
  after: q.string(),
  page: q.int(1, { min: 1 }),
  size: q.int(20, { allowed: [20, 50, 100] }),
  open: q.string(),
}
const options = { paging: ['after', 'page'], passive: ['open'] } as const

describe('parseQuery / formatQuery', () => {
  it('round-trips every kind of field', () => {
    const values = {
      search: '食品 生产',
      kind: 'PRODUCT' as const,
      all: true,
      strict: false,
      after: 'Y3Vyc29yOjQw',
      page: 3,
      size: 50,
      open: '91110000600037341L',
    }
    const query = formatQuery(schema, values)
    expect(query).toEqual({
      search: '食品 生产',
      kind: 'PRODUCT',
      all: '1',
      strict: '0',
      after: 'Y3Vyc29yOjQw',
      page: '3',
      size: '50',
      open: '91110000600037341L',
    })
    expect(parseQuery(schema, query)).toEqual(values)
  })

  it('leaves defaults out of the URL and restores them when parsing', () => {
    const defaults = parseQuery(schema, {})
    expect(defaults).toEqual({
      search: undefined,
      kind: undefined,
      all: false,
      strict: true,
      after: undefined,
      page: 1,
      size: 20,
      open: undefined,
    })
    expect(formatQuery(schema, defaults)).toEqual({})
  })

  it('ignores values the schema does not allow', () => {
    const parsed = parseQuery(schema, { kind: 'ROBOT', page: '-4', size: '33', search: '   ', all: 'yes' })
    expect(parsed.kind).toBeUndefined()
    expect(parsed.page).toBe(1)
    expect(parsed.size).toBe(20)
    expect(parsed.search).toBeUndefined()
    expect(parsed.all).toBe(false)
  })

  it('takes the first value of a repeated parameter', () => {
    expect(parseQuery(schema, { kind: ['ENTERPRISE', 'PRODUCT'] }).kind).toBe('ENTERPRISE')
  })
})

describe('applyPatch', () => {
  const onPage3 = parseQuery(schema, { kind: 'PRODUCT', after: 'c40', page: '3' })

  it('goes back to the first page when a filter changes', () => {
    expect(applyPatch(schema, onPage3, { search: '超市' }, options)).toEqual({ kind: 'PRODUCT', search: '超市' })
  })

  it('keeps the page when only a passive key (an open drawer) changes', () => {
    expect(applyPatch(schema, onPage3, { open: 'k1' }, options)).toEqual({
      kind: 'PRODUCT',
      after: 'c40',
      page: '3',
      open: 'k1',
    })
  })

  it('keeps the page when a filter is "changed" to its current value', () => {
    expect(applyPatch(schema, onPage3, { kind: 'PRODUCT' }, options)).toEqual({ kind: 'PRODUCT', after: 'c40', page: '3' })
  })

  it('applies paging patches as given', () => {
    expect(applyPatch(schema, onPage3, { after: 'c60', page: 4 }, options)).toEqual({
      kind: 'PRODUCT',
      after: 'c60',
      page: '4',
    })
  })
})

describe('useQueryState with the router', () => {
  it('writes filters to the URL, and the back button restores the previous filters', async () => {
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/list', component: { render: () => null } }] })
    let api!: QueryState<typeof schema>
    const Host = defineComponent({
      setup() {
        api = useQueryState(schema, options)
        return () => h('span', JSON.stringify(api.state.value))
      },
    })
    await router.push('/list?kind=ENTERPRISE')
    mount(Host, { global: { plugins: [router] } })
    expect(api.state.value.kind).toBe('ENTERPRISE')

    await api.set({ search: '药店', all: true })
    expect(router.currentRoute.value.query).toEqual({ kind: 'ENTERPRISE', search: '药店', all: '1' })
    expect(api.state.value).toMatchObject({ kind: 'ENTERPRISE', search: '药店', all: true })

    router.back()
    await flushPromises()
    await nextTick()
    // Memory history pops asynchronously; wait for the route to settle.
    await new Promise((r) => setTimeout(r, 0))
    expect(router.currentRoute.value.query).toEqual({ kind: 'ENTERPRISE' })
    expect(api.state.value.search).toBeUndefined()
    expect(api.state.value.all).toBe(false)
  })
})
