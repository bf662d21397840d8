import { ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { toRequestError, type GraphQLRequestError } from '../graphql/client'

export interface AsyncData<T> {
  data: ShallowRef<T | null>
  loading: Ref<boolean>
  error: ShallowRef<GraphQLRequestError | null>
  /** Run the fetcher again with the current inputs. */
  reload(): Promise<void>
}

/**
 * Load data whenever `key` changes (compared as JSON), keeping loading / error / data for the view.
 * Answers that arrive after a newer request started are dropped, so fast filter changes never show
 * stale rows. The previous data stays visible while the next page loads, to avoid flicker.
 * Given `initial` data (an answer already at hand for the current key), the view starts with it and the
 * first request is left out.
 */
export function useAsyncData<T>(key: () => unknown, fetcher: () => Promise<T>, options: { initial?: T | null } = {}): AsyncData<T> {
  const data = shallowRef<T | null>(options.initial ?? null)
  const loading = ref(false)
  const error = shallowRef<GraphQLRequestError | null>(null)
  let sequence = 0

  async function run(): Promise<void> {
    const mine = ++sequence
    loading.value = true
    error.value = null
    try {
      const result = await fetcher()
      if (mine !== sequence) return
      data.value = result
    } catch (e) {
      if (mine !== sequence) return
      data.value = null
      error.value = toRequestError(e)
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  watch(() => JSON.stringify(key() ?? null), run, { immediate: data.value === null })

  return { data, loading, error, reload: run }
}
