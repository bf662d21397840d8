// Writes dashboard/src/graphql/operations.generated.ts: the result and variables types of every GraphQL operation
// of dashboard/src/graphql/*.ts, checked against schema/schema.graphql. Each of those files exports
// `operations = { OperationName: text }`; this script imports them, validates every text with graphql-js and
// derives the types from the selections, so a schema change that breaks a view breaks `npm run typecheck`.
//
//   node --import tsx scripts/gen-operation-types.ts           write the file
//   node --import tsx scripts/gen-operation-types.ts --check   exit 1 when the file on disk is stale
//   … --schema FILE                                            another schema file (to try a schema change)
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  buildSchema,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  parse,
  typeFromAST,
  validate,
  type DirectiveNode,
  type FieldNode,
  type GraphQLEnumType,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

const root = path.resolve(import.meta.dirname, '..');
export const SCHEMA_FILE = path.join(root, 'schema/schema.graphql');
export const OPERATIONS_DIR = path.join(root, 'dashboard/src/graphql');
export const OUTPUT_FILE = path.join(OPERATIONS_DIR, 'operations.generated.ts');
/** Files of the operations folder that hold no operations. */
const NOT_OPERATIONS = new Set(['client.ts', 'types.ts', path.basename(OUTPUT_FILE)]);

/** TypeScript types of the scalars; a custom scalar not listed here is `unknown`. */
export const SCALARS: Readonly<Record<string, string>> = {
  ...{ ID: 'string', String: 'string', Int: 'number', Float: 'number', Boolean: 'boolean' },
  ...{ DateTimeISO: 'string', DateTime: 'string', Date: 'string', LocalDate: 'string' },
  ...{ JSON: 'unknown', JSONObject: 'Record<string, unknown>' },
};

/** One operation text as a file exports it. */
export interface OperationSource {
  /** The file, for messages (relative to the repository). */
  file: string;
  /** The key in the file's `operations`. */
  key: string;
  text: string;
}

/** A generation failure: every problem found, each naming its file and operation. */
export class OperationError extends Error {
  override readonly name = 'OperationError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Imports every `*.ts` of `dir` (but client.ts, types.ts, the generated file and specs) and reads its `operations`. */
export async function collectOperations(dir = OPERATIONS_DIR): Promise<OperationSource[]> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !NOT_OPERATIONS.has(f))
    .sort();
  const sources: OperationSource[] = [];
  for (const f of files) {
    const file = path.relative(root, path.join(dir, f));
    const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { operations?: unknown };
    if (mod.operations === undefined) continue;
    if (typeof mod.operations !== 'object' || mod.operations === null) throw new OperationError([`${file}: operations is not an object`]);
    for (const [key, text] of Object.entries(mod.operations)) {
      if (typeof text !== 'string') throw new OperationError([`${file}: operations.${key} is not a string`]);
      sources.push({ file, key, text });
    }
  }
  return sources;
}

