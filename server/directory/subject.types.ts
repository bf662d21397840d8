import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../graph/connection.js';
import { RiskGrade, SubjectKind, SubjectStatus } from './subject.entity.js';

registerEnumType(SubjectKind, { name: 'SubjectKind', description: '对象类型：企业、个体工商户、其他组织、产品、项目、行为' });
registerEnumType(SubjectStatus, { name: 'SubjectStatus', description: '登记状态' });
registerEnumType(RiskGrade, { name: 'RiskGrade', description: '信用风险分类：A 低 / B 一般 / C 较高 / D 高' });

@ObjectType('Subject', { description: '检查对象（名录库）' })
export class SubjectType {
  id!: number;
  @Field(() => String, { description: '公开标识：统一社会信用代码，无代码时为主体编号' }) key!: string;
  @Field(() => String, { nullable: true }) uscc!: string | null;
  @Field(() => String) name!: string;
  @Field(() => SubjectKind) kind!: SubjectKind;
  @Field(() => String, { description: '行政区划代码（GB/T 2260）' }) regionCode!: string;
  @Field(() => String, { nullable: true, description: '行业代码（GB/T 4754-2017）' }) industryCode!: string | null;
  @Field(() => String, { nullable: true }) businessScope!: string | null;
  @Field(() => String, { nullable: true }) address!: string | null;
  @Field(() => SubjectStatus) status!: SubjectStatus;
  @Field(() => RiskGrade, { nullable: true }) riskGrade!: RiskGrade | null;
  @Field(() => [String]) tags!: string[];
  operatorName!: string | null;
  operatorPhone!: string | null;
}

export const SubjectConnection = Connection('Subject', SubjectType);

@InputType()
export class SubjectFilter {
  @Field(() => String, { nullable: true, description: '名称、代码或地址' }) search?: string;
  @Field(() => SubjectKind, { nullable: true }) kind?: SubjectKind;
  @Field(() => String, { nullable: true, description: '行政区划代码（含下级）' }) regionCode?: string;
  @Field(() => String, { nullable: true, description: '行业代码前缀' }) industryPrefix?: string;
  @Field(() => SubjectStatus, { nullable: true }) status?: SubjectStatus;
  @Field(() => RiskGrade, { nullable: true }) riskGrade?: RiskGrade;
  @Field(() => String, { nullable: true, description: '部门代码：只列该部门分库中的对象' }) department?: string;
}

@InputType({ description: '检查对象（按统一社会信用代码或主体编号幂等）' })
export class SubjectInput {
  @Field(() => String, { nullable: true }) uscc?: string;
  @Field(() => String, { nullable: true, description: '无统一社会信用代码时的稳定编号' }) publicId?: string;
  @Field(() => String) name!: string;
  @Field(() => SubjectKind) kind!: SubjectKind;
  @Field(() => String) regionCode!: string;
  @Field(() => String, { nullable: true }) industryCode?: string;
  @Field(() => String, { nullable: true }) businessScope?: string;
  @Field(() => String, { nullable: true }) address?: string;
  @Field(() => String, { nullable: true }) operatorName?: string;
  @Field(() => String, { nullable: true }) operatorPhone?: string;
  @Field(() => SubjectStatus, { nullable: true }) status?: SubjectStatus;
  @Field(() => [String], { nullable: true }) tags?: string[];
  @Field(() => RiskGrade, { nullable: true }) riskGrade?: RiskGrade;
}

@ObjectType('LibraryRule', { description: '分库规则：按行业代码前缀、经营范围关键词、区划、类型从名录库圈定对象（002 第七条）' })
export class LibraryRuleType {
  @Field(() => ID) id!: number;
  @Field(() => String) name!: string;
  @Field(() => [String]) industryPrefixes!: string[];
  @Field(() => [String]) scopeKeywords!: string[];
  @Field(() => [String]) regionCodes!: string[];
  @Field(() => [SubjectKind]) kinds!: SubjectKind[];
  @Field(() => Date, { nullable: true }) lastAppliedAt!: Date | null;
  @Field(() => Int, { nullable: true }) lastMatched!: number | null;
}

@InputType()
export class LibraryRuleInput {
  @Field(() => String) department!: string;
  @Field(() => String) name!: string;
  @Field(() => [String], { defaultValue: [] }) industryPrefixes!: string[];
  @Field(() => [String], { defaultValue: [] }) scopeKeywords!: string[];
  @Field(() => [String], { defaultValue: [] }) regionCodes!: string[];
  @Field(() => [SubjectKind], { defaultValue: [] }) kinds!: SubjectKind[];
}

@ObjectType({ description: '规则预览：命中多少对象、已在分库多少、将新增多少' })
export class LibraryPreview {
  @Field(() => Int) matched!: number;
  @Field(() => Int) alreadyMember!: number;
  @Field(() => Int) toAdd!: number;
  @Field(() => [SubjectType], { description: '前 10 个将新增的对象' }) sample!: SubjectType[];
}
