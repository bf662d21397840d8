import { onBeforeUnmount, watch } from 'vue'

/**
 * Call `run` every `minutes()` minutes (0 = never) while the component lives. A hidden tab skips its turns,
 * so a wall screen left on another tab does not load the server for nothing.
 */
export function useAutoRefresh(minutes: () => number, run: () => unknown): void {
  let timer: ReturnType<typeof setInterval> | null = null
  const stop = () => {
    if (timer !== null) clearInterval(timer)
    timer = null
  }
  watch(
    minutes,
    (n) => {
      stop()
      if (n > 0) {
        timer = setInterval(() => {
          if (typeof document !== 'undefined' && document.hidden) return
          void run()
        }, n * 60_000)
      }
    },
    { immediate: true },
  )
  onBeforeUnmount(stop)
}
