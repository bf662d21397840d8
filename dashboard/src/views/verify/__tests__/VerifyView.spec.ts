// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { canonicalJson } from '../../../crypto/jcs'
import VerifyView from '../index.vue'

// A five-line candidate list and its RFC 6962 tree, built independently with the platform's SHA-256.
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
async function sha(...parts: (Uint8Array | string)[]): Promise<Uint8Array> {
  const bytes = parts.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : p))
  const all = new Uint8Array(bytes.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of bytes) {
    all.set(p, at)
    at += p.length
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', all))
}
const split = (n: number) => {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}
async function mth(d: string[]): Promise<Uint8Array> {
  if (d.length === 0) return sha()
  if (d.length === 1) return sha(Uint8Array.of(0), d[0]!)
  const k = split(d.length)
  return sha(Uint8Array.of(1), await mth(d.slice(0, k)), await mth(d.slice(k)))
}
async function path(m: number, d: string[]): Promise<string[]> {
  if (d.length <= 1) return []
  const k = split(d.length)
  return m < k ? [...(await path(m, d.slice(0, k))), hex(await mth(d.slice(k)))] : [...(await path(m - k, d.slice(k))), hex(await mth(d.slice(0, k)))]
}
const LINES = ['91370305MA00000010\tA', '91370305MA00000020\tB', '91370305MA00000030\tB', '91370305MA00000040\tU', '91370305MA00000050\tD']
let ROOT = ''
let EMPTY = ''
let manifestJson = ''
let manifestHash = ''
beforeAll(async () => {
  ROOT = hex(await mth(LINES))
  EMPTY = hex(await sha())
  const manifest = { algorithm: 'jointcheck-draw/1', task: 'T-1', candidates: { count: 5, root: ROOT, strata: { A: 1, B: 2, D: 1, U: 1 } }, excluded: { count: 0, root: EMPTY } }
  manifestJson = JSON.stringify(manifest, null, 2)
  manifestHash = hex(await sha(canonicalJson(manifest)))
})

const list = (name: string, over: object) => ({ list: name, count: 0, root: EMPTY, contains: false, leaves: [], ...over })
function proof(status: string, subjectKey: string, candidates: object) {
  return {
    taskCode: 'T-1', attempt: 1, subjectKey, manifestHash, outcome: 'DRAWN', status, stratum: status === 'SELECTED' ? 'B' : null,
    exclusionReasons: [], ticket: status === 'SELECTED' ? 'aa'.repeat(32) : null,
    candidates: list('candidates', { count: 5, root: ROOT, ...candidates }), excluded: list('excluded', {}),
  }
}

function stubServer(drawProof: object) {
  const calls: string[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      const { query } = JSON.parse(init.body as string) as { query: string }
      const name = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? ''
      calls.push(name)
      const data = name === 'DrawProof' ? { drawProof } : name === 'TaskManifests' ? { task: { draws: [{ attempt: 1, manifestHash, manifestJson }] } } : null
      return new Response(JSON.stringify({ data }), { headers: { 'Content-Type': 'application/json' } })
    }),
  )
  return calls
}

let wrapper: VueWrapper | null = null
async function mountAt(url: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/verify', name: 'verify', component: VerifyView },
      { path: '/tasks/:code', name: 'task', component: { render: () => null } },
    ],
  })
  await router.push(url)
  await router.isReady()
  wrapper = mount(RouterView, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

/**
 * Waits until the page has answered and finished its in-browser checks: the hashing is asynchronous, and
 * on a busy machine it takes longer than a fixed number of ticks.
 */
async function settled(w: VueWrapper): Promise<void> {
  await vi.waitFor(
    () => {
      expect(w.find('[data-testid="proof-status"]').exists()).toBe(true)
      const checks = w.findAll('[data-testid="leaf-check"]')
      expect(checks.length).toBeGreaterThan(0)
      for (const c of checks) expect(c.text()).toMatch(/^[✓✗]$/)
      const overall = w.find('[data-testid="proof-overall"]')
      if (overall.exists()) expect(overall.text()).toMatch(/[✓✗]/)
    },
    { timeout: 10_000, interval: 20 },
  )
}

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('抽取验证 page', () => {
  it('prefills from the URL, asks drawProof and verifies the audit path and the manifest in the browser', async () => {
    const calls = stubServer(proof('SELECTED', '91370305MA00000020', { contains: true, leaves: [{ index: 1, line: LINES[1], path: await path(1, LINES) }] }))
    const w = await mountAt('/verify?task=T-1&subject=91370305MA00000020')
    await settled(w)
    expect(calls).toContain('DrawProof')
    expect((w.find('.verify__task input').element as HTMLInputElement).value).toBe('T-1')
    expect(w.find('[data-testid="proof-status"]').text()).toContain('被抽中')
    expect(w.find('[data-testid="proof-candidates"] [data-testid="leaf-check"]').text()).toBe('✓')
    expect(w.find('[data-testid="proof-overall"]').text()).toContain('✓')
    expect(w.text()).toContain('清单摘要与已公示的 manifest.json 一致')
  })

  it('marks a tampered path ✗', async () => {
    const bad = await path(3, LINES)
    bad[0] = bad[0]!.replace(/^./, (c) => (c === '0' ? '1' : '0'))
    stubServer(proof('SELECTED', '91370305MA00000040', { contains: true, leaves: [{ index: 3, line: LINES[3], path: bad }] }))
    const w = await mountAt('/verify?task=T-1&subject=91370305MA00000040')
    await settled(w)
    expect(w.find('[data-testid="proof-candidates"] [data-testid="leaf-check"]').text()).toBe('✗')
    expect(w.find('[data-testid="proof-overall"]').text()).toContain('✗')
  })

  it('explains an absent subject by the two adjacent lines around it', async () => {
    stubServer(
      proof('ABSENT', '91370305MA00000025', {
        leaves: [
          { index: 1, line: LINES[1], path: await path(1, LINES) },
          { index: 2, line: LINES[2], path: await path(2, LINES) },
        ],
      }),
    )
    const w = await mountAt('/verify?task=T-1&subject=91370305MA00000025')
    await settled(w)
    expect(w.find('[data-testid="proof-status"]').text()).toContain('不在范围内')
    const section = w.find('[data-testid="proof-candidates"]')
    expect(section.text()).toContain('相邻的两行')
    expect(section.text()).toContain('相邻行核对通过')
    expect(section.findAll('[data-testid="leaf-check"]').map((c) => c.text())).toEqual(['✓', '✓'])
  })

  it('asks nothing until both the task and the subject are given', async () => {
    const calls = stubServer({})
    const w = await mountAt('/verify?task=T-1')
    expect(calls).not.toContain('DrawProof')
    await w.find('form').trigger('submit')
    expect(w.text()).toContain('请填写任务编号和主体标识')
  })
})
