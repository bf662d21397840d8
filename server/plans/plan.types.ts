import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { RiskGrade, SubjectKind } from '../directory/subject.entity.js';
import { PlanKind, PlanStatus } from './plan.entity.js';

registerEnumType(PlanKind, { name: 'PlanKind', description: '部门年度计划 / 联合抽查计划' });
registerEnumType(PlanStatus, { name: 'PlanStatus', description: '草稿 / 已备案 / 已公示' });

@ObjectType('GradeQuota', { description: '某一风险等级的抽查数量规则：比例（精确小数）或固定数量' })
export class GradeQuotaType {
  @Field(() => String, { description: '风险等级，如 A、B、C、D' }) grade!: string;
  @Field(() => String, { nullable: true, description: '比例，如 "0.03"' }) ratio?: string | null;
  @Field(() => Int, { nullable: true, description: '固定数量' }) count?: number | null;
}

@InputType('GradeQuotaInput')
export class GradeQuotaInput {
  @Field(() => String) grade!: string;
  @Field(() => String, { nullable: true }) ratio?: string;
  @Field(() => Int, { nullable: true }) count?: number;
}

@ObjectType('PlanTask', { description: '计划中的一项抽查任务' })
export class PlanTaskType {
  @Field(() => ID) id!: number;
  @Field(() => Int, { description: '序号' }) seq!: number;
  @Field(() => String) name!: string;
  @Field(() => [String], { description: '参加部门代码，牵头部门在前' }) departments!: string[];
  @Field(() => Boolean, { description: '是否为联合抽查（两个及以上部门）' }) joint!: boolean;
  @Field(() => [String], { description: '对象范围：部门分库' }) scopeLibraries!: string[];
  @Field(() => [String]) scopeRegions!: string[];
  @Field(() => [String]) scopeIndustries!: string[];
  @Field(() => [SubjectKind]) scopeKinds!: SubjectKind[];
  @Field(() => [RiskGrade]) scopeGrades!: RiskGrade[];
  @Field(() => [GradeQuotaType], { description: '按风险等级的抽查比例或数量' }) quotaRule!: GradeQuotaType[];
  @Field(() => Int) frequencyPerYear!: number;
  @Field(() => String) windowFrom!: string;
  @Field(() => String) windowTo!: string;
}

@InputType('PlanTaskInput')
export class PlanTaskInput {
  @Field(() => String) name!: string;
  @Field(() => [String], { description: '事项编码（取现行有效版本）' }) items!: string[];
  @Field(() => String, { description: '牵头部门代码' }) lead!: string;
  @Field(() => [String], { defaultValue: [], description: '配合部门代码' }) participants!: string[];
  @Field(() => [String], { defaultValue: [] }) scopeLibraries!: string[];
  @Field(() => [String], { defaultValue: [] }) scopeRegions!: string[];
  @Field(() => [String], { defaultValue: [] }) scopeIndustries!: string[];
  @Field(() => [SubjectKind], { defaultValue: [] }) scopeKinds!: SubjectKind[];
  @Field(() => [RiskGrade], { defaultValue: [] }) scopeGrades!: RiskGrade[];
  @Field(() => [GradeQuotaInput], { defaultValue: [], description: '按风险等级的抽查比例或数量；不填取默认（A 1%、B 3%、C 10%、D 30%，可配置）' }) quotaRule!: GradeQuotaInput[];
  @Field(() => Int, { defaultValue: 1 }) frequencyPerYear!: number;
  @Field(() => String) windowFrom!: string;
  @Field(() => String) windowTo!: string;
}

@InputType('PlanInput', { description: '保存计划：草稿直接修改；已备案或已公示的计划生成新版本，须说明调整原因' })
export class PlanInput {
  @Field(() => Int) year!: number;
  @Field(() => String, { nullable: true, description: '部门代码；不填为联席办的联合抽查计划' }) department?: string;
  @Field(() => [PlanTaskInput]) tasks!: PlanTaskInput[];
  @Field(() => String, { nullable: true, description: '调整原因（修改已备案计划时必填）' }) reason?: string;
}

@ObjectType('Plan', { description: '年度抽查计划（某一版本）' })
export class PlanType {
  @Field(() => ID) id!: number;
  @Field(() => Int) year!: number;
  @Field(() => PlanKind) kind!: PlanKind;
  @Field(() => Int) version!: number;
  @Field(() => Boolean) current!: boolean;
  @Field(() => PlanStatus) status!: PlanStatus;
  @Field(() => Date, { nullable: true }) filedAt!: Date | null;
  @Field(() => Boolean, { description: '是否逾期备案' }) filedLate!: boolean;
  @Field(() => Date, { nullable: true }) publishedAt!: Date | null;
  @Field(() => String, { nullable: true, description: '本版本的调整原因' }) changeReason!: string | null;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType('PlanFiling', { description: '成员单位的计划备案情况' })
export class PlanFilingType {
  @Field(() => String) departmentCode!: string;
  @Field(() => String) departmentName!: string;
  @Field(() => String, { description: 'MISSING（未报）、DRAFT、FILED、PUBLISHED' }) status!: string;
  @Field(() => Date, { nullable: true }) filedAt!: Date | null;
  @Field(() => Boolean) filedLate!: boolean;
  @Field(() => Int) taskCount!: number;
}
