import { Authorized, Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { canSeePersonalData, requireStaff } from '../auth/caller.js';
import { DepartmentType } from '../departments/department.types.js';
import type { GraphContext } from '../graph/context.js';
import { industryName } from '../reference/industries.js';
import { regionName } from '../reference/regions.js';
import type { SubjectRowDb } from './directory.queries.js';
import { SubjectStatus } from './subject.entity.js';
import * as service from './subject.service.js';
import { LibraryPreview, LibraryRuleInput, LibraryRuleType, SubjectConnection, SubjectFilter, SubjectInput, SubjectType } from './subject.types.js';

/** Masks a personal name for callers who may not see personal data: 张三丰 → 张**. */
export function maskName(name: string | null): string | null {
  if (!name) return null;
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

@Resolver(() => SubjectType)
export class SubjectResolver {
  @Query(() => SubjectConnection, { description: '检查对象名录库' })
  subjects(
    @Ctx() ctx: GraphContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => SubjectFilter, { nullable: true }) filter?: SubjectFilter,
  ) {
    return service.listSubjects(ctx.em, ctx.pool, filter, first, after, ctx.config.maxPageSize);
  }

  @Query(() => SubjectType, { nullable: true, description: '按统一社会信用代码或主体编号查找' })
  subject(@Ctx() ctx: GraphContext, @Arg('key', () => String) key: string) {
    return service.subjectByKey(ctx.pool, key.trim());
  }

  @Authorized()
  @Mutation(() => SubjectType, { description: '新建检查对象（已存在时报 CONFLICT）；给出 department 时同时加入该部门分库' })
  createSubject(@Ctx() ctx: GraphContext, @Arg('input', () => SubjectInput) input: SubjectInput, @Arg('department', () => String, { nullable: true }) department?: string) {
    return service.upsertSubject(ctx.pool, ctx.caller, input, department, 'create');
  }

  @Authorized()
  @Mutation(() => SubjectType)
  updateSubject(@Ctx() ctx: GraphContext, @Arg('input', () => SubjectInput) input: SubjectInput, @Arg('department', () => String, { nullable: true }) department?: string) {
    return service.upsertSubject(ctx.pool, ctx.caller, input, department, 'update');
  }

  @Authorized()
  @Mutation(() => SubjectType, { description: '按统一社会信用代码/主体编号幂等同步（部门系统可反复调用）' })
  upsertSubject(@Ctx() ctx: GraphContext, @Arg('input', () => SubjectInput) input: SubjectInput, @Arg('department', () => String, { nullable: true }) department?: string) {
    return service.upsertSubject(ctx.pool, ctx.caller, input, department, 'upsert');
  }

  @Authorized()
  @Mutation(() => SubjectType, { description: '标记对象吊销、注销或无法联系' })
  deactivateSubject(
    @Ctx() ctx: GraphContext,
    @Arg('key', () => String) key: string,
    @Arg('status', () => SubjectStatus, { defaultValue: SubjectStatus.CANCELLED }) status: SubjectStatus,
    @Arg('department', () => String, { nullable: true }) department?: string,
  ) {
    return service.deactivateSubject(ctx.pool, ctx.caller, key, status, department);
  }

  @Authorized()
  @Mutation(() => Int, { description: '从部门分库移出对象，返回移出数量' })
  removeFromLibrary(@Ctx() ctx: GraphContext, @Arg('department', () => String) department: string, @Arg('keys', () => [String]) keys: string[]) {
    return service.removeFromLibrary(ctx.em, ctx.pool, ctx.caller, department, keys);
  }

  @Query(() => [LibraryRuleType], { description: '部门的分库规则' })
  libraryRules(@Ctx() ctx: GraphContext, @Arg('department', () => String) department: string) {
    requireStaff(ctx.caller);
    return service.libraryRules(ctx.em, department);
  }

  @Query(() => LibraryPreview, { description: '预览分库规则（不写入）' })
  previewLibraryRule(@Ctx() ctx: GraphContext, @Arg('input', () => LibraryRuleInput) input: LibraryRuleInput) {
    requireStaff(ctx.caller);
    return service.previewLibraryRule(ctx.em, ctx.pool, input);
  }

  @Authorized()
  @Mutation(() => LibraryRuleType, { description: '保存分库规则（同名则修改）' })
  saveLibraryRule(@Ctx() ctx: GraphContext, @Arg('input', () => LibraryRuleInput) input: LibraryRuleInput) {
    return service.saveLibraryRule(ctx.em, ctx.caller, input);
  }

  @Authorized()
  @Mutation(() => LibraryPreview, { description: '应用分库规则：把命中的对象加入分库' })
  applyLibraryRule(@Ctx() ctx: GraphContext, @Arg('id', () => ID) id: string) {
    return service.applyLibraryRule(ctx.em, ctx.pool, ctx.caller, Number(id));
  }

  @FieldResolver(() => String, { nullable: true, description: '经营者（个人信息：公众只见脱敏形式）' })
  operatorName(@Root() s: SubjectRowDb, @Ctx() ctx: GraphContext) {
    return canSeePersonalData(ctx.caller) ? s.operatorName : maskName(s.operatorName);
  }

  @FieldResolver(() => String, { nullable: true, description: '联系电话（个人信息：仅工作人员可见）' })
  operatorPhone(@Root() s: SubjectRowDb, @Ctx() ctx: GraphContext) {
    return canSeePersonalData(ctx.caller) ? s.operatorPhone : null;
  }

  @FieldResolver(() => String, { nullable: true })
  regionName(@Root() s: SubjectRowDb) {
    return regionName(s.regionCode) ?? null;
  }

  @FieldResolver(() => String, { nullable: true })
  industryName(@Root() s: SubjectRowDb) {
    return s.industryCode ? (industryName(s.industryCode) ?? null) : null;
  }

  @FieldResolver(() => [DepartmentType], { description: '该对象所在的部门分库' })
  async departments(@Root() s: SubjectRowDb, @Ctx() ctx: GraphContext) {
    const ids = await ctx.loaders.subjectDepartments.load(s.id);
    return (await ctx.loaders.department.loadMany(ids)).filter((d) => d && !(d instanceof Error));
  }
}

@Resolver(() => LibraryRuleType)
export class LibraryRuleResolver {
  @FieldResolver(() => DepartmentType)
  department(@Root() rule: { department: { id: number } }, @Ctx() ctx: GraphContext) {
    return ctx.loaders.department.load(rule.department.id);
  }
}
