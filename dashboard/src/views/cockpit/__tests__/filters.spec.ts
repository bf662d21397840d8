import { describe, expect, it } from 'vitest'
import { REGIONS as SERVER_REGIONS } from '../../../../../server/reference/regions'
import { applyPatch, formatQuery, parseQuery } from '../../../composables/useQueryState'
import { chinaDay, chinaYear, localTime } from '../../../dates'
import { drillPath, metricsQuerySchema, PASSIVE_KEYS, REGIONS, toMetricsFilter, yearOptions } from '../filters'

const schema = metricsQuerySchema(2026)
const names = { all: '全区', department: (c: string) => `${c}局`, grade: (g: string) => `${g} 级` }

describe('metrics filters in the URL', () => {
  it('leaves the defaults out: this year, everything else empty', () => {
    const state = parseQuery(schema, {})
    expect(state).toEqual({ year: 2026, region: undefined, department: undefined, category: undefined, grade: undefined, refresh: 0, ranking: undefined })
    expect(formatQuery(schema, state)).toEqual({})
    expect(toMetricsFilter(state)).toEqual({ year: 2026 })
  })

  it('reads every filter from the URL and sends it as the GraphQL MetricsFilter', () => {
    const state = parseQuery(schema, { year: '2025', region: '370305001', department: 'scjg', category: 'KEY', grade: 'U', refresh: '5', ranking: 'table' })
    expect(toMetricsFilter(state)).toEqual({ year: 2025, region: '370305001', department: 'SCJG', itemCategory: 'KEY', grade: 'U' })
    expect(state.refresh).toBe(5)
    expect(formatQuery(schema, state)).toEqual({ year: '2025', region: '370305001', department: 'scjg', category: 'KEY', grade: 'U', refresh: '5', ranking: 'table' })
  })

  it('ignores values it does not know (a region outside the county, a bad grade or refresh interval)', () => {
    const state = parseQuery(schema, { year: 'abc', region: '110101', grade: 'E', refresh: '3', category: 'OTHER' })
    expect(toMetricsFilter(state)).toEqual({ year: 2026 })
    expect(state.refresh).toBe(0)
  })

  it('keeps the other filters when one changes (a drill-down adds to the path)', () => {
    const current = parseQuery(schema, { year: '2025', region: '370305100' })
    expect(applyPatch(schema, current, { department: 'SW' }, { passive: PASSIVE_KEYS })).toEqual({ year: '2025', region: '370305100', department: 'SW' })
    expect(applyPatch(schema, current, { year: 2026 }, { passive: PASSIVE_KEYS })).toEqual({ region: '370305100' })
  })

  it('offers this year and the four before it', () => {
    expect(yearOptions(2026)).toEqual([2026, 2025, 2024, 2023, 2022])
    expect(chinaYear(new Date('2025-12-31T16:30:00Z'))).toBe(2026)
    expect(chinaYear(new Date('2025-12-31T15:30:00Z'))).toBe(2025)
    expect(chinaDay(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01')
    expect(localTime(new Date(2026, 0, 2, 3, 4, 5))).toBe('03:04:05')
  })
})

describe('drill path', () => {
  it('goes from the whole county down through region, department and grade', () => {
    const steps = drillPath({ region: '370305002', department: 'SCJG', grade: 'B' }, names)
    expect(steps.map((s) => s.label)).toEqual(['全区', '雪宫街道', 'SCJG局', 'B 级'])
    // Going back to a step clears what lies below it.
    expect(steps[0]!.clear).toEqual({ region: undefined, department: undefined, grade: undefined })
    expect(steps[1]!.clear).toEqual({ department: undefined, grade: undefined })
    expect(steps[2]!.clear).toEqual({ grade: undefined })
  })

  it('is the county alone without filters, and skips the levels not set', () => {
    expect(drillPath({ region: undefined, department: undefined, grade: undefined }, names).map((s) => s.key)).toEqual(['all'])
    expect(drillPath({ region: undefined, department: undefined, grade: 'D' }, names).map((s) => s.label)).toEqual(['全区', 'D 级'])
  })
})

describe('regions', () => {
  it('are the demo county and its townships, as the server knows them', () => {
    const county = SERVER_REGIONS.filter((r) => r.code === '370305' || r.parent === '370305').map((r) => ({ code: r.code, name: r.name }))
    expect(REGIONS).toEqual(county)
    expect(REGIONS).toHaveLength(13)
  })
})
