import { Arg, Authorized, Ctx, Field, Float, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { GraphContext } from '../graph/context.js';
import { ItemCategory } from '../items/check-item.entity.js';
import { computeMetrics, metricsScope } from './metrics.service.js';
import { rollupSource } from './sources.js';

@InputType('MetricsFilter', { description: '指标筛选：期间按月计（默认为当年 1—12 月），其余条件为空即全部' })
export class MetricsFilterInput {
  @Field(() => Int, { nullable: true, description: '年度（不填 from/to 时即该年 1—12 月）' }) year?: number | null;
  @Field(() => String, { nullable: true, description: '起始月份 YYYY-MM（或该月内任一日期）' }) from?: string | null;
  @Field(() => String, { nullable: true, description: '截止月份 YYYY-MM（含该月）' }) to?: string | null;
  @Field(() => String, { nullable: true, description: '行政区划代码：6 位（省、市、县级）或 9 位乡镇街道' }) region?: string | null;
  @Field(() => String, { nullable: true, description: '部门代码：该部门牵头或参加的任务' }) department?: string | null;
  @Field(() => ItemCategory, { nullable: true, description: '含该类别事项的任务' }) itemCategory?: ItemCategory | null;
  @Field(() => String, { nullable: true, description: '风险等级 A/B/C/D，或 U（尚未分级）：抽取时的等级；对象覆盖率按当前等级' }) grade?: string | null;
}

@ObjectType('Share', { description: '比率：分子 ÷ 分母（分母为 0 时 value 为空），target 为目标值' })
export class ShareType {
  @Field(() => Float) numerator!: number;
  @Field(() => Float) denominator!: number;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => Float, { nullable: true }) target!: number | null;
}

@ObjectType('GradeMetrics', { description: '按风险等级：对象数、覆盖率、问题发现率（含对照组）' })
export class GradeMetricsType {
  @Field(() => String, { description: 'A/B/C/D，U 为尚未分级' }) grade!: string;
  @Field(() => Int, { description: '名录内在营对象数（当前等级）' }) subjects!: number;
  @Field(() => Int, { description: '本年度已被抽查的对象数（当前等级）' }) inspectedSubjects!: number;
  @Field(() => ShareType, { description: '对象覆盖率 = 已抽查对象 ÷ 名录对象' }) coverage!: ShareType;
  @Field(() => Int, { description: '按抽取时等级计的检查户次' }) inspections!: number;
  @Field(() => Int) published!: number;
  @Field(() => ShareType, { description: '问题发现率 = 发现问题户次 ÷ 已公示户次' }) problemRate!: ShareType;
  @Field(() => Int, { description: '对照组户次' }) controlInspections!: number;
  @Field(() => ShareType, { description: '对照组问题发现率' }) controlProblemRate!: ShareType;
}

@ObjectType('ScoreComponent')
export class ScoreComponentType {
  @Field(() => String, { description: 'planFiled / taskCompletion / jointParticipation / timelyEntry / publication / followUpClosure' }) key!: string;
  @Field(() => String) label!: string;
  @Field(() => Float) weight!: number;
  @Field(() => ShareType) share!: ShareType;
  @Field(() => Float) points!: number;
}

@ObjectType('ScoreDeduction')
export class DeductionType {
  @Field(() => String, { description: 'DECLINED_JOINT 拒绝参加联合抽查 / INCOMPLETE_JOINT 联合抽查逾期未完成' }) key!: string;
  @Field(() => String) label!: string;
  @Field(() => Int) count!: number;
  @Field(() => Float) points!: number;
}

@ObjectType('DepartmentScore', { description: '部门考核得分（0—100）及其构成' })
export class DepartmentScoreType {
  @Field(() => String) department!: string;
  @Field(() => String) name!: string;
  @Field(() => Float) score!: number;
  @Field(() => Int) tasks!: number;
  @Field(() => Int) jointTasks!: number;
  @Field(() => Int) inspections!: number;
  @Field(() => [ScoreComponentType]) components!: ScoreComponentType[];
  @Field(() => [DeductionType]) deductions!: DeductionType[];
}

