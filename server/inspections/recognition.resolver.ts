import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { canSeePersonalData } from '../auth/caller.js';
import { SubjectType } from '../directory/subject.types.js';
import { FollowUpType, followUpView } from '../followups/follow-up.resolver.js';
import { listFollowUps } from '../followups/follow-up.service.js';
import { LeadType, leadView } from '../leads/lead.resolver.js';
import { listLeads } from '../leads/lead.service.js';
import { Connection } from '../graph/connection.js';
import type { GraphContext } from '../graph/context.js';
import { Outcome } from './result.entity.js';
import * as service from './recognition.service.js';

@ObjectType('PublishedItemResult', { description: '已公示的一项检查结果（现行版本）' })
export class PublishedItemResultType {
  @Field(() => ID) id!: number;
  @Field(() => ID) inspectionId!: number;
  @Field(() => Int) resultVersion!: number;
  @Field(() => Boolean, { description: '现行版本经过更正' }) corrected!: boolean;
  @Field(() => String) taskCode!: string;
  @Field(() => Boolean) joint!: boolean;
  @Field(() => String) subjectKey!: string;
  @Field(() => String) subjectName!: string;
  @Field(() => String) regionCode!: string;
  @Field(() => String, { nullable: true }) industryCode!: string | null;
  @Field(() => String) visitDate!: string;
  @Field(() => Date) publishedAt!: Date;
  @Field(() => String) itemCode!: string;
  @Field(() => Int) itemVersion!: number;
  @Field(() => String) itemContent!: string;
  @Field(() => String) departmentCode!: string;
  @Field(() => Outcome) outcome!: Outcome;
  @Field(() => String, { nullable: true, description: '检查情况；涉及商业秘密或个人隐私的不予公示（为空）' }) findings!: string | null;
  @Field(() => Boolean) confidential!: boolean;
  @Field(() => [String], { description: '已采信该结果（互认）的部门' }) recognizedBy!: string[];
}

export const PublishedItemResultConnection = Connection('PublishedItemResult', PublishedItemResultType);

@InputType('ResultSearchFilter')
export class ResultSearchFilter {
  @Field(() => String, { nullable: true, description: '主体标识' }) subject?: string | null;
  @Field(() => String, { nullable: true, description: '事项编码' }) item?: string | null;
  @Field(() => String, { nullable: true, description: '事项所属部门' }) department?: string | null;
  @Field(() => Outcome, { nullable: true }) outcome?: Outcome | null;
  @Field(() => String, { nullable: true, description: '行政区划代码前缀' }) region?: string | null;
  @Field(() => String, { nullable: true, description: '行业代码前缀' }) industry?: string | null;
  @Field(() => String, { nullable: true, description: '检查日期起 YYYY-MM-DD' }) from?: string | null;
  @Field(() => String, { nullable: true, description: '检查日期止 YYYY-MM-DD' }) to?: string | null;
}

@ObjectType('LastCheck', { description: '某事项最近一次已公示的检查' })
export class LastCheckType {
  @Field(() => String) itemCode!: string;
  @Field(() => String) departmentCode!: string;
  @Field(() => String) visitDate!: string;
  @Field(() => Outcome) outcome!: Outcome;
  @Field(() => String) taskCode!: string;
}

@ObjectType('Recognition', { description: '互认记录：某部门采信了其他部门对某事项的已公示结果' })
export class RecognitionType {
  @Field(() => ID) id!: number;
  @Field(() => String) departmentCode!: string;
  @Field(() => String) itemCode!: string;
  @Field(() => String) recognizedBy!: string;
  @Field(() => Date) recognizedAt!: Date;
}

@Resolver(() => PublishedItemResultType)
export class RecognitionResolver {
  @Query(() => PublishedItemResultConnection, { description: '互认检索：各部门已公示的检查结果（按事项、部门、结果、区划、行业、日期）' })
  publishedResults(
    @Ctx() ctx: GraphContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => ResultSearchFilter, { nullable: true }) filter?: ResultSearchFilter,
  ) {
    return service.searchResults(ctx.pool, filter ?? {}, first, after, ctx.config.maxPageSize);
  }

  @Authorized()
  @Mutation(() => RecognitionType, { description: '采信其他部门已公示的检查结果（互认），不再重复检查该事项' })
  async recordRecognition(
    @Ctx() ctx: GraphContext,
    @Arg('inspection', () => ID) inspection: number,
    @Arg('item', () => String) item: string,
    @Arg('department', () => String, { nullable: true }) department?: string,
    @Arg('note', () => String, { nullable: true }) note?: string,
  ) {
    const r = await service.recordRecognition(ctx.em, ctx.caller, { inspection: Number(inspection), item, department, note });
    return { id: r.id, departmentCode: r.department.code, itemCode: r.itemCode, recognizedBy: r.recognizedBy, recognizedAt: r.recognizedAt };
  }
}

/** The subject profile across departments (互认): published results, follow-ups, counts. */
@Resolver(() => SubjectType)
export class SubjectProfileResolver {
  @FieldResolver(() => [PublishedItemResultType], { description: '各部门已公示的检查结果（最近 200 条）' })
  async publishedResults(@Root() s: SubjectType, @Ctx() ctx: GraphContext) {
    return (await service.searchResults(ctx.pool, { subject: s.key }, 200, undefined, 200)).nodes;
  }

  @FieldResolver(() => Int, { description: '本年度被随机抽查的次数（全部门）' })
  async inspectionsThisYear(@Root() s: SubjectType, @Ctx() ctx: GraphContext) {
    return service.inspectionsThisYear(ctx.pool, s.id);
  }

  @FieldResolver(() => [LastCheckType], { description: '每个事项最近一次已公示的检查' })
  async lastChecks(@Root() s: SubjectType, @Ctx() ctx: GraphContext) {
    return service.lastChecks(ctx.pool, s.id);
  }

  @FieldResolver(() => [LeadType], { description: '投诉举报线索（仅工作人员可见；公众为空）' })
  async leads(@Root() s: SubjectType, @Ctx() ctx: GraphContext) {
    if (!canSeePersonalData(ctx.caller)) return [];
    return (await listLeads(ctx.em, ctx.caller, { subject: s.key })).map(leadView);
  }

  @FieldResolver(() => [FollowUpType], { description: '后续处置（仅工作人员可见；公众为空）' })
  async followUps(@Root() s: SubjectType, @Ctx() ctx: GraphContext) {
    if (!canSeePersonalData(ctx.caller)) return [];
    return (await listFollowUps(ctx.em, ctx.caller, { subject: s.key })).map(followUpView);
  }
}
