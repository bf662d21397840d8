import { ref, shallowRef } from 'vue'
import { toRequestError, type GraphQLRequestError } from '../graphql/client'

/** A form's check result: the input to send, or the message that stops it. */
export type Checked<I> = { input: I } | { error: string }

/**
 * The submit cycle every form dialog shares: the form's own check (its message shown as `validation`),
 * then the request (`submitting` meanwhile, the server's answer kept in `error`), then `done`.
 */
export function useFormSubmit() {
  const validation = ref<string | null>(null)
  const error = shallowRef<GraphQLRequestError | null>(null)
  const submitting = ref(false)

  function reset() {
    validation.value = null
    error.value = null
  }

  async function run<I, T>(check: () => Checked<I>, send: (input: I) => Promise<T>, done: (answer: T) => void): Promise<void> {
    reset()
    const checked = check()
    if ('error' in checked) {
      validation.value = checked.error
      return
    }
    submitting.value = true
    try {
      done(await send(checked.input))
    } catch (e) {
      error.value = toRequestError(e)
    } finally {
      submitting.value = false
    }
  }

  return { validation, error, submitting, reset, run }
}
