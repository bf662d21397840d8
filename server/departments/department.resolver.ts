import { Authorized, Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphContext } from '../graph/context.js';
import { Department } from './department.entity.js';
import * as service from './department.service.js';
import { DepartmentConnection, DepartmentFilter, DepartmentInput, DepartmentPatch, DepartmentType } from './department.types.js';

@Resolver(() => DepartmentType)
export class DepartmentResolver {
  @Query(() => DepartmentConnection, { description: '部门列表（公开）' })
  departments(
    @Ctx() ctx: GraphContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => DepartmentFilter, { nullable: true }) filter?: DepartmentFilter,
  ) {
    return service.listDepartments(ctx.em, filter, first, after, ctx.config.maxPageSize);
  }

  @Query(() => DepartmentType, { nullable: true })
  department(@Ctx() ctx: GraphContext, @Arg('code', () => String) code: string) {
    return service.departmentByCode(ctx.em, code);
  }

  @Authorized()
  @Mutation(() => DepartmentType, { description: '新建部门（代码已存在时报 CONFLICT）' })
  createDepartment(@Ctx() ctx: GraphContext, @Arg('input', () => DepartmentInput) input: DepartmentInput) {
    return service.upsertDepartment(ctx.em, ctx.caller, input, 'create');
  }

  @Authorized()
  @Mutation(() => DepartmentType, { description: '按代码幂等同步部门' })
  upsertDepartment(@Ctx() ctx: GraphContext, @Arg('input', () => DepartmentInput) input: DepartmentInput) {
    return service.upsertDepartment(ctx.em, ctx.caller, input, 'upsert');
  }

  @Authorized()
  @Mutation(() => DepartmentType)
  updateDepartment(@Ctx() ctx: GraphContext, @Arg('code', () => String) code: string, @Arg('patch', () => DepartmentPatch) patch: DepartmentPatch) {
    return service.updateDepartment(ctx.em, ctx.caller, code, patch);
  }

  @Authorized()
  @Mutation(() => DepartmentType, { description: '停用部门（保留历史数据）' })
  deactivateDepartment(@Ctx() ctx: GraphContext, @Arg('code', () => String) code: string) {
    return service.updateDepartment(ctx.em, ctx.caller, code, { active: false });
  }

  @FieldResolver(() => Int, { description: '现行有效的抽查事项数' })
  async itemCount(@Root() d: Department, @Ctx() ctx: GraphContext) {
    return (await ctx.loaders.departmentStats.load(d.id)).itemCount;
  }

  @FieldResolver(() => Int, { description: '在册执法检查人员数（不含调离）' })
  async inspectorCount(@Root() d: Department, @Ctx() ctx: GraphContext) {
    return (await ctx.loaders.departmentStats.load(d.id)).inspectorCount;
  }

  @FieldResolver(() => Int, { description: '检查对象分库规模' })
  async librarySize(@Root() d: Department, @Ctx() ctx: GraphContext) {
    return (await ctx.loaders.departmentStats.load(d.id)).librarySize;
  }
}
