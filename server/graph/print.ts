import { lexicographicSortSchema, printSchema } from 'graphql';
import { getSchema } from './schema.js';

/** The schema as committed in schema/schema.graphql: sorted, so diffs show real changes only. */
export async function printSchemaText(): Promise<string> {
  const header = '# jointcheck GraphQL schema — generated from server code by `npm run schema`. Do not edit by hand.\n\n';
  return header + printSchema(lexicographicSortSchema(await getSchema())) + '\n';
}
