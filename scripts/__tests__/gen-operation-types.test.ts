import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { collectOperations, generate, OperationError, OUTPUT_FILE, SCHEMA_FILE, type OperationSource } from '../gen-operation-types.js';

const SCHEMA = /* GraphQL */ `
  scalar DateTimeISO
  scalar JSON

  enum Status { OPEN CLOSED }

  interface Node { id: ID! }

  type Department implements Node { id: ID! code: String! name: String! shortName: String! }

  type Item implements Node {
    id: ID!
    code: String!
    status: Status!
    note: String
    tags: [String!]!
    scores: [Int]
    updatedAt: DateTimeISO
    extra: JSON
    department: Department
  }

  type Person { name: String! }
  union Owner = Department | Person

  input Window { from: String! to: String }
  input ItemFilter { status: Status codes: [String!] window: Window first: Int = 10 joint: Boolean! = false }

  type Query {
    items(filter: ItemFilter, first: Int! = 50, status: Status!): [Item!]!
    item(code: String!): Item
    node(id: ID!): Node
    owner(code: String!): Owner!
  }

  type Mutation { closeItem(code: String!, reason: String): Item! }
`;

const op = (key: string, text: string, file = 'dashboard/src/graphql/items.ts'): OperationSource => ({ file, key, text });

/** The generated declaration of one type, from `export type Name =` to the blank line after it. */
function declaration(output: string, name: string): string {
  const start = output.indexOf(`export type ${name} =`);
  expect(start, `${name} is declared`).toBeGreaterThanOrEqual(0);
  const end = output.indexOf('\n\n', start);
  return output.slice(start, end < 0 ? undefined : end).trim();
}