const indent = (text: string) => text.replace(/\n/g, '\n  ');
const property = (key: string, optional: boolean, type: string) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}${optional ? '?' : ''}: ${type}`;
/** An object type; on one line when it is short (up to three one-line properties). */
function objectType(props: string[]): string {
  if (props.length === 0) return 'Record<string, never>';
  const line = `{ ${props.join('; ')} }`;
  if (props.length <= 3 && line.length <= 72 && !line.includes('\n')) return line;
  return `{\n  ${props.map(indent).join('\n  ')}\n}`;
}
/** Code-unit order: the same on every machine, whatever its locale. */
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** `unknown` holds null already. */
const nullable = (type: string) => (type === 'unknown' ? type : `${type} | null`);
const list = (item: string) => (/^[\w']+$/.test(item) ? `${item}[]` : `Array<${item}>`);

/** Whether @skip / @include may leave a selection out. */
const conditional = (directives: readonly DirectiveNode[] | undefined) =>
  (directives ?? []).some((d) => d.name.value === 'skip' || d.name.value === 'include');

/** A selection's type as written (`ts`, naming shared selections) and fully spelled out (`raw`, to compare). */
interface Typed {
  ts: string;
  raw: string;
}
const same = (text: string): Typed => ({ ts: text, raw: text });
const both = (t: Typed, f: (text: string) => string): Typed => ({ ts: f(t.ts), raw: f(t.raw) });

/** Selections of three fields or more that stand more than once get a name of their own. */
const SHARED_MIN_FIELDS = 3;

class Generator {
  /** Enums and input objects the operations refer to, by name: their TypeScript declaration. */
  private readonly named = new Map<string, string>();
  /** How often each selection (spelled out) occurs; filled by a first run, read by the second. */
  readonly uses = new Map<string, number>();
  /** The name given to a shared selection, and its declaration. */
  private readonly shared = new Map<string, { name: string; ts: string }>();
  private fragments = new Map<string, FragmentDefinitionNode>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly counted?: ReadonlyMap<string, number>,
  ) {}

  operation(op: OperationDefinitionNode, fragments: FragmentDefinitionNode[]): { result: string; variables: string } {
    this.fragments = new Map(fragments.map((f) => [f.name.value, f]));
    const rootType = this.schema.getRootType(op.operation)!;
    const variables = (op.variableDefinitions ?? []).map((v) => {
      const type = typeFromAST(this.schema, v.type) as GraphQLInputType;
      return property(v.variable.name.value, !isNonNullType(type) || v.defaultValue !== undefined, this.input(type));
    });
    return { result: this.selection(rootType, op.selectionSet).ts, variables: objectType(variables) };
  }

  /** Enum and input object declarations sorted by name, then the shared selections in order of appearance. */
  declarations(): string[] {
    const named = [...this.named.entries()].sort(([a], [b]) => byName(a, b));
    return [...named, ...[...this.shared.values()].map((s): [string, string] => [s.name, s.ts])].map(([name, body]) => `export type ${name} = ${body}`);
  }

  private enumName(type: GraphQLEnumType): string {
    if (!this.named.has(type.name)) this.named.set(type.name, type.getValues().map((v) => `'${v.name}'`).join(' | ') || 'never');
    return type.name;
  }

  private input(type: GraphQLInputType): string {
    if (isNonNullType(type)) return this.inputInner(type.ofType);
    return nullable(this.inputInner(type));
  }

  private inputInner(type: GraphQLInputType): string {
    if (isListType(type)) return list(this.input(type.ofType));
    if (isScalarType(type)) return SCALARS[type.name] ?? 'unknown';
    if (isEnumType(type)) return this.enumName(type);
    if (isInputObjectType(type) && !this.named.has(type.name)) {
      this.named.set(type.name, ''); // recursion guard
      const fields = Object.values(type.getFields()).map((f) =>
        property(f.name, !isNonNullType(f.type) || f.defaultValue !== undefined, this.input(f.type)),
      );
      this.named.set(type.name, objectType(fields));
    }
    return type.name;
  }

  private output(type: GraphQLOutputType, nodes: FieldNode[]): Typed {
    if (isNonNullType(type)) return this.outputInner(type.ofType, nodes);
    return both(this.outputInner(type, nodes), nullable);
  }

  private outputInner(type: GraphQLOutputType, nodes: FieldNode[]): Typed {
    if (isListType(type)) return both(this.output(type.ofType, nodes), list);
    if (isScalarType(type)) return same(SCALARS[type.name] ?? 'unknown');
    if (isEnumType(type)) return same(this.enumName(type));
    const selections = nodes.flatMap((n) => n.selectionSet?.selections ?? []);
    return this.selection(type, { kind: Kind.SELECTION_SET, selections });
  }

  /** The object type of a selection; a union of one object type per possible type on an interface or union. */
  private selection(type: GraphQLCompositeType, set: SelectionSetNode): Typed {
    if (!isAbstractType(type)) return this.objectSelection(type, set);
    const variants = this.schema.getPossibleTypes(type).map((t) => this.objectSelection(t, set));
    const union = (texts: string[]) => [...new Set(texts)].join(' | ');
    return { ts: union(variants.map((v) => v.ts)), raw: union(variants.map((v) => v.raw)) };
  }

  private objectSelection(type: GraphQLObjectType, set: SelectionSetNode): Typed {
    const fields = new Map<string, { nodes: FieldNode[]; optional: boolean }>();
    this.collect(type, set, false, fields);
    const props = [...fields.entries()].map(([key, { nodes, optional }]) => {
      const name = nodes[0]!.name.value;
      const t = name === '__typename' ? same(`'${type.name}'`) : this.output(type.getFields()[name]!.type, nodes);
      return both(t, (text) => property(key, optional, text));
    });
    const typed = { ts: objectType(props.map((p) => p.ts)), raw: objectType(props.map((p) => p.raw)) };
    if (props.length < SHARED_MIN_FIELDS) return typed;
    const key = `${type.name} ${typed.raw}`;
    this.uses.set(key, (this.uses.get(key) ?? 0) + 1);
    if ((this.counted?.get(key) ?? 0) < 2) return typed;
    let shared = this.shared.get(key);
    if (!shared) {
      const n = [...this.shared.keys()].filter((k) => k.startsWith(`${type.name} `)).length + 1;
      shared = { name: `${type.name}Selection${n === 1 ? '' : n}`, ts: typed.ts };
      this.shared.set(key, shared);
    }
    return { ts: shared.name, raw: typed.raw };
  }

  /** The fields a selection asks of `type`, merged by response key, through the fragments that apply to it. */
  private collect(type: GraphQLObjectType, set: SelectionSetNode, underCondition: boolean, into: Map<string, { nodes: FieldNode[]; optional: boolean }>) {
    for (const s of set.selections) {
      const optional = underCondition || conditional(s.directives);
      if (s.kind === Kind.FIELD) {
        const key = s.alias?.value ?? s.name.value;
        const seen = into.get(key);
        if (seen) {
          seen.nodes.push(s);
          seen.optional &&= optional;
        } else into.set(key, { nodes: [s], optional });
        continue;
      }
      const fragment = s.kind === Kind.FRAGMENT_SPREAD ? this.fragments.get(s.name.value)! : s;
      const condition = fragment.typeCondition ? this.schema.getType(fragment.typeCondition.name.value) : type;
      const applies = condition === type || (condition !== undefined && isAbstractType(condition) && this.schema.isSubType(condition, type));
      if (applies) this.collect(type, fragment.selectionSet, optional || conditional(fragment.directives), into);
    }
  }
}

const HEADER = `// Generated by scripts/gen-operation-types.ts from schema/schema.graphql and the \`operations\` of
// dashboard/src/graphql/*.ts. Do not edit: run \`npm run gen:types\`.
`;

/** Validates every operation against the schema and returns the generated module's text. */
export function generate(schemaText: string, sources: OperationSource[]): string {
  const schema = buildSchema(schemaText);
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const operations: { name: string; file: string; op: OperationDefinitionNode; fragments: FragmentDefinitionNode[] }[] = [];
  for (const { file, key, text } of sources) {
    const where = `${file}: operation ${key}`;
    let document;
    try {
      document = parse(text);
    } catch (e) {
      problems.push(`${where}: ${(e as Error).message}`);
      continue;
    }
    const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
    if (ops.length !== 1) {
      problems.push(`${where}: the text must hold exactly one operation, not ${ops.length}`);
      continue;
    }
    const name = ops[0]!.name?.value;
    if (name !== key) {
      problems.push(`${where}: the operation is named ${name ?? '(anonymous)'}; its key must be its name`);
      continue;
    }
    const errors = validate(schema, document);
    if (errors.length > 0) {
      problems.push(...errors.map((e) => `${where}: ${e.message}${e.locations?.[0] ? ` (line ${e.locations[0].line}, column ${e.locations[0].column})` : ''}`));
      continue;
    }
    if (seen.has(name)) {
      problems.push(`${where}: the name is taken by an operation of ${seen.get(name)}`);
      continue;
    }
    seen.set(name, file);
    operations.push({ name, file, op: ops[0]!, fragments });
  }
  if (problems.length > 0) throw new OperationError(problems);
  operations.sort((a, b) => byName(a.name, b.name));

  // A first run counts the selections; the second names those that occur more than once.
  const counter = new Generator(schema);
  for (const o of operations) counter.operation(o.op, o.fragments);
  const generator = new Generator(schema, counter.uses);
  const blocks = operations.map(({ name, file, op, fragments }) => {
    const { result, variables } = generator.operation(op, fragments);
    return `/** ${name} (${file}) */\nexport type ${name}Result = ${result}\n\nexport type ${name}Variables = ${variables}\n`;
  });
  const declarations = generator.declarations();
  const declared = new Set(declarations.map((d) => /^export type (\w+)/.exec(d)![1]!));
  for (const { name } of operations) {
    for (const type of [`${name}Result`, `${name}Variables`]) {
      if (declared.has(type)) problems.push(`operation ${name}: ${type} is also the name of a schema type or shared selection`);
    }
  }
  if (problems.length > 0) throw new OperationError(problems);
  const map = operations.map(({ name }) => `  ${name}: { result: ${name}Result; variables: ${name}Variables }`);
  return [HEADER, ...declarations.map((d) => `${d}\n`), ...blocks, `export type Operations = {\n${map.join('\n')}\n}\n`].join('\n');
}

async function main(args: string[]) {
  const check = args.includes('--check');
  const at = args.indexOf('--schema');
  const schemaFile = at >= 0 && args[at + 1] ? path.resolve(args[at + 1]!) : SCHEMA_FILE;
  let text: string;
  try {
    text = generate(fs.readFileSync(schemaFile, 'utf8'), await collectOperations());
  } catch (e) {
    if (!(e instanceof OperationError)) throw e;
    console.error(`GraphQL operations do not match ${path.relative(root, schemaFile)}:\n${e.message}`);
    return 1;
  }
  const output = path.relative(root, OUTPUT_FILE);
  const current = fs.existsSync(OUTPUT_FILE) ? fs.readFileSync(OUTPUT_FILE, 'utf8') : null;
  if (check) {
    if (current === text) return 0;
    console.error(`${output} is out of date with ${path.relative(root, schemaFile)} or the operations: run \`npm run gen:types\` and commit it.`);
    return 1;
  }
  if (current !== text) fs.writeFileSync(OUTPUT_FILE, text);
  console.log(`${current === text ? 'unchanged' : 'wrote'} ${output}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
