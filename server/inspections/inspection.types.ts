import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CheckMethod } from '../items/check-item.entity.js';
import { TeamMemberType } from '../tasks/task.types.js';
import { AttachmentKind } from './attachment.entity.js';
import { InspectionStatus, NoticeMethod } from './inspection.entity.js';
import { Outcome, ResultStatus } from './result.entity.js';

registerEnumType(NoticeMethod, { name: 'NoticeMethod', description: '书面 / 电话 / 短信或网络 / 到场出示证件告知' });
registerEnumType(Outcome, { name: 'Outcome', description: '未发现问题 / 发现问题已整改 / 发现问题待后续处理 / 无法联系 / 不配合检查 / 未经营' });
registerEnumType(ResultStatus, { name: 'ResultStatus', description: '待录入 / 已录入 / 已公示' });

@ObjectType('ItemResult', { description: '一项抽查事项的检查结果' })
export class ItemResultType {
  @Field(() => String) itemCode!: string;
  @Field(() => Int) itemVersion!: number;
  @Field(() => String) itemContent!: string;
  @Field(() => String) departmentCode!: string;
  @Field(() => Outcome) outcome!: Outcome;
  @Field(() => String, { nullable: true, description: '检查情况；涉及商业秘密或个人隐私的，仅参加部门可见' }) findings!: string | null;
  @Field(() => String, { nullable: true }) legalBasis!: string | null;
  @Field(() => Boolean, { description: '检查情况涉及商业秘密或个人隐私，不予公示' }) confidential!: boolean;
}

@ObjectType('InspectionResult', { description: '检查结果的一个版本（随机抽查检查表）；已公示版本不可更改，更正为新版本' })
export class InspectionResultType {
  @Field(() => ID) id!: number;
  @Field(() => Int) version!: number;
  @Field(() => Int, { nullable: true, description: '所更正的版本号' }) supersedesVersion!: number | null;
  @Field(() => ResultStatus) status!: ResultStatus;
  @Field(() => String) visitDate!: string;
  @Field(() => CheckMethod) method!: CheckMethod;
  @Field(() => String, { nullable: true, description: '检查对象签字人（仅工作人员可见）' }) signedBy!: string | null;
  @Field(() => Boolean, { description: '检查对象是否签字' }) signed!: boolean;
  @Field(() => String, { nullable: true }) signatureMissingReason!: string | null;
  @Field(() => String, { nullable: true, description: '受委托的第三方机构' }) entrustedBody!: string | null;
  @Field(() => String, { nullable: true }) decisionDate!: string | null;
  @Field(() => String, { nullable: true }) summary!: string | null;
  @Field(() => String, { description: '录入公示期限（20 个工作日）' }) dueOn!: string;
  @Field(() => Date, { nullable: true }) enteredAt!: Date | null;
  @Field(() => Boolean) enteredLate!: boolean;
  @Field(() => Date, { nullable: true }) publishedAt!: Date | null;
  @Field(() => Boolean) publishedLate!: boolean;
  @Field(() => String, { nullable: true }) correctionReason!: string | null;
  @Field(() => String, { nullable: true, description: '签批更正的负责人' }) correctionSignedBy!: string | null;
  @Field(() => [ItemResultType]) items!: ItemResultType[];
}

registerEnumType(AttachmentKind, { name: 'AttachmentKind', description: '照片 / 扫描件 / 录音 / 录像' });

@ObjectType('Attachment', { description: '检查档案：照片、扫描件、录音、录像（仅参加部门和联席办）' })
export class AttachmentType {
  @Field(() => ID) id!: number;
  @Field(() => AttachmentKind) kind!: AttachmentKind;
  @Field(() => String) fileName!: string;
  @Field(() => String) mimeType!: string;
  @Field(() => Int) bytes!: number;
  @Field(() => String) sha256!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String) uploadedBy!: string;
  @Field(() => Date) uploadedAt!: Date;
  @Field(() => String, { description: '下载地址（需登录）' }) url!: string;
}

@ObjectType('InspectionDetail', { description: '一户检查的全貌：告知、检查小组、检查结果及其版本' })
export class InspectionDetailType {
  @Field(() => ID) id!: number;
  @Field(() => String) taskCode!: string;
  @Field(() => String) taskName!: string;
  @Field(() => Boolean) joint!: boolean;
  @Field(() => String) subjectKey!: string;
  @Field(() => String) subjectName!: string;
  @Field(() => String) stratum!: string;
  @Field(() => InspectionStatus) status!: InspectionStatus;
  @Field(() => Date, { nullable: true }) notifiedAt!: Date | null;
  @Field(() => NoticeMethod, { nullable: true }) noticeMethod!: NoticeMethod | null;
  @Field(() => String, { nullable: true }) noticeNote!: string | null;
  @Field(() => String, { nullable: true }) checkedOn!: string | null;
  @Field(() => String, { nullable: true, description: '录入公示期限' }) dueOn!: string | null;
  @Field(() => Boolean, { description: '已过期限仍未公示' }) overdue!: boolean;
  @Field(() => Boolean, { description: '现行结果是否经过更正' }) corrected!: boolean;
  @Field(() => [TeamMemberType]) team!: TeamMemberType[];
  @Field(() => InspectionResultType, { nullable: true, description: '现行结果（公众只见已公示的）' }) currentResult!: InspectionResultType | null;
  @Field(() => [InspectionResultType], { description: '全部版本（公众只见已公示的）' }) results!: InspectionResultType[];
  @Field(() => [AttachmentType], { description: '检查档案（仅参加部门和联席办；其他人为空）' }) attachments!: AttachmentType[];
}

@InputType('ItemResultInput')
export class ItemResultInputType {
  @Field(() => String, { description: '事项编码' }) item!: string;
  @Field(() => Outcome) outcome!: Outcome;
  @Field(() => String, { nullable: true }) findings?: string | null;
  @Field(() => String, { nullable: true }) legalBasis?: string | null;
  @Field(() => Boolean, { nullable: true, description: '检查情况涉及商业秘密或个人隐私，不予公示' }) confidential?: boolean | null;
}

@InputType('InspectionResultInput', { description: '随机抽查检查表：每个事项一条结果' })
export class ResultInputType {
  @Field(() => String, { description: '检查（结束）日期 YYYY-MM-DD' }) visitDate!: string;
  @Field(() => CheckMethod) method!: CheckMethod;
  @Field(() => String, { nullable: true, description: '检查对象签字人' }) signedBy?: string | null;
  @Field(() => String, { nullable: true, description: '未签字的原因' }) signatureMissingReason?: string | null;
  @Field(() => String, { nullable: true, description: '受委托的第三方机构名称' }) entrustedBody?: string | null;
  @Field(() => String, { nullable: true, description: '处理决定日期（发现问题时必填）' }) decisionDate?: string | null;
  @Field(() => String, { nullable: true }) summary?: string | null;
  @Field(() => [ItemResultInputType]) items!: ItemResultInputType[];
}

@ObjectType('OverdueInspection', { description: '超过 20 个工作日仍未公示结果的检查' })
export class OverdueInspectionType {
  @Field(() => ID) id!: number;
  @Field(() => String) taskCode!: string;
  @Field(() => String) leadDepartment!: string;
  @Field(() => String) subjectKey!: string;
  @Field(() => String) subjectName!: string;
  @Field(() => InspectionStatus) status!: InspectionStatus;
  @Field(() => String) dueOn!: string;
  @Field(() => Int, { description: '已超期的工作日数' }) workingDaysOverdue!: number;
}
