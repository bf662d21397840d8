import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireStaff } from '../auth/caller.js';
import { DepartmentType } from '../departments/department.types.js';
import type { GraphContext } from '../graph/context.js';
import { CheckItem } from '../items/check-item.entity.js';
import { CheckItemType } from '../items/check-item.types.js';
import { type Plan, PlanStatus, type PlanTask } from './plan.entity.js';
import * as service from './plan.service.js';
import { GradeQuotaType, PlanFilingType, PlanInput, PlanTaskType, PlanType } from './plan.types.js';

@Resolver(() => PlanType)
export class PlanResolver {
  @Query(() => PlanType, { nullable: true, description: '某部门（不填为联合计划）某年度的现行计划，或指定版本；草稿仅工作人员可见' })
  async plan(
    @Ctx() ctx: GraphContext,
    @Arg('year', () => Int) year: number,
    @Arg('department', () => String, { nullable: true }) department?: string,
    @Arg('version', () => Int, { nullable: true }) version?: number,
  ) {
    const plan = await service.planOf(ctx.em, year, department ?? null, version);
    if (plan && plan.status === PlanStatus.DRAFT && ctx.caller.kind === 'anonymous') return null;
    return plan;
  }

  @Query(() => [PlanType], { description: '某年度的现行计划：联合计划在前，再按部门；可只取所列部门的（联合计划总在其中）；草稿仅工作人员可见' })
  async plans(
    @Ctx() ctx: GraphContext,
    @Arg('year', () => Int) year: number,
    @Arg('departments', () => [String], { nullable: true }) departments?: string[],
  ) {
    const plans = await service.plansOf(ctx.em, year, departments ?? null);
    return ctx.caller.kind === 'anonymous' ? plans.filter((p) => p.status !== PlanStatus.DRAFT) : plans;
  }

  @Query(() => [PlanFilingType], { description: '联席办：各成员单位年度计划备案情况（未报、草稿、已备案、逾期）' })
  planFilingStatus(@Ctx() ctx: GraphContext, @Arg('year', () => Int) year: number) {
    requireStaff(ctx.caller);
    return service.filingStatus(ctx.em, year);
  }

  @Authorized()
  @Mutation(() => PlanType, { description: '保存年度计划：草稿直接修改；已备案的计划生成新版本并记录调整原因' })
  savePlan(@Ctx() ctx: GraphContext, @Arg('input', () => PlanInput) input: PlanInput) {
    return service.savePlan(ctx.em, ctx.caller, input);
  }

  @Authorized()
  @Mutation(() => PlanType, { description: '计划备案（逾期备案照常受理并记为逾期）' })
  filePlan(@Ctx() ctx: GraphContext, @Arg('year', () => Int) year: number, @Arg('department', () => String, { nullable: true }) department?: string) {
    return service.filePlan(ctx.em, ctx.caller, year, department ?? null, ctx.config.planFilingDeadline);
  }

  @Authorized()
  @Mutation(() => PlanType, { description: '计划公示' })
  publishPlan(@Ctx() ctx: GraphContext, @Arg('year', () => Int) year: number, @Arg('department', () => String, { nullable: true }) department?: string) {
    return service.publishPlan(ctx.em, ctx.caller, year, department ?? null);
  }

  @Authorized('OFFICE')
  @Mutation(() => PlanType, { description: '联席办：把各部门已备案计划中的联合抽查任务汇总为联合抽查计划' })
  compileJointPlan(@Ctx() ctx: GraphContext, @Arg('year', () => Int) year: number) {
    return service.compileJointPlan(ctx.em, ctx.caller, year);
  }

  @FieldResolver(() => DepartmentType, { nullable: true, description: '所属部门；联合计划为空' })
  department(@Root() plan: Plan, @Ctx() ctx: GraphContext) {
    return plan.department ? ctx.loaders.department.load(plan.department.id) : null;
  }

  @FieldResolver(() => [PlanTaskType])
  tasks(@Root() plan: Plan, @Ctx() ctx: GraphContext) {
    return service.tasksOf(ctx.em, plan);
  }

  @FieldResolver(() => [PlanType], { description: '全部版本（调整记录）' })
  versions(@Root() plan: Plan, @Ctx() ctx: GraphContext) {
    return service.planVersions(ctx.em, plan);
  }

  @FieldResolver(() => String, { description: '备案截止时间（北京时间当日 24 时）' })
  filingDeadline(@Root() plan: Plan, @Ctx() ctx: GraphContext) {
    return service.filingDeadline(plan.year, ctx.config.planFilingDeadline).toISOString();
  }
}

@Resolver(() => PlanTaskType)
export class PlanTaskResolver {
  @FieldResolver(() => Boolean)
  joint(@Root() t: PlanTask) {
    return t.departments.length > 1;
  }

  @FieldResolver(() => [GradeQuotaType])
  quotaRule(@Root() t: PlanTask) {
    return Object.entries(t.quotaRule).map(([grade, q]) => ({ grade, ratio: q.ratio ?? null, count: q.count ?? null }));
  }

  @FieldResolver(() => [CheckItemType], { description: '任务的抽查事项（计划保存时的版本）' })
  async items(@Root() t: PlanTask, @Ctx() ctx: GraphContext) {
    const rows = await ctx.em.find(CheckItem, { id: { $in: t.itemIds } });
    return t.itemIds.map((id) => rows.find((r) => r.id === id)).filter(Boolean);
  }
}