@ObjectType('MonthlyMetrics')
export class MonthlyPointType {
  @Field(() => String, { description: 'YYYY-MM' }) month!: string;
  @Field(() => Int) tasks!: number;
  @Field(() => Int) jointTasks!: number;
  @Field(() => Int) inspections!: number;
  @Field(() => Int) jointInspections!: number;
  @Field(() => ShareType) jointShare!: ShareType;
  @Field(() => ShareType) jointShareByInspections!: ShareType;
  @Field(() => ShareType, { description: '当月到期结果的按时录入并公示率' }) timeliness!: ShareType;
  @Field(() => ShareType) problemRate!: ShareType;
  @Field(() => Int, { description: '当月到期、至今逾期未公示' }) overdue!: number;
}

@ObjectType('DepartmentMonth', { description: '某成员部门某月已实施（已抽取）的任务数' })
export class DepartmentMonthType {
  @Field(() => String) department!: string;
  @Field(() => String, { description: 'YYYY-MM' }) month!: string;
  @Field(() => Int) tasks!: number;
  @Field(() => Int) jointTasks!: number;
}

@ObjectType('Metrics', { description: '驾驶舱指标（定义见 DESIGN.md §5），每个比率附分子、分母' })
export class MetricsType {
  @Field(() => String) from!: string;
  @Field(() => String) to!: string;
  @Field(() => Int) year!: number;
  @Field(() => String, { description: '计算“逾期”所依据的当日' }) today!: string;
  @Field(() => String, { description: 'ROLLUP（汇总表）或 RAW（原始数据重算）' }) source!: string;
  @Field(() => Int, { description: '已实施（已抽取）的抽查任务数' }) tasks!: number;
  @Field(() => Int) jointTasks!: number;
  @Field(() => Int, { description: '检查户次' }) inspections!: number;
  @Field(() => Int) jointInspections!: number;
  @Field(() => Int) published!: number;
  @Field(() => ShareType, { description: '联合抽查占比（按任务）' }) jointShare!: ShareType;
  @Field(() => ShareType, { description: '联合抽查占比（按户次）' }) jointShareByInspections!: ShareType;
  @Field(() => ShareType, { description: '事项覆盖率 = 有已实施任务的在用事项 ÷ 在用事项' }) itemCoverage!: ShareType;
  @Field(() => [String], { description: '未覆盖的在用事项编码' }) uncoveredItems!: string[];
  @Field(() => ShareType, { description: '部门覆盖率 = 有已实施任务的成员部门 ÷ 成员部门' }) departmentCoverage!: ShareType;
  @Field(() => [String]) uncoveredDepartments!: string[];
  @Field(() => ShareType, { description: '对象覆盖率（本年度）= 已抽查对象 ÷ 名录在营对象' }) subjectCoverage!: ShareType;
  @Field(() => ShareType, { description: '及时率 = 20 个工作日内录入并公示 ÷ 到期（已公示 + 逾期未公示）' }) timeliness!: ShareType;
  @Field(() => ShareType, { description: '按时录入率' }) timelyEntry!: ShareType;
  @Field(() => Int, { description: '逾期未公示的检查结果（期间内到期）' }) overdue!: number;
  @Field(() => ShareType, { description: '问题发现率' }) problemRate!: ShareType;
  @Field(() => ShareType, { description: '对照组问题发现率' }) controlProblemRate!: ShareType;
  @Field(() => [GradeMetricsType]) grades!: GradeMetricsType[];
  @Field(() => Int, { description: '互认次数（部门采信其他部门已公示结果）' }) recognitions!: number;
  @Field(() => ShareType, { description: '后续处置办结率 = 期间产生并已办结 ÷ 期间产生' }) followUpClosure!: ShareType;
  @Field(() => [DepartmentScoreType], { description: '部门得分，由高到低' }) departmentScores!: DepartmentScoreType[];
  @Field(() => [MonthlyPointType]) monthly!: MonthlyPointType[];
  @Field(() => [DepartmentMonthType], { description: '成员部门 × 月份的已实施任务数（联席办热力图）' }) departmentMonthly!: DepartmentMonthType[];
}

@Resolver()
export class MetricsResolver {
  @Authorized()
  @Query(() => MetricsType, { description: '驾驶舱指标：由增量维护的汇总表计算' })
  async metrics(@Arg('filter', () => MetricsFilterInput, { nullable: true }) filter: MetricsFilterInput | null, @Ctx() ctx: GraphContext) {
    const scope = await metricsScope(ctx.pool, filter ?? {});
    return computeMetrics(ctx.pool, rollupSource(ctx.pool), scope, ctx.config.metrics);
  }
}
