import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../graph/connection.js';
import { InspectorKind, InspectorStatus } from './inspector.entity.js';

registerEnumType(InspectorKind, { name: 'InspectorKind', description: '人员类别：在编 / 专家 / 第三方' });
registerEnumType(InspectorStatus, { name: 'InspectorStatus', description: '状态：在岗 / 休假 / 调离' });

@ObjectType('Inspector', { description: '执法检查人员（名录库）' })
export class InspectorType {
  id!: number;
  @Field(() => String, { description: '执法证号' }) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) certificateValidFrom!: string | null;
  @Field(() => String, { nullable: true }) certificateValidTo!: string | null;
  @Field(() => [String], { description: '资格：GENERAL / KEY 或事项编码' }) qualifications!: string[];
  @Field(() => [String]) specialties!: string[];
  @Field(() => InspectorKind) kind!: InspectorKind;
  @Field(() => InspectorStatus) status!: InspectorStatus;
}

export const InspectorConnection = Connection('Inspector', InspectorType);

@InputType()
export class InspectorFilter {
  @Field(() => String, { nullable: true }) department?: string;
  @Field(() => InspectorStatus, { nullable: true }) status?: InspectorStatus;
  @Field(() => InspectorKind, { nullable: true }) kind?: InspectorKind;
  @Field(() => String, { nullable: true, description: '姓名或执法证号' }) search?: string;
  @Field(() => String, { nullable: true, description: '证件在该日期有效（YYYY-MM-DD）' }) certificateValidOn?: string;
  @Field(() => String, { nullable: true, description: '具备该资格（一般/重点用 GENERAL/KEY，或事项编码）' }) qualifiedFor?: string;
}

@InputType({ description: '执法检查人员（按执法证号幂等）' })
export class InspectorInput {
  @Field(() => String) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String) department!: string;
  @Field(() => String, { nullable: true }) certificateValidFrom?: string;
  @Field(() => String, { nullable: true }) certificateValidTo?: string;
  @Field(() => [String], { nullable: true }) qualifications?: string[];
  @Field(() => [String], { nullable: true }) specialties?: string[];
  @Field(() => InspectorKind, { nullable: true }) kind?: InspectorKind;
  @Field(() => InspectorStatus, { nullable: true }) status?: InspectorStatus;
  @Field(() => [String], { nullable: true, description: '需回避的检查对象代码（完整列表）' }) conflicts?: string[];
  @Field(() => String, { nullable: true, description: '回避原因（不公开）' }) conflictReason?: string;
}

@ObjectType('InspectorConflict', { description: '回避声明（原因不公开）' })
export class ConflictType {
  @Field(() => String) subjectKey!: string;
  @Field(() => Date) declaredAt!: Date;
  reason!: string;
}

