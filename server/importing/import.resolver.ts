import { Authorized, Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { requireStaff } from '../auth/caller.js';
import type { GraphContext } from '../graph/context.js';
import { ImportKind } from './columns.js';
import { runImport } from './import.service.js';
import { ImportReportType } from './import.types.js';
import { readCsv } from './reader.js';

/** The GraphQL batch limit; larger files go through `jointcheck import`. */
export const MAX_GRAPHQL_ROWS = 10_000;

@Resolver()
export class ImportResolver {
  @Authorized()
  @Mutation(() => ImportReportType, {
    description: '批量导入（CSV 文本，首行为中文表头，最多 10,000 行）。dryRun 只校验不写入；默认任一行无效则全部不写入，skipInvalid 写入有效行',
  })
  importRows(
    @Ctx() ctx: GraphContext,
    @Arg('kind', () => ImportKind) kind: ImportKind,
    @Arg('csv', () => String) csv: string,
    @Arg('department', () => String, { nullable: true }) department?: string,
    @Arg('dryRun', () => Boolean, { defaultValue: false }) dryRun?: boolean,
    @Arg('skipInvalid', () => Boolean, { defaultValue: false }) skipInvalid?: boolean,
  ) {
    requireStaff(ctx.caller);
    return runImport(ctx.pool, {
      kind, source: readCsv(csv), caller: ctx.caller, department, dryRun, skipInvalid,
      maxRows: MAX_GRAPHQL_ROWS, sourceName: `graphql:${ctx.requestId}`,
    });
  }
}
