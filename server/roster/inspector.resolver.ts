import { Authorized, Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DepartmentType } from '../departments/department.types.js';
import type { GraphContext } from '../graph/context.js';
import { Inspector, InspectorStatus } from './inspector.entity.js';
import * as service from './inspector.service.js';
import { ConflictType, InspectorConnection, InspectorFilter, InspectorInput, InspectorType } from './inspector.types.js';

const today = () => new Date().toISOString().slice(0, 10);

@Resolver(() => InspectorType)
export class InspectorResolver {
  @Query(() => InspectorConnection, { description: '执法检查人员名录库（仅工作人员）' })
  inspectors(
    @Ctx() ctx: GraphContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => InspectorFilter, { nullable: true }) filter?: InspectorFilter,
  ) {
    return service.listInspectors(ctx.em, ctx.caller, filter, first, after, ctx.config.maxPageSize);
  }

  @Query(() => InspectorType, { nullable: true })
  inspector(@Ctx() ctx: GraphContext, @Arg('key', () => String) key: string) {
    return service.inspectorByKey(ctx.em, ctx.caller, key);
  }

  @Authorized()
  @Mutation(() => InspectorType)
  createInspector(@Ctx() ctx: GraphContext, @Arg('input', () => InspectorInput) input: InspectorInput) {
    return service.upsertInspector(ctx.em, ctx.pool, ctx.caller, input, 'create');
  }

  @Authorized()
  @Mutation(() => InspectorType)
  updateInspector(@Ctx() ctx: GraphContext, @Arg('input', () => InspectorInput) input: InspectorInput) {
    return service.upsertInspector(ctx.em, ctx.pool, ctx.caller, input, 'update');
  }

  @Authorized()
  @Mutation(() => InspectorType, { description: '按执法证号幂等同步（部门系统可反复调用）' })
  upsertInspector(@Ctx() ctx: GraphContext, @Arg('input', () => InspectorInput) input: InspectorInput) {
    return service.upsertInspector(ctx.em, ctx.pool, ctx.caller, input, 'upsert');
  }

  @Authorized()
  @Mutation(() => InspectorType, { description: '调离（停用）执法检查人员' })
  deactivateInspector(@Ctx() ctx: GraphContext, @Arg('key', () => String) key: string) {
    return service.setInspectorStatus(ctx.em, ctx.pool, ctx.caller, key, InspectorStatus.TRANSFERRED);
  }

  @Authorized()
  @Mutation(() => InspectorType)
  setInspectorStatus(@Ctx() ctx: GraphContext, @Arg('key', () => String) key: string, @Arg('status', () => InspectorStatus) status: InspectorStatus) {
    return service.setInspectorStatus(ctx.em, ctx.pool, ctx.caller, key, status);
  }

  @FieldResolver(() => DepartmentType)
  department(@Root() i: Inspector, @Ctx() ctx: GraphContext) {
    return ctx.loaders.department.load(i.department.id);
  }

  @FieldResolver(() => Boolean, { description: '执法证今天是否有效' })
  certificateValid(@Root() i: Inspector) {
    const d = today();
    return !!i.certificateValidTo && i.certificateValidTo >= d && (!i.certificateValidFrom || i.certificateValidFrom <= d);
  }

  @FieldResolver(() => Int, { description: '回避声明数量' })
  conflictCount(@Root() i: Inspector, @Ctx() ctx: GraphContext) {
    return ctx.loaders.conflictCount.load(i.id);
  }

  @FieldResolver(() => [ConflictType], { description: '回避声明（原因不公开）' })
  conflicts(@Root() i: Inspector, @Ctx() ctx: GraphContext) {
    return service.conflictsOf(ctx.em, i.id);
  }
}