describe('gen-operation-types', () => {
  it('types results by the selection: nullability, lists, enums, scalars, aliases, nested objects, __typename', () => {
    const output = generate(SCHEMA, [
      op('Items', `query Items($filter: ItemFilter, $first: Int, $status: Status!) {
        items(filter: $filter, first: $first, status: $status) {
          __typename
          key: code status note tags scores updatedAt extra
          department { code name }
        }
        one: item(code: "A") { code }
      }`),
    ]);
    expect(declaration(output, 'Status')).toBe(`export type Status = 'OPEN' | 'CLOSED'`);
    expect(declaration(output, 'ItemsResult')).toBe(`export type ItemsResult = {
  items: Array<{
    __typename: 'Item'
    key: string
    status: Status
    note: string | null
    tags: string[]
    scores: Array<number | null> | null
    updatedAt: string | null
    extra: unknown
    department: { code: string; name: string } | null
  }>
  one: { code: string } | null
}`);
  });

  it('types variables: required without a default, optional and nullable otherwise, input objects with their defaults', () => {
    const output = generate(SCHEMA, [
      op('Items', `query Items($filter: ItemFilter, $first: Int! = 20, $status: Status!) {
        items(filter: $filter, first: $first, status: $status) { code }
      }`),
      op('CloseItem', `mutation CloseItem($code: String!, $reason: String) { closeItem(code: $code, reason: $reason) { code } }`),
    ]);
    expect(declaration(output, 'ItemsVariables')).toBe(`export type ItemsVariables = { filter?: ItemFilter | null; first?: number; status: Status }`);
    expect(declaration(output, 'ItemFilter')).toBe(`export type ItemFilter = {
  status?: Status | null
  codes?: string[] | null
  window?: Window | null
  first?: number | null
  joint?: boolean
}`);
    expect(declaration(output, 'Window')).toBe(`export type Window = { from: string; to?: string | null }`);
    expect(declaration(output, 'CloseItemVariables')).toBe(`export type CloseItemVariables = { code: string; reason?: string | null }`);
    expect(output).toContain(`export type Operations = {
  CloseItem: { result: CloseItemResult; variables: CloseItemVariables }
  Items: { result: ItemsResult; variables: ItemsVariables }
}`);
  });

  it('gives an operation without variables an empty variables type', () => {
    const output = generate(SCHEMA, [op('One', `query One { item(code: "A") { code } }`)]);
    expect(declaration(output, 'OneVariables')).toBe('export type OneVariables = Record<string, never>');
    expect(declaration(output, 'OneResult')).toBe('export type OneResult = { item: { code: string } | null }');
  });

  it('merges repeated fields, follows fragments, makes @include fields optional and splits unions by type', () => {
    const output = generate(SCHEMA, [
      op('Owner', `query Owner($full: Boolean!) {
        node(id: "1") { id ... on Item { code } ...Dept }
        owner(code: "X") { __typename ... on Person { name } ... on Department { code } }
        item(code: "A") { department { code } department { name } note @include(if: $full) }
      }
      fragment Dept on Department { code name }`),
    ]);
    expect(declaration(output, 'OwnerResult')).toBe(`export type OwnerResult = {
  node: { id: string; code: string; name: string } | { id: string; code: string } | null
  owner: { __typename: 'Department'; code: string } | { __typename: 'Person'; name: string }
  item: {
    department: { code: string; name: string } | null
    note?: string | null
  } | null
}`);
  });

  it('names a selection of three fields or more that stands more than once', () => {
    const output = generate(SCHEMA, [
      op('A', `query A { item(code: "A") { department { code name shortName } } }`),
      op('B', `query B { node(id: "1") { ... on Department { code name shortName } } }`),
      op('C', `query C { item(code: "A") { department { code name } } node(id: "2") { ... on Department { code name } } }`),
    ]);
    expect(declaration(output, 'DepartmentSelection')).toBe(`export type DepartmentSelection = { code: string; name: string; shortName: string }`);
    expect(declaration(output, 'AResult')).toBe(`export type AResult = { item: { department: DepartmentSelection | null } | null }`);
    expect(declaration(output, 'BResult')).toBe(`export type BResult = { node: DepartmentSelection | Record<string, never> | null }`);
    // Two fields: spelled out each time.
    expect(declaration(output, 'CResult')).toContain('department: { code: string; name: string } | null');
  });

  it('refuses invalid operations, naming the file, the operation and the error', () => {
    const fail = (sources: OperationSource[]) => {
      try {
        generate(SCHEMA, sources);
      } catch (e) {
        expect(e).toBeInstanceOf(OperationError);
        return (e as OperationError).problems;
      }
      throw new Error('generate accepted invalid operations');
    };
    expect(fail([op('Gone', `query Gone { item(code: "A") { title } }`)])).toEqual([
      'dashboard/src/graphql/items.ts: operation Gone: Cannot query field "title" on type "Item". Did you mean "note"? (line 1, column 32)',
    ]);
    expect(fail([op('Wrong', `query Other { item(code: "A") { code } }`)])).toEqual([
      'dashboard/src/graphql/items.ts: operation Wrong: the operation is named Other; its key must be its name',
    ]);
    expect(fail([op('Two', `query Two { item(code: "A") { code } } query Three { item(code: "B") { code } }`)])).toEqual([
      'dashboard/src/graphql/items.ts: operation Two: the text must hold exactly one operation, not 2',
    ]);
    expect(fail([op('Same', `query Same { item(code: "A") { code } }`), op('Same', `query Same { item(code: "B") { code } }`, 'dashboard/src/graphql/other.ts')])).toEqual([
      'dashboard/src/graphql/other.ts: operation Same: the name is taken by an operation of dashboard/src/graphql/items.ts',
    ]);
    expect(fail([op('Bad', `query Bad($code: Int!) { item(code: $code) { code } }`)])[0]).toContain(
      'operation Bad: Variable "$code" of type "Int!" used in position expecting type "String!".',
    );
  });

  it('the committed operations.generated.ts is what the schema and the operations give', async () => {
    const expected = generate(fs.readFileSync(SCHEMA_FILE, 'utf8'), await collectOperations());
    expect(fs.readFileSync(OUTPUT_FILE, 'utf8')).toBe(expected);
  });

  it('--check fails with the operation and field when a schema field is renamed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-types-'));
    try {
      const schema = fs.readFileSync(SCHEMA_FILE, 'utf8');
      // DrawProof.manifestHash becomes manifestDigest.
      const renamed = schema.replace(/(type DrawProof \{[^}]*?)\bmanifestHash:/, '$1manifestDigest:');
      expect(renamed).not.toBe(schema);
      const file = path.join(dir, 'schema.graphql');
      fs.writeFileSync(file, renamed);
      const run = promisify(execFile)(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '../gen-operation-types.ts'), '--check', '--schema', file], {
        cwd: path.resolve(import.meta.dirname, '../..'),
      });
      const failure = (await run.then(() => null, (e: unknown) => e)) as { code: number; stderr: string } | null;
      expect(failure?.code).toBe(1);
      expect(failure?.stderr).toContain('dashboard/src/graphql/tasks.ts: operation DrawProof: Cannot query field "manifestHash" on type "DrawProof".');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
