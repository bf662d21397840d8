import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { RiskGrade, SubjectKind } from '../directory/subject.entity.js';
import { Connection } from '../graph/connection.js';
import { InspectionStatus, ReplacementReason, ReplacementStatus } from '../inspections/inspection.entity.js';
import { GradeQuotaInput } from '../plans/plan.types.js';
import { DrawOutcome, ParticipantStatus, TaskKind, TaskStatus } from './task.entity.js';

registerEnumType(TaskKind, { name: 'TaskKind', description: '计划内任务 / 专项任务' });
registerEnumType(TaskStatus, { name: 'TaskStatus', description: '已创建 → 已冻结 → 已抽取 → 检查中 → 已完成 → 已办结（或已取消）' });
registerEnumType(ParticipantStatus, { name: 'ParticipantStatus', description: '待确认 / 已确认 / 已拒绝' });
registerEnumType(DrawOutcome, { name: 'DrawOutcome', description: '待抽取 / 已抽取 / 抽取失败 / 已作废（任务取消）' });
registerEnumType(InspectionStatus, { name: 'InspectionStatus', description: '已分派 / 已告知 / 已检查 / 已录入 / 已公示' });
registerEnumType(ReplacementReason, { name: 'ReplacementReason', description: '岗位调整 / 工作冲突 / 健康状况 / 执法回避' });
registerEnumType(ReplacementStatus, { name: 'ReplacementStatus', description: '待审批 / 已批准 / 已驳回' });

@InputType('TeamSizeInput', { description: '某部门每户派出的检查人员数' })
export class TeamSizeInput {
  @Field(() => String) department!: string;
  @Field(() => Int) inspectors!: number;
}

@InputType('TaskOptionsInput', { description: '任务的抽取参数；不填取默认值' })
export class TaskOptionsInput {
  @Field(() => [TeamSizeInput], { nullable: true, description: '每户各部门人数，默认牵头部门 2 名、其他部门各 1 名' }) teamSizes?: TeamSizeInput[];
  @Field(() => Int, { nullable: true, description: '每名检查人员最多承担的户数；不填则冻结时按工作量计算' }) maxPerInspector?: number | null;
  @Field(() => Int, { nullable: true, description: '互认期（天）：期内已被任一部门就本任务事项检查过的对象不再抽取；0 为不排除' }) recognitionDays?: number | null;
  @Field(() => Int, { nullable: true, description: '每户每年随机抽查次数上限（全部门合计）；0 为不限' }) yearlyCap?: number | null;
  @Field(() => Boolean, { nullable: true, description: '是否在冻结后使用公开随机数（如现场掷骰）' }) publicInputExpected?: boolean | null;
  @Field(() => String, { nullable: true, description: '对照组比例（如 "0.005"）：每一风险层另按此比例随机抽取，不论等级，用于检验风险分类是否有效' }) controlShare?: string | null;
}

@InputType('SpecialTaskInput', { description: '专项抽查任务（如依投诉举报线索启动）' })
export class TaskInput {
  @Field(() => String) name!: string;
  @Field(() => String, { description: '启动原因，如线索编号' }) reason!: string;
  @Field(() => [String], { description: '事项编码（取现行有效版本）' }) items!: string[];
  @Field(() => String) lead!: string;
  @Field(() => [String], { defaultValue: [] }) participants!: string[];
  @Field(() => [String], { defaultValue: [] }) scopeLibraries!: string[];
  @Field(() => [String], { defaultValue: [] }) scopeRegions!: string[];
  @Field(() => [String], { defaultValue: [] }) scopeIndustries!: string[];
  @Field(() => [SubjectKind], { defaultValue: [] }) scopeKinds!: SubjectKind[];
  @Field(() => [RiskGrade], { defaultValue: [] }) scopeGrades!: RiskGrade[];
  @Field(() => [String], { defaultValue: [], description: '指定检查对象（主体标识）；不填则为范围内全部对象' }) subjects!: string[];
  @Field(() => [GradeQuotaInput]) quotaRule!: GradeQuotaInput[];
  @Field(() => String) windowFrom!: string;
  @Field(() => String) windowTo!: string;
}

@InputType('TaskFilter')
export class TaskFilter {
  @Field(() => Int, { nullable: true }) year?: number;
  @Field(() => TaskStatus, { nullable: true }) status?: TaskStatus;
  @Field(() => TaskKind, { nullable: true }) kind?: TaskKind;
  @Field(() => Boolean, { nullable: true }) joint?: boolean;
  @Field(() => String, { nullable: true, description: '牵头或参加的部门' }) department?: string;
  @Field(() => String, { nullable: true, description: '任务编号或名称' }) search?: string;
}

