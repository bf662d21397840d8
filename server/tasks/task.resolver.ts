import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphContext } from '../graph/context.js';
import { CheckItem } from '../items/check-item.entity.js';
import { CheckItemType } from '../items/check-item.types.js';
import { GradeQuotaType } from '../plans/plan.types.js';
import { decideReplacement, replacementCandidates, requestReplacement } from '../inspections/replacement.service.js';
import { InspectorType } from '../roster/inspector.types.js';
import * as draws from './draw.service.js';
import { drawProof } from './proof.js';
import { Task, TaskDraw } from './task.entity.js';
import { drawView, inspectionsOf, listTasks, replacementsOf } from './task.queries.js';
import * as service from './task.service.js';
import {
  DrawProofType,
  InspectionConnection,
  ReplacementInput,
  ReplacementType,
  TaskConnection,
  TaskDrawType,
  TaskFilter,
  TaskInput,
  TaskOptionsInput,
  TaskParticipantType,
  TaskType,
  TeamSizeType,
} from './task.types.js';

@Resolver(() => TaskType)
export class TaskResolver {
  @Query(() => TaskConnection, { description: '抽查任务（公众可见已冻结的任务）' })
  tasks(
    @Ctx() ctx: GraphContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => TaskFilter, { nullable: true }) filter?: TaskFilter,
  ) {
    return listTasks(ctx.em, ctx.caller, filter, first, after, ctx.config.maxPageSize);
  }

  @Query(() => TaskType, { nullable: true, description: '按任务编号查询' })
  async task(@Ctx() ctx: GraphContext, @Arg('code', () => String) code: string) {
    const task = await ctx.em.findOne(Task, { code });
    return task && service.visibleTo(ctx.caller, task) ? task : null;
  }

  @Query(() => DrawProofType, { description: '可验证答复：某主体是否为某任务抽取的候选、被排除或被抽中（附 RFC 6962 包含证明）' })
  drawProof(
    @Ctx() ctx: GraphContext,
    @Arg('task', () => String) task: string,
    @Arg('subject', () => String, { description: '主体标识（统一社会信用代码或公开编号）' }) subject: string,
    @Arg('attempt', () => Int, { nullable: true, description: '第几次冻结；默认最近一次' }) attempt?: number,
  ) {
    return drawProof(ctx.pool, ctx.caller, task, subject, attempt);
  }

  @Query(() => [InspectorType], { description: '可替换某检查人员的同部门人员（在岗、证件全程有效、具备资格、无回避、未达工作量上限；仅工作人员）' })
  replacementCandidates(@Ctx() ctx: GraphContext, @Arg('inspection', () => ID) inspection: number, @Arg('outgoing', () => String) outgoing: string) {
    return replacementCandidates(ctx.em, ctx.caller, Number(inspection), outgoing);
  }

  @Authorized()
  @Mutation(() => TaskType, { description: '从已备案计划的任务创建抽查任务' })
  createTaskFromPlan(
    @Ctx() ctx: GraphContext,
    @Arg('planTask', () => ID) planTask: number,
    @Arg('options', () => TaskOptionsInput, { nullable: true }) options?: TaskOptionsInput,
    @Arg('windowFrom', () => String, { nullable: true }) windowFrom?: string,
    @Arg('windowTo', () => String, { nullable: true }) windowTo?: string,
  ) {
    return service.createTaskFromPlan(ctx.em, ctx.caller, ctx.config, Number(planTask), options ?? {}, { from: windowFrom, to: windowTo });
  }

  @Authorized()
  @Mutation(() => TaskType, { description: '创建专项抽查任务（如依投诉举报线索）' })
  createSpecialTask(
    @Ctx() ctx: GraphContext,
    @Arg('input', () => TaskInput) input: TaskInput,
    @Arg('options', () => TaskOptionsInput, { nullable: true }) options?: TaskOptionsInput,
  ) {
    return service.createSpecialTask(ctx.em, ctx.caller, ctx.config, input, options ?? {});
  }

  @Authorized()
  @Mutation(() => TaskType, { description: '配合部门确认参加（联席办可代指定部门操作）' })
  confirmTask(@Ctx() ctx: GraphContext, @Arg('code', () => String) code: string, @Arg('department', () => String, { nullable: true }) department?: string) {
    return service.confirmTask(ctx.em, ctx.caller, code, department);
  }

  @Authorized()
  @Mutation(() => TaskType, { description: '配合部门拒绝参加（须说明理由，计入考核）' })
  declineTask(
    @Ctx() ctx: GraphContext,
    @Arg('code', () => String) code: string,
    @Arg('reason', () => String) reason: string,
    @Arg('department', () => String, { nullable: true }) department?: string,
  ) {
    return service.declineTask(ctx.em, ctx.caller, code, reason, department);
  }

  @Authorized()
  @Mutation(() => TaskType, { description: '提交随机数承诺值 hex(SHA-256(任务编号 ‖ LF ‖ 部门代码 ‖ LF ‖ 秘密))，冻结前可更换' })
  submitTaskCommitment(
    @Ctx() ctx: GraphContext,
    @Arg('code', () => String) code: string,
    @Arg('commitment', () => String) commitment: string,
    @Arg('department', () => String, { nullable: true }) department?: string,
  ) {
    return service.submitCommitment(ctx.em, ctx.caller, code, commitment, department);
  }

  @Authorized()
  @Mutation(() => TaskType, { description: '冻结：生成候选、排除、人员、回避清单与清单摘要，记入审计日志' })
  async freezeTask(@Ctx() ctx: GraphContext, @Arg('code', () => String) code: string) {
    await draws.freezeTask(ctx.pool, ctx.caller, code, ctx.config.sessionSecret);
    return ctx.em.findOne(Task, { code }, { refresh: true });
  }

  @Authorized()
  @Mutation(() => TaskType, { description: '揭示本部门的秘密随机数（须与承诺值一致，否则不予保存）' })
  revealTaskSecret(
    @Ctx() ctx: GraphContext,
    @Arg('code', () => String) code: string,
    @Arg('secret', () => String) secret: string,
    @Arg('department', () => String, { nullable: true }) department?: string,
  ) {
    return draws.revealSecret(ctx.em, ctx.caller, code, secret, department);
  }

  @Authorized()
  @Mutation(() => TaskType, { description: '录入公开随机数（如现场掷骰结果），冻结后、抽取前，只能录入一次' })
  setTaskPublicInput(@Ctx() ctx: GraphContext, @Arg('code', () => String) code: string, @Arg('value', () => String) value: string) {
    return draws.setPublicInput(ctx.em, ctx.caller, code, value);
  }

  @Authorized()
  @Mutation(() => TaskType, { description: '抽取：平台揭示随机数，按规范抽取检查对象和检查小组；失败时记录原因，任务回到"已创建"待重新冻结' })
  async drawTask(@Ctx() ctx: GraphContext, @Arg('code', () => String) code: string) {
    await draws.drawTask(ctx.pool, ctx.caller, code, ctx.config.sessionSecret);
    return ctx.em.findOne(Task, { code }, { refresh: true });
  }

  @Authorized()
  @Mutation(() => TaskType, { description: '开始检查（已抽取 → 检查中）' })
  startTask(@Ctx() ctx: GraphContext, @Arg('code', () => String) code: string) {
    return service.startTask(ctx.em, ctx.caller, code);
  }

  @Authorized()
  @Mutation(() => TaskType, { description: '完成任务（全部检查结果已公示）' })
  completeTask(@Ctx() ctx: GraphContext, @Arg('code', () => String) code: string) {
    return service.completeTask(ctx.em, ctx.caller, code);
  }

  @Authorized()
  @Mutation(() => TaskType, { description: '办结任务' })
  closeTask(@Ctx() ctx: GraphContext, @Arg('code', () => String) code: string) {
    return service.closeTask(ctx.em, ctx.caller, code);
  }

  @Authorized()
  @Mutation(() => TaskType, { description: '取消任务（抽取前），须说明原因' })
  cancelTask(@Ctx() ctx: GraphContext, @Arg('code', () => String) code: string, @Arg('reason', () => String) reason: string) {
    return service.cancelTask(ctx.em, ctx.caller, code, reason);
  }

  @Authorized()
  @Mutation(() => ReplacementType, { description: '申请更换检查人员（岗位调整、工作冲突、健康状况、执法回避），由部门指定替换人员' })
  async requestReplacement(@Ctx() ctx: GraphContext, @Arg('input', () => ReplacementInput) input: ReplacementInput) {
    const r = await requestReplacement(ctx.em, ctx.caller, input);
    return (await replacementsOf(ctx.pool, ctx.caller, r.inspection.task.id)).find((x) => Number(x.id) === r.id);
  }

  @Authorized('DEPT_HEAD')
  @Mutation(() => ReplacementType, { description: '部门负责人审批更换检查人员申请' })
  async decideReplacement(
    @Ctx() ctx: GraphContext,
    @Arg('id', () => ID) id: number,
    @Arg('approve', () => Boolean) approve: boolean,
    @Arg('note', () => String, { nullable: true }) note?: string,
  ) {
    const r = await decideReplacement(ctx.em, ctx.caller, Number(id), approve, note);
    return (await replacementsOf(ctx.pool, ctx.caller, r.inspection.task.id)).find((x) => Number(x.id) === r.id);
  }

  @FieldResolver(() => [TaskParticipantType])
  async participants(@Root() task: Task, @Ctx() ctx: GraphContext) {
    const rows = await draws.participantsOf(ctx.em, task);
    return rows.map((p) => ({
      departmentCode: p.department.code, departmentName: p.department.name, lead: p.lead, status: p.status, decidedAt: p.decidedAt ?? null,
      declineReason: p.declineReason ?? null, commitment: p.commitment ?? null, revealed: !!p.secret,
    }));
  }

  @FieldResolver(() => [CheckItemType], { description: '任务的抽查事项（创建时的版本）' })
  async items(@Root() task: Task, @Ctx() ctx: GraphContext) {
    const rows = await ctx.em.find(CheckItem, { id: { $in: task.itemIds } });
    return task.itemIds.map((id) => rows.find((r) => r.id === id)).filter(Boolean);
  }

  @FieldResolver(() => [GradeQuotaType])
  quotaRule(@Root() task: Task) {
    return Object.entries(task.quotaRule).map(([grade, q]) => ({ grade, ratio: q.ratio ?? null, count: q.count ?? null }));
  }

  @FieldResolver(() => [TeamSizeType])
  teamSizes(@Root() task: Task) {
    return task.teamSizes;
  }

  @FieldResolver(() => [TaskDrawType], { description: '历次冻结与抽取，最近的在前' })
  async draws(@Root() task: Task, @Ctx() ctx: GraphContext) {
    return (await draws.drawsOf(ctx.em, task)).map((d) => drawView(task, d));
  }

  @FieldResolver(() => TaskDrawType, { nullable: true, description: '最近一次冻结与抽取' })
  async currentDraw(@Root() task: Task, @Ctx() ctx: GraphContext) {
    const d = await ctx.em.findOne(TaskDraw, { task, attempt: task.attempt });
    return d ? drawView(task, d) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: '最近一次冻结清单的摘要（manifestHash），冻结时写入审计日志' })
  async manifestHash(@Root() task: Task, @Ctx() ctx: GraphContext) {
    return (await ctx.em.findOne(TaskDraw, { task, attempt: task.attempt }, { fields: ['manifestHash'] }))?.manifestHash ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: '抽取种子（抽取后）' })
  async seed(@Root() task: Task, @Ctx() ctx: GraphContext) {
    return (await ctx.em.findOne(TaskDraw, { task, attempt: task.attempt }, { fields: ['seed'] }))?.seed ?? null;
  }

  @FieldResolver(() => InspectionConnection, { description: '抽中的检查对象及检查小组（按抽取顺序）' })
  inspections(
    @Root() task: Task,
    @Ctx() ctx: GraphContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return inspectionsOf(ctx.pool, ctx.caller, task.id, first, after, ctx.config.maxPageSize);
  }

  @FieldResolver(() => [ReplacementType], { description: '更换检查人员记录（与抽取结果并列公示）' })
  replacements(@Root() task: Task, @Ctx() ctx: GraphContext) {
    return replacementsOf(ctx.pool, ctx.caller, task.id);
  }
}
