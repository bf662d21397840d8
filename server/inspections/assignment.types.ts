import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Connection } from '../graph/connection.js';
import { InspectionStatus } from './inspection.entity.js';

@InputType('AssignmentFilter', { description: '检查人员分派的筛选条件' })
export class AssignmentFilter {
  @Field(() => String, { nullable: true, description: '执法证号' }) inspector?: string | null;
  @Field(() => String, { nullable: true, description: '检查人员所属部门代码' }) department?: string | null;
  @Field(() => String, { nullable: true, description: '任务编号' }) task?: string | null;
  @Field(() => InspectionStatus, { nullable: true }) status?: InspectionStatus | null;
  @Field(() => Int, { nullable: true, description: '任务年度' }) year?: number | null;
}

@ObjectType('InspectionAssignment', { description: '检查人员分派：一名执法检查人员作为（在岗）检查小组成员的一户检查' })
export class InspectionAssignmentType {
  @Field(() => ID, { description: '小组席位编号（分页游标所依）' }) id!: string;
  @Field(() => ID, { description: '检查编号（/inspections/:id）' }) inspectionId!: string;
  @Field(() => String) inspectorKey!: string;
  @Field(() => String) inspectorName!: string;
  @Field(() => String, { description: '检查人员所属部门' }) departmentCode!: string;
  @Field(() => Boolean, { description: '是否组长' }) leader!: boolean;
  @Field(() => String) taskCode!: string;
  @Field(() => String) taskName!: string;
  @Field(() => Boolean) joint!: boolean;
  @Field(() => String) leadDepartment!: string;
  @Field(() => String, { description: '任务实施期限起' }) windowFrom!: string;
  @Field(() => String, { description: '任务实施期限止' }) windowTo!: string;
  @Field(() => String) subjectKey!: string;
  @Field(() => String) subjectName!: string;
  @Field(() => String, { nullable: true, description: '检查对象的住所（经营场所）' }) subjectAddress!: string | null;
  @Field(() => InspectionStatus) status!: InspectionStatus;
  @Field(() => String, { nullable: true, description: '录入公示期限（记录检查结果后确定）' }) dueOn!: string | null;
  @Field(() => Boolean, { description: '已过期限仍未公示' }) overdue!: boolean;
}

export const InspectionAssignmentConnection = Connection('InspectionAssignment', InspectionAssignmentType);

@ObjectType('InspectionStatusCount', { description: '某一检查状态的户数' })
export class InspectionStatusCountType {
  @Field(() => InspectionStatus) status!: InspectionStatus;
  @Field(() => Int) count!: number;
}

@ObjectType('InspectorAssignmentSummary', { description: '一名检查人员在某任务中的分派情况：按检查状态计数' })
export class InspectorAssignmentSummaryType {
  @Field(() => String) inspectorKey!: string;
  @Field(() => String) inspectorName!: string;
  @Field(() => String) departmentCode!: string;
  @Field(() => Int, { description: '分派户数（在岗席位）' }) total!: number;
  @Field(() => Int, { description: '其中担任组长的户数' }) leader!: number;
  @Field(() => Int, { description: '其中已过期限仍未公示的户数' }) overdue!: number;
  @Field(() => [InspectionStatusCountType], { description: '每种检查状态的户数（已分派、已告知、已检查、已录入、已公示，依次全部列出）' })
  byStatus!: InspectionStatusCountType[];
}
