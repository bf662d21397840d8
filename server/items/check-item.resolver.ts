import { Authorized, Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DepartmentType } from '../departments/department.types.js';
import type { GraphContext } from '../graph/context.js';
import type { CheckItem } from './check-item.entity.js';
import * as service from './check-item.service.js';
import { CheckItemConnection, CheckItemFilter, CheckItemInput, CheckItemType } from './check-item.types.js';

@Resolver(() => CheckItemType)
export class CheckItemResolver {
  @Query(() => CheckItemConnection, { description: '随机抽查事项清单（公开）；默认只列现行版本' })
  checkItems(
    @Ctx() ctx: GraphContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => CheckItemFilter, { nullable: true }) filter?: CheckItemFilter,
  ) {
    return service.listItems(ctx.em, filter, first, after, ctx.config.maxPageSize);
  }

  @Query(() => CheckItemType, { nullable: true, description: '按编码查找事项；给出 version 时返回该历史版本' })
  checkItem(@Ctx() ctx: GraphContext, @Arg('code', () => String) code: string, @Arg('version', () => Int, { nullable: true }) version?: number) {
    return service.itemByCode(ctx.em, code, version);
  }

  @Authorized()
  @Mutation(() => CheckItemType)
  createCheckItem(@Ctx() ctx: GraphContext, @Arg('input', () => CheckItemInput) input: CheckItemInput) {
    return service.upsertItem(ctx.em, ctx.pool, ctx.caller, input, 'create');
  }

  @Authorized()
  @Mutation(() => CheckItemType, { description: '修改事项：内容变化时生成新版本，旧版本保留' })
  updateCheckItem(@Ctx() ctx: GraphContext, @Arg('input', () => CheckItemInput) input: CheckItemInput) {
    return service.upsertItem(ctx.em, ctx.pool, ctx.caller, input, 'update');
  }

  @Authorized()
  @Mutation(() => CheckItemType, { description: '按编码幂等同步事项' })
  upsertCheckItem(@Ctx() ctx: GraphContext, @Arg('input', () => CheckItemInput) input: CheckItemInput) {
    return service.upsertItem(ctx.em, ctx.pool, ctx.caller, input, 'upsert');
  }

  @Authorized()
  @Mutation(() => CheckItemType)
  deactivateCheckItem(@Ctx() ctx: GraphContext, @Arg('code', () => String) code: string, @Arg('reason', () => String) reason: string) {
    return service.deactivateItem(ctx.em, ctx.caller, code, reason);
  }

  @Authorized()
  @Mutation(() => CheckItemType, { description: '联席办：列入或移出联合抽查事项清单' })
  setItemInJointList(@Ctx() ctx: GraphContext, @Arg('code', () => String) code: string, @Arg('inJointList', () => Boolean) inJointList: boolean) {
    return service.setJointList(ctx.em, ctx.caller, code, inJointList);
  }

  @FieldResolver(() => DepartmentType)
  department(@Root() item: CheckItem, @Ctx() ctx: GraphContext) {
    return ctx.loaders.department.load(item.department.id);
  }

  @FieldResolver(() => [CheckItemType], { description: '该事项的全部版本' })
  versions(@Root() item: CheckItem, @Ctx() ctx: GraphContext) {
    return service.itemVersions(ctx.em, item.code);
  }
}
