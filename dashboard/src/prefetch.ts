// Answers asked for ahead of the page that shows them: a route's data is requested while the route's code
// loads and the session is checked (router.ts), and the page takes the answer instead of asking again.

/** A prefetched answer older than this is not used: the page asks the server afresh. */
const FRESH_MS = 10_000

interface Prefetched {
  at: number
  answer: Promise<unknown>
  /** Set once the answer has arrived, so that a page can start with it instead of a loading state. */
  arrived?: { value: unknown }
}

const answers = new Map<string, Prefetched>()

/** Start `load` now and keep its answer under `key` for the page that will ask for it. */
export function prefetch<T>(key: string, load: () => Promise<T>): void {
  const entry: Prefetched = { at: Date.now(), answer: load() }
  entry.answer.then(
    (value) => {
      entry.arrived = { value }
    },
    // A failure is the page's to show when it asks; unclaimed, it must not surface as an unhandled rejection.
    () => undefined,
  )
  answers.set(key, entry)
}

function take(key: string): Prefetched | undefined {
  const hit = answers.get(key)
  answers.delete(key)
  return hit && Date.now() - hit.at < FRESH_MS ? hit : undefined
}

/** The answer under `key` if it has already arrived (and is fresh); taken, so a reload asks the server. */
export function takeArrived<T>(key: string): T | null {
  const hit = answers.get(key)
  if (!hit?.arrived) return null
  return (take(key)?.arrived?.value as T | undefined) ?? null
}

/** The answer prefetched under `key`, arrived or still on its way, if it is fresh; taken like takeArrived. */
export function takePrefetched<T>(key: string): Promise<T> | undefined {
  return take(key)?.answer as Promise<T> | undefined
}
