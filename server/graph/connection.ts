import 'reflect-metadata';
import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from '../common/errors.js';

@ObjectType({ description: 'Relay 分页信息' })
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor?: string | null;
  @Field(() => String, { nullable: true }) endCursor?: string | null;
}

export interface Page<T> {
  totalCount: number;
  pageInfo: PageInfo;
  edges: { cursor: string; node: T }[];
  nodes: T[];
}

/** Builds the Relay connection type `<Name>Connection` with its edge type for a node type. */
export function Connection<T extends object>(name: string, nodeType: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String) cursor!: string;
    @Field(() => nodeType) node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => Int, { description: '符合条件的总数' }) totalCount!: number;
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => [nodeType], { description: '本页节点（edges 的简写）' }) nodes!: T[];
  }
  return ConnectionClass;
}

/** Cursors are opaque: base64url of the row id the page is keyed on. */
export const encodeCursor = (id: number | bigint | string): string => Buffer.from(`c:${id}`).toString('base64url');

export function decodeCursor(cursor: string | null | undefined): number | undefined {
  if (cursor === null || cursor === undefined || cursor === '') return undefined;
  const text = Buffer.from(cursor, 'base64url').toString();
  const m = /^c:(\d+)$/.exec(text);
  if (!m) throw badInput('after', `无效的分页游标：${cursor}`);
  return Number(m[1]);
}

export function checkFirst(first: number, max: number): number {
  if (!Number.isInteger(first) || first < 0 || first > max) throw badInput('first', `first 必须在 0 到 ${max} 之间`);
  return first;
}

/**
 * Turns `first + 1` rows fetched after a keyset cursor into a connection page;
 * the extra row only tells whether a next page exists.
 */
export function toPage<T extends { id: number | bigint | string }>(
  rows: T[],
  first: number,
  totalCount: number,
  hadCursor: boolean,
): Page<T> {
  const hasNextPage = rows.length > first;
  const nodes = hasNextPage ? rows.slice(0, first) : rows;
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node.id), node }));
  return {
    totalCount,
    nodes,
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: hadCursor,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
