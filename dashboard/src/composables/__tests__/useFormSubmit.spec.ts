import { describe, expect, it, vi } from 'vitest'
import { GraphQLRequestError } from '../../graphql/client'
import { useFormSubmit } from '../useFormSubmit'

describe('useFormSubmit', () => {
  it('stops at the form check with its message, sends nothing', async () => {
    const f = useFormSubmit()
    const send = vi.fn()
    await f.run(() => ({ error: '请填写检查日期' }), send, () => undefined)
    expect(f.validation.value).toBe('请填写检查日期')
    expect(send).not.toHaveBeenCalled()
    expect(f.submitting.value).toBe(false)
  })

  it('sends the checked input and hands the answer on; a failure stays as the error', async () => {
    const f = useFormSubmit()
    const done = vi.fn()
    let during = false
    await f.run(() => ({ input: 2 }), async (n: number) => ((during = f.submitting.value), n * 21), done)
    expect(during).toBe(true)
    expect(done).toHaveBeenCalledWith(42)
    await f.run(() => ({ input: 1 }), async () => { throw new Error('网络中断') }, done)
    expect(f.error.value).toBeInstanceOf(GraphQLRequestError)
    expect(f.error.value!.message).toContain('网络中断')
    expect(done).toHaveBeenCalledTimes(1)
    f.reset()
    expect([f.validation.value, f.error.value]).toEqual([null, null])
  })
})
