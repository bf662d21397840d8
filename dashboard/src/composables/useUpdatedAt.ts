import { ref, watch, type Ref } from 'vue'

const pad = (n: number) => String(n).padStart(2, '0')

/** The local time (HH:MM:SS) at which `source` last gave data: the "更新于" of a page that refreshes. */
export function useUpdatedAt(source: () => unknown): Ref<string | null> {
  const updatedAt = ref<string | null>(null)
  watch(
    source,
    (d) => {
      if (!d) return
      const now = new Date()
      updatedAt.value = `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`
    },
    // Also for data the page starts with (a prefetched answer).
    { immediate: true },
  )
  return updatedAt
}
