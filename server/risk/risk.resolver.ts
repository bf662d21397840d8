import { Authorized, Ctx, Field, FieldResolver, Float, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { RiskGrade } from '../directory/subject.entity.js';
import { SubjectType } from '../directory/subject.types.js';
import type { GraphContext } from '../graph/context.js';
import { RiskAssessment } from './risk.entity.js';
import { explain, reassessAll } from './risk.service.js';

@ObjectType('RiskFactor', { description: '风险分值的一项构成' })
export class RiskFactorType {
  @Field(() => String, { description: 'RESULT 检查发现问题 / FOLLOW_UP 后续处置 / LEADS 线索 / INDUSTRY 行业基础风险 / SERIOUS 严重违法失信' }) factor!: string;
  @Field(() => String) detail!: string;
  @Field(() => Float) points!: number;
}

@ObjectType('RiskExplanation', { description: '风险等级及其主要构成（按当前数据即时计算）' })
export class RiskExplanationType {
  @Field(() => RiskGrade) grade!: RiskGrade;
  @Field(() => Float) score!: number;
  @Field(() => [RiskFactorType], { description: '分值最高的至多 5 项' }) factors!: RiskFactorType[];
}

@ObjectType('RiskChange', { description: '风险等级变化记录' })
export class RiskChangeType {
  @Field(() => RiskGrade) grade!: RiskGrade;
  @Field(() => RiskGrade, { nullable: true }) previousGrade!: RiskGrade | null;
  @Field(() => Float) score!: number;
  @Field(() => [RiskFactorType]) factors!: RiskFactorType[];
  @Field(() => String) trigger!: string;
  @Field(() => Date) assessedAt!: Date;
}

@ObjectType('RiskBatch')
export class RiskBatchType {
  @Field(() => Int) assessed!: number;
  @Field(() => Int) changed!: number;
}

@Resolver(() => SubjectType)
export class SubjectRiskResolver {
  @FieldResolver(() => RiskExplanationType, { nullable: true, description: '风险等级的构成（仅工作人员；公众为空）' })
  riskExplanation(@Root() s: SubjectType, @Ctx() ctx: GraphContext) {
    return ctx.caller.kind === 'anonymous' ? null : explain(ctx.pool, s.id);
  }

  @FieldResolver(() => [RiskChangeType], { description: '风险等级变化历史（仅工作人员）' })
  async riskHistory(@Root() s: SubjectType, @Ctx() ctx: GraphContext) {
    if (ctx.caller.kind === 'anonymous') return [];
    return ctx.em.find(RiskAssessment, { subject: s.id }, { orderBy: { id: 'desc' }, limit: 50 });
  }
}

@Resolver()
export class RiskResolver {
  @Authorized('OFFICE')
  @Mutation(() => RiskBatchType, { description: '立即重新评定全部对象的风险等级（每晚也自动执行）' })
  reassessRisk(@Ctx() ctx: GraphContext) {
    return reassessAll(ctx.pool, 'MANUAL');
  }
}
