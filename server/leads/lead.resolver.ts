import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import type { GraphContext } from '../graph/context.js';
import { TaskOptionsInput, TaskType } from '../tasks/task.types.js';
import { Lead, LeadSource, LeadStatus } from './lead.entity.js';
import * as service from './lead.service.js';

registerEnumType(LeadSource, { name: 'LeadSource', description: '12345 热线 / 投诉举报 / 转办交办 / 监测发现 / 其他' });
registerEnumType(LeadStatus, { name: 'LeadStatus', description: '待处理 / 已发起专项检查 / 已处理' });

@ObjectType('Lead', { description: '投诉举报线索（仅工作人员）' })
export class LeadType {
  @Field(() => ID) id!: number;
  @Field(() => String) subjectKey!: string;
  @Field(() => String) subjectName!: string;
  @Field(() => String) departmentCode!: string;
  @Field(() => LeadSource) source!: LeadSource;
  @Field(() => String, { nullable: true }) reference!: string | null;
  @Field(() => String) receivedOn!: string;
  @Field(() => String) problem!: string;
  @Field(() => String) description!: string;
  @Field(() => LeadStatus) status!: LeadStatus;
  @Field(() => String, { nullable: true }) taskCode!: string | null;
  @Field(() => String, { nullable: true }) handledOn!: string | null;
  @Field(() => String, { nullable: true }) resolution!: string | null;
}

@InputType('LeadInput')
export class LeadInputType {
  @Field(() => String, { description: '主体标识' }) subject!: string;
  @Field(() => String, { nullable: true, description: '受理部门（默认本部门）' }) department?: string | null;
  @Field(() => LeadSource) source!: LeadSource;
  @Field(() => String, { nullable: true, description: '工单号' }) reference?: string | null;
  @Field(() => String) receivedOn!: string;
  @Field(() => String, { description: '问题类别，同类线索可一并发起专项检查' }) problem!: string;
  @Field(() => String) description!: string;
}

@InputType('LeadTaskInput')
export class LeadTaskInputType {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => [String], { description: '事项编码' }) items!: string[];
  @Field(() => [String], { defaultValue: [] }) participants!: string[];
  @Field(() => Boolean, { defaultValue: false, description: '是否包括同类问题的全部待处理线索涉及的对象' }) sameProblem!: boolean;
  @Field(() => String) windowFrom!: string;
  @Field(() => String) windowTo!: string;
}

export function leadView(l: Lead): LeadType {
  return {
    id: l.id, subjectKey: l.subject.key, subjectName: l.subject.name, departmentCode: l.department.code, source: l.source, reference: l.reference ?? null,
    receivedOn: l.receivedOn, problem: l.problem, description: l.description, status: l.status, taskCode: l.taskCode ?? null,
    handledOn: l.handledOn ?? null, resolution: l.resolution ?? null,
  };
}

@Resolver(() => LeadType)
export class LeadResolver {
  @Query(() => [LeadType], { description: '线索清单（按受理部门、状态、主体、问题类别；最多 500 条）' })
  async leads(
    @Ctx() ctx: GraphContext,
    @Arg('department', () => String, { nullable: true }) department?: string,
    @Arg('status', () => LeadStatus, { nullable: true }) status?: LeadStatus,
    @Arg('subject', () => String, { nullable: true }) subject?: string,
    @Arg('problem', () => String, { nullable: true }) problem?: string,
  ) {
    return (await service.listLeads(ctx.em, ctx.caller, { department, status, subject, problem })).map(leadView);
  }

  @Authorized()
  @Mutation(() => LeadType, { description: '登记投诉举报线索' })
  async recordLead(@Ctx() ctx: GraphContext, @Arg('input', () => LeadInputType) input: LeadInputType) {
    const l = await service.recordLead(ctx.em, ctx.caller, input);
    return leadView(await ctx.em.findOneOrFail(Lead, { id: l.id }, { populate: ['subject', 'department'] }));
  }

  @Authorized()
  @Mutation(() => LeadType, { description: '个案处理完毕，写明处理结果' })
  async handleLead(@Ctx() ctx: GraphContext, @Arg('id', () => ID) id: number, @Arg('resolution', () => String) resolution: string) {
    return leadView(await service.handleLead(ctx.em, ctx.caller, Number(id), resolution));
  }

  @Authorized()
  @Mutation(() => TaskType, { description: '依线索发起专项抽查任务：该对象，或同类问题全部待处理线索的对象' })
  startTaskFromLead(
    @Ctx() ctx: GraphContext,
    @Arg('id', () => ID) id: number,
    @Arg('input', () => LeadTaskInputType) input: LeadTaskInputType,
    @Arg('options', () => TaskOptionsInput, { nullable: true }) options?: TaskOptionsInput,
  ) {
    return service.startTaskFromLead(ctx.em, ctx.caller, ctx.config, Number(id), input, options ?? {});
  }
}
