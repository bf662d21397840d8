// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { mount } from '@vue/test-utils'
import { useAutoRefresh } from '../useAutoRefresh'

afterEach(() => vi.useRealTimers())

describe('useAutoRefresh', () => {
  it('runs every N minutes, follows a change of N, stops at 0 and on unmount', async () => {
    vi.useFakeTimers()
    const minutes = ref(1)
    const run = vi.fn()
    const wrapper = mount(defineComponent({ setup: () => (useAutoRefresh(() => minutes.value, run), () => h('div')) }))
    vi.advanceTimersByTime(59_000)
    expect(run).toHaveBeenCalledTimes(0)
    vi.advanceTimersByTime(1_000)
    expect(run).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(60_000)
    expect(run).toHaveBeenCalledTimes(2)

    minutes.value = 5
    await nextTick()
    vi.advanceTimersByTime(4 * 60_000)
    expect(run).toHaveBeenCalledTimes(2)
    vi.advanceTimersByTime(60_000)
    expect(run).toHaveBeenCalledTimes(3)

    minutes.value = 0
    await nextTick()
    vi.advanceTimersByTime(30 * 60_000)
    expect(run).toHaveBeenCalledTimes(3)

    minutes.value = 1
    await nextTick()
    wrapper.unmount()
    vi.advanceTimersByTime(10 * 60_000)
    expect(run).toHaveBeenCalledTimes(3)
  })
})
