// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import SubjectsView from '../index.vue'

const pageInfo = { hasNextPage: true, hasPreviousPage: false, startCursor: 'c1', endCursor: 'c2' }
const rows = [
  {
    key: '91110105MA01ABCD1X',
    uscc: '91110105MA01ABCD1X',
    name: '北京某某食品有限公司',
    kind: 'ENTERPRISE',
    regionCode: '110105',
    regionName: '朝阳区',
    industryCode: 'C1391',
    industryName: '淀粉及淀粉制品制造',
    address: '北京市朝阳区某路 1 号',
    status: 'ACTIVE',
    riskGrade: 'C',
    departments: [{ code: 'SCJG', name: '市场监督管理局', shortName: '市场监管' }],
  },
  {
    key: 'P-000017',
    uscc: null,
    name: '张三便利店',
    kind: 'INDIVIDUAL_BUSINESS',
    regionCode: '110105',
    regionName: '朝阳区',
    industryCode: null,
    industryName: null,
    address: null,
    status: null,
    riskGrade: null,
    departments: [],
  },
]

/** The network boundary: answers by operation, records what the page asked for. */
function stubServer(subjects = { totalCount: 1234, pageInfo, nodes: rows }) {
  const calls: { query: string; variables: Record<string, unknown> }[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      const body = JSON.parse(init.body as string) as { query: string; variables: Record<string, unknown> }
      calls.push(body)
      const data = body.query.includes('query Subjects')
        ? { subjects }
        : body.query.includes('query Departments')
          ? { departments: { totalCount: 0, pageInfo, nodes: [] } }
          : null
      return new Response(JSON.stringify({ data }), { headers: { 'Content-Type': 'application/json' } })
    }),
  )
  return calls
}

async function mountAt(url: string) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/subjects', component: SubjectsView }] })
  await router.push(url)
  await router.isReady()
  const wrapper = mount(RouterView, { global: { plugins: [router] } })
  await flushPromises()
  return { wrapper, router }
}

afterEach(() => vi.unstubAllGlobals())

describe('检查对象名录库 page', () => {
  it('renders the rows and the total count from the subjects connection', async () => {
    stubServer()
    const { wrapper } = await mountAt('/subjects')
    const trs = wrapper.findAll('.el-table__body tr')
    expect(trs).toHaveLength(2)
    expect(trs[0]!.text()).toContain('北京某某食品有限公司')
    expect(trs[0]!.text()).toContain('91110105MA01ABCD1X')
    expect(trs[0]!.text()).toContain('企业')
    expect(trs[0]!.text()).toContain('C 较高风险')
    expect(trs[0]!.text()).toContain('市场监管')
    expect(trs[1]!.text()).toContain('个体工商户')
    expect(wrapper.text()).toContain('共 1,234 条')
    expect(wrapper.text()).toContain('第 1 / 62 页')
  })

  it('sends the filters and page from the URL as GraphQL variables', async () => {
    const calls = stubServer()
    await mountAt('/subjects?kind=ENTERPRISE&region=110105&industry=C13&department=SCJG&size=50&after=abc&page=2&search=食品')
    const call = calls.find((c) => c.query.includes('query Subjects'))!
    expect(call.variables).toEqual({
      first: 50,
      after: 'abc',
      filter: { search: '食品', kind: 'ENTERPRISE', regionCode: '110105', industryPrefix: 'C13', department: 'SCJG' },
    })
  })

  it('shows the empty state when nothing matches', async () => {
    const calls = stubServer({ totalCount: 0, pageInfo: { ...pageInfo, hasNextPage: false }, nodes: [] })
    const { wrapper } = await mountAt('/subjects?kind=PRODUCT')
    expect(calls.length).toBeGreaterThan(0)
    expect(wrapper.find('.el-empty').exists()).toBe(true)
    expect(wrapper.text()).toContain('没有符合筛选条件的数据')
  })

  it('shows the server message when the query fails', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        new Response(JSON.stringify({ errors: [{ message: '查询条件无效：区划代码应为 6 位数字', extensions: { code: 'BAD_USER_INPUT' } }] }), {
          headers: { 'Content-Type': 'application/json' },
        }),
      ),
    )
    const { wrapper } = await mountAt('/subjects?region=1')
    expect(wrapper.find('.el-alert').text()).toContain('查询条件无效：区划代码应为 6 位数字')
    expect(wrapper.text()).toContain('BAD_USER_INPUT')
  })
})
