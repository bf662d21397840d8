// Every operation of every `graphql/<area>.ts` (the files scripts/gen-operation-types.ts types) against
// schema/schema.graphql: one valid, named operation per text, keyed by its name, no name used twice.
import { describe, expect, it } from 'vitest'
import { itValidatesOperations } from './operationsAgainstSchema'

const modules = import.meta.glob<{ operations?: Readonly<Record<string, string>> }>(
  ['../*.ts', '!../client.ts', '!../types.ts', '!../operations.generated.ts'],
  { eager: true },
)
const areas = Object.entries(modules).map(([path, mod]) => ({ file: path.slice(3), operations: mod.operations }))

describe('the operations of graphql/<area>.ts', () => {
  it('are exported by every area file', () => {
    expect(areas.length).toBeGreaterThan(10)
    expect(areas.filter((a) => a.operations === undefined).map((a) => a.file)).toEqual([])
  })

  it('never use one name twice', () => {
    const names = areas.flatMap((a) => Object.keys(a.operations ?? {}))
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([])
  })

  for (const { file, operations } of areas) {
    describe(file, () => itValidatesOperations(operations ?? {}))
  }
})
