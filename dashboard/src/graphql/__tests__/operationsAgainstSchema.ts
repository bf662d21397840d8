// Shared by the operation specs: every operation text of a `graphql/<area>.ts` file must validate against the
// schema the server emits (`npm run schema` writes schema/schema.graphql), hold exactly one definition and be
// named as its key in the file's `operations` record.
import { buildSchema, parse, validate } from 'graphql'
import { expect, it } from 'vitest'
import schemaText from '../../../../schema/schema.graphql?raw'

const schema = buildSchema(schemaText)

/** One test per operation of `operations`. */
export function itValidatesOperations(operations: Readonly<Record<string, string>>): void {
  it.each(Object.entries(operations))('%s is valid against schema/schema.graphql', (name, text) => {
    const document = parse(text)
    expect(validate(schema, document)).toEqual([])
    expect(document.definitions).toHaveLength(1)
    expect((document.definitions[0] as { name?: { value: string } }).name?.value).toBe(name)
  })
}
