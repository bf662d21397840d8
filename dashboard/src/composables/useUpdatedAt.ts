import { ref, watch, type Ref } from 'vue'
import { localTime } from '../dates'

/** The local time (HH:MM:SS) at which `source` last gave data: the "更新于" of a page that refreshes. */
export function useUpdatedAt(source: () => unknown): Ref<string | null> {
  const updatedAt = ref<string | null>(null)
  watch(
    source,
    (d) => {
      if (d) updatedAt.value = localTime(new Date())
    },
    // Also for data the page starts with (a prefetched answer).
    { immediate: true },
  )
  return updatedAt
}
