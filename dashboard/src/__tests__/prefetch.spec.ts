import { afterEach, describe, expect, it, vi } from 'vitest'
import { prefetch, takeArrived, takePrefetched } from '../prefetch'

afterEach(() => {
  vi.useRealTimers()
})

describe('prefetched answers', () => {
  it('are handed over once: arrived, or still on their way', async () => {
    prefetch('a', async () => 1)
    expect(takeArrived('a')).toBeNull()
    await Promise.resolve()
    await Promise.resolve()
    expect(takeArrived('a')).toBe(1)
    expect(takeArrived('a')).toBeNull()
    expect(takePrefetched('a')).toBeUndefined()

    let answer!: (v: number) => void
    prefetch('b', () => new Promise<number>((r) => (answer = r)))
    const pending = takePrefetched<number>('b')
    expect(pending).toBeDefined()
    expect(takePrefetched('b')).toBeUndefined()
    answer(2)
    await expect(pending).resolves.toBe(2)
  })

  it('are not used once stale, and a failure is left for the page to show', async () => {
    vi.useFakeTimers()
    prefetch('old', async () => 1)
    await vi.advanceTimersByTimeAsync(11_000)
    expect(takeArrived('old')).toBeNull()
    expect(takePrefetched('old')).toBeUndefined()

    // Never taken, the failure must not become an unhandled rejection (vitest fails the run on one).
    prefetch('bad', async () => {
      throw new Error('网络错误')
    })
    await vi.advanceTimersByTimeAsync(1)
    expect(takeArrived('bad')).toBeNull()
    prefetch('bad', async () => {
      throw new Error('网络错误')
    })
    await expect(takePrefetched('bad')).rejects.toThrow('网络错误')
    await vi.advanceTimersByTimeAsync(1)
  })
})