@ObjectType('TeamSize')
export class TeamSizeType {
  @Field(() => String) department!: string;
  @Field(() => Int) inspectors!: number;
}

@ObjectType('TaskParticipant', { description: '参加部门：确认情况与随机数承诺/揭示进度（秘密本身不公开）' })
export class TaskParticipantType {
  @Field(() => String) departmentCode!: string;
  @Field(() => String) departmentName!: string;
  @Field(() => Boolean) lead!: boolean;
  @Field(() => ParticipantStatus) status!: ParticipantStatus;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true }) declineReason!: string | null;
  @Field(() => String, { nullable: true, description: '承诺值（冻结后随清单公开）' }) commitment!: string | null;
  @Field(() => Boolean) revealed!: boolean;
}

@ObjectType('Stratum')
export class StratumType {
  @Field(() => String) stratum!: string;
  @Field(() => Int, { description: '候选数' }) candidates!: number;
  @Field(() => Int, { description: '抽取数' }) quota!: number;
  @Field(() => String, { nullable: true, description: '比例规则' }) ratio!: string | null;
  @Field(() => Int, { description: '其中对照组户数' }) control!: number;
}

@ObjectType('TaskDraw', { description: '一次冻结与抽取：清单摘要、结果或失败原因' })
export class TaskDrawType {
  @Field(() => Int) attempt!: number;
  @Field(() => String) manifestHash!: string;
  @Field(() => DrawOutcome) outcome!: DrawOutcome;
  @Field(() => String, { nullable: true }) seed!: string | null;
  @Field(() => String, { nullable: true, description: '抽取失败的原因（规范中的错误文本）' }) error!: string | null;
  @Field(() => Date) frozenAt!: Date;
  @Field(() => Date, { nullable: true }) drawnAt!: Date | null;
  @Field(() => Int) candidateCount!: number;
  @Field(() => Int) excludedCount!: number;
  @Field(() => Int) rosterCount!: number;
  @Field(() => Int) conflictCount!: number;
  @Field(() => Int) maxPerInspector!: number;
  @Field(() => [StratumType]) strata!: StratumType[];
  @Field(() => String, { description: '清单（manifest.json）原文' }) manifestJson!: string;
  @Field(() => String, { description: '公开下载地址（.zip；.tar 亦可）' }) bundleUrl!: string;
}

@ObjectType('TeamMember', { description: '检查小组成员' })
export class TeamMemberType {
  @Field(() => String) inspectorKey!: string;
  @Field(() => String, { nullable: true, description: '姓名（仅工作人员可见）' }) inspectorName!: string | null;
  @Field(() => String) departmentCode!: string;
  @Field(() => Boolean) leader!: boolean;
  @Field(() => String, { nullable: true, description: '抽取签号；替换人员为空（由部门指定，不摇号）' }) ticket!: string | null;
  @Field(() => Boolean, { description: '仍在小组中（被替换后为 false）' }) active!: boolean;
}

@ObjectType('Inspection', { description: '一户检查（进一次门、查多项事）' })
export class InspectionType {
  @Field(() => ID) id!: number;
  @Field(() => Int, { description: '抽取顺序' }) seq!: number;
  @Field(() => String) subjectKey!: string;
  @Field(() => String) subjectName!: string;
  @Field(() => String) stratum!: string;
  @Field(() => String) ticket!: string;
  @Field(() => Boolean, { description: '对照组（不论风险等级抽取）' }) control!: boolean;
  @Field(() => InspectionStatus) status!: InspectionStatus;
  @Field(() => String, { nullable: true }) checkedOn!: string | null;
  @Field(() => [TeamMemberType]) team!: TeamMemberType[];
}

export const InspectionConnection = Connection('Inspection', InspectionType);

@ObjectType('Replacement', { description: '更换检查人员记录（规则 5）' })
export class ReplacementType {
  @Field(() => ID) id!: number;
  @Field(() => String) taskCode!: string;
  @Field(() => String) subjectKey!: string;
  @Field(() => String) departmentCode!: string;
  @Field(() => String) outgoingKey!: string;
  @Field(() => String) incomingKey!: string;
  @Field(() => ReplacementReason) reason!: ReplacementReason;
  @Field(() => String, { nullable: true, description: '说明（仅工作人员可见）' }) note!: string | null;
  @Field(() => ReplacementStatus) status!: ReplacementStatus;
  @Field(() => String) requestedBy!: string;
  @Field(() => Date) requestedAt!: Date;
  @Field(() => String, { nullable: true }) decidedBy!: string | null;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true }) decisionNote!: string | null;
}

