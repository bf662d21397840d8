import { Arg, Authorized, Ctx, Field, ID, InputType, ObjectType, Query, Mutation, Resolver, registerEnumType } from 'type-graphql';
import { chinaDate } from '../common/dates.js';
import type { GraphContext } from '../graph/context.js';
import { FollowUp, FollowUpKind, FollowUpStatus } from './follow-up.entity.js';
import * as service from './follow-up.service.js';

registerEnumType(FollowUpKind, { name: 'FollowUpKind', description: '移交主管部门 / 列入经营异常名录 / 立案查处 / 移送司法机关' });
registerEnumType(FollowUpStatus, { name: 'FollowUpStatus', description: '待办 / 已接收 / 已办结' });

@ObjectType('FollowUp', { description: '后续处置（仅工作人员）' })
export class FollowUpType {
  @Field(() => ID) id!: number;
  @Field(() => FollowUpKind) kind!: FollowUpKind;
  @Field(() => FollowUpStatus) status!: FollowUpStatus;
  @Field(() => String) subjectKey!: string;
  @Field(() => String) subjectName!: string;
  @Field(() => String, { description: '发起部门' }) departmentCode!: string;
  @Field(() => String, { nullable: true, description: '移交的主管部门' }) targetDepartmentCode!: string | null;
  @Field(() => ID, { nullable: true }) inspectionId!: number | null;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String) openedOn!: string;
  @Field(() => String, { nullable: true }) dueOn!: string | null;
  @Field(() => Boolean, { description: '超过办理期限仍未办结' }) overdue!: boolean;
  @Field(() => Date, { nullable: true }) acceptedAt!: Date | null;
  @Field(() => String, { nullable: true }) acceptedBy!: string | null;
  @Field(() => String, { nullable: true }) closedOn!: string | null;
  @Field(() => String, { nullable: true }) decision!: string | null;
}

@InputType('FollowUpInput')
export class FollowUpInputType {
  @Field(() => ID, { description: '发现问题的检查' }) inspection!: number;
  @Field(() => FollowUpKind) kind!: FollowUpKind;
  @Field(() => String) description!: string;
  @Field(() => String, { nullable: true, description: '发起部门（默认本部门）' }) department?: string | null;
  @Field(() => String, { nullable: true, description: '移交时的接收部门' }) targetDepartment?: string | null;
  @Field(() => String, { nullable: true, description: '办理期限，默认 20 个工作日' }) dueOn?: string | null;
}

@InputType('FollowUpFilter')
export class FollowUpFilterType {
  @Field(() => String, { nullable: true, description: '发起或接收的部门' }) department?: string | null;
  @Field(() => FollowUpStatus, { nullable: true }) status?: FollowUpStatus | null;
  @Field(() => FollowUpKind, { nullable: true }) kind?: FollowUpKind | null;
  @Field(() => String, { nullable: true, description: '主体标识' }) subject?: string | null;
  @Field(() => Boolean, { nullable: true }) overdue?: boolean | null;
}

export function followUpView(f: FollowUp): FollowUpType {
  return {
    id: f.id, kind: f.kind, status: f.status, subjectKey: f.subject.key, subjectName: f.subject.name, departmentCode: f.department.code,
    targetDepartmentCode: f.targetDepartment?.code ?? null, inspectionId: f.inspectionId ?? null, description: f.description ?? null,
    openedOn: f.openedOn, dueOn: f.dueOn ?? null, overdue: f.status !== FollowUpStatus.CLOSED && !!f.dueOn && f.dueOn < chinaDate(),
    acceptedAt: f.acceptedAt ?? null, acceptedBy: f.acceptedBy ?? null, closedOn: f.closedOn ?? null, decision: f.decision ?? null,
  };
}

@Resolver(() => FollowUpType)
export class FollowUpResolver {
  @Query(() => [FollowUpType], { description: '后续处置清单（发起或接收的部门、状态、方式、主体、逾期；最多 500 条）' })
  async followUps(@Ctx() ctx: GraphContext, @Arg('filter', () => FollowUpFilterType, { nullable: true }) filter?: FollowUpFilterType) {
    return (await service.listFollowUps(ctx.em, ctx.caller, filter ?? {})).map(followUpView);
  }

  @Authorized()
  @Mutation(() => FollowUpType, { description: '对发现问题的检查发起后续处置' })
  async openFollowUp(@Ctx() ctx: GraphContext, @Arg('input', () => FollowUpInputType) input: FollowUpInputType) {
    const f = await service.openFollowUp(ctx.em, ctx.caller, { ...input, inspection: Number(input.inspection) });
    return followUpView(await ctx.em.findOneOrFail(FollowUp, { id: f.id }, { populate: ['department', 'targetDepartment', 'subject'] }));
  }

  @Authorized()
  @Mutation(() => FollowUpType, { description: '主管部门接收移交' })
  async acceptFollowUp(@Ctx() ctx: GraphContext, @Arg('id', () => ID) id: number) {
    return followUpView(await service.acceptFollowUp(ctx.em, ctx.caller, Number(id)));
  }

  @Authorized()
  @Mutation(() => FollowUpType, { description: '办结并写明处理决定' })
  async closeFollowUp(@Ctx() ctx: GraphContext, @Arg('id', () => ID) id: number, @Arg('decision', () => String) decision: string) {
    return followUpView(await service.closeFollowUp(ctx.em, ctx.caller, Number(id), decision));
  }
}