@ObjectType('Task', { description: '抽查任务' })
export class TaskType {
  @Field(() => ID) id!: number;
  @Field(() => String, { description: '任务编号，如 2026-LZ-0007' }) code!: string;
  @Field(() => Int) year!: number;
  @Field(() => String) name!: string;
  @Field(() => TaskKind) kind!: TaskKind;
  @Field(() => Boolean, { description: '联合抽查（两个及以上部门）' }) joint!: boolean;
  @Field(() => TaskStatus) status!: TaskStatus;
  @Field(() => [String], { description: '参加部门，牵头部门在前' }) departments!: string[];
  @Field(() => [String]) scopeLibraries!: string[];
  @Field(() => [String]) scopeRegions!: string[];
  @Field(() => [String]) scopeIndustries!: string[];
  @Field(() => [String]) scopeKinds!: string[];
  @Field(() => [String]) scopeGrades!: string[];
  @Field(() => [String], { description: '指定对象（专项任务）' }) scopeSubjects!: string[];
  @Field(() => String) windowFrom!: string;
  @Field(() => String) windowTo!: string;
  @Field(() => [TeamSizeType]) teamSizes!: TeamSizeType[];
  @Field(() => Int, { nullable: true }) maxPerInspector!: number | null;
  @Field(() => Int) recognitionDays!: number;
  @Field(() => Int) yearlyCap!: number;
  @Field(() => Boolean) publicInputExpected!: boolean;
  @Field(() => String, { nullable: true, description: '对照组比例' }) controlShare!: string | null;
  @Field(() => String, { nullable: true }) publicInput!: string | null;
  @Field(() => String, { nullable: true, description: '专项任务的启动原因' }) reason!: string | null;
  @Field(() => String, { nullable: true }) cancelReason!: string | null;
  @Field(() => Int, { description: '冻结次数' }) attempt!: number;
  @Field(() => Date, { nullable: true }) frozenAt!: Date | null;
  @Field(() => Date, { nullable: true }) drawnAt!: Date | null;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
  @Field(() => Date) createdAt!: Date;
}

export const TaskConnection = Connection('Task', TaskType);

@ObjectType('MerkleLeafProof', { description: 'RFC 6962 包含证明：第 index 行（从 0 起）及其审计路径' })
export class LeafProofType {
  @Field(() => Int) index!: number;
  @Field(() => String, { description: '该行内容（不含换行）' }) line!: string;
  @Field(() => [String], { description: '审计路径（十六进制，自叶向根）' }) path!: string[];
}

@ObjectType('ListProof', { description: '某一清单中的证明：包含时给出该行；不包含时给出相邻两行（按字节序排序，证明其间没有该对象）' })
export class ListProofType {
  @Field(() => String) list!: string;
  @Field(() => Int) count!: number;
  @Field(() => String) root!: string;
  @Field(() => Boolean) contains!: boolean;
  @Field(() => [LeafProofType]) leaves!: LeafProofType[];
}

@ObjectType('DrawProof', { description: '"主体 X 是否为任务 T 的候选 / 被排除 / 被抽中" 的可验证答复' })
export class DrawProofType {
  @Field(() => String) taskCode!: string;
  @Field(() => Int) attempt!: number;
  @Field(() => String) subjectKey!: string;
  @Field(() => String) manifestHash!: string;
  @Field(() => DrawOutcome, { description: '该次抽取的状态；待抽取时 CANDIDATE 仅表示在候选清单中' }) outcome!: DrawOutcome;
  @Field(() => String, { description: 'SELECTED 被抽中 / CANDIDATE 为候选未抽中 / EXCLUDED 被排除 / ABSENT 不在范围内' }) status!: string;
  @Field(() => String, { nullable: true }) stratum!: string | null;
  @Field(() => [String], { description: '被排除的原因' }) exclusionReasons!: string[];
  @Field(() => String, { nullable: true, description: '被抽中时的签号' }) ticket!: string | null;
  @Field(() => ListProofType) candidates!: ListProofType;
  @Field(() => ListProofType) excluded!: ListProofType;
}

@InputType('ReplacementInput', { description: '申请更换检查人员' })
export class ReplacementInput {
  @Field(() => ID) inspection!: number;
  @Field(() => String, { description: '被替换人员执法证号' }) outgoing!: string;
  @Field(() => String, { description: '替换人员执法证号（同部门，由部门指定）' }) incoming!: string;
  @Field(() => ReplacementReason) reason!: ReplacementReason;
  @Field(() => String) note!: string;
}
