import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { canSeePersonalData, requireStaff, type Caller } from '../auth/caller.js';
import { loadCalendar } from '../calendar/calendar.service.js';
import { chinaDate } from '../common/dates.js';
import type { GraphContext } from '../graph/context.js';
import { inspectionsOf } from '../tasks/task.queries.js';
import { visibleTo } from '../tasks/task.service.js';
import { Attachment } from './attachment.entity.js';
import { Inspection, InspectionStatus, NoticeMethod } from './inspection.entity.js';
import { InspectionDetailType, InspectionResultType, OverdueInspectionType, ResultInputType } from './inspection.types.js';
import { ResultStatus, type InspectionResult, type ItemResult } from './result.entity.js';
import * as service from './result.service.js';

function resultView(caller: Caller, r: InspectionResult, items: ItemResult[], versions: Map<number, number>, insider: boolean): InspectionResultType {
  return {
    id: r.id, version: r.version, supersedesVersion: r.supersedes ? (versions.get(r.supersedes) ?? null) : null, status: r.status,
    visitDate: r.visitDate, method: r.method, signedBy: canSeePersonalData(caller) ? (r.signedBy ?? null) : null, signed: !!r.signedBy,
    signatureMissingReason: r.signatureMissingReason ?? null, entrustedBody: r.entrustedBody ?? null, decisionDate: r.decisionDate ?? null,
    summary: r.summary ?? null, dueOn: r.dueOn, enteredAt: r.enteredAt ?? null, enteredLate: r.enteredLate, publishedAt: r.publishedAt ?? null,
    publishedLate: r.publishedLate, correctionReason: r.correctionReason ?? null, correctionSignedBy: r.correctionSignedBy ?? null,
    items: items.map((i) => ({
      itemCode: i.item.code, itemVersion: i.item.version, itemContent: i.item.content, departmentCode: i.departmentCode,
      outcome: i.outcome, confidential: i.confidential,
      findings: i.confidential && !insider ? null : (i.findings ?? null), legalBasis: i.confidential && !insider ? null : (i.legalBasis ?? null),
    })),
  };
}

/** Drafts are for the departments taking part; everyone else (other departments, the public) sees published versions only. */
function seesDrafts(caller: Caller, departments: string[]): boolean {
  if (caller.kind === 'system') return true;
  if (caller.kind !== 'user') return false;
  return caller.role === 'ADMIN' || caller.role === 'OFFICE' || (!!caller.departmentCode && departments.includes(caller.departmentCode));
}

@Resolver(() => InspectionDetailType)
export class InspectionResolver {
  @Query(() => InspectionDetailType, { nullable: true, description: '一户检查：告知、检查小组、现行结果与全部版本' })
  async inspection(@Ctx() ctx: GraphContext, @Arg('id', () => ID) id: number): Promise<InspectionDetailType | null> {
    const inspection = await ctx.em.findOne(Inspection, { id: Number(id) }, { populate: ['task', 'subject'] });
    if (!inspection || !visibleTo(ctx.caller, inspection.task)) return null;
    const all = await service.resultsOf(ctx.em, inspection.id);
    const versions = new Map(all.map((x) => [x.result.id, x.result.version]));
    const shown = seesDrafts(ctx.caller, inspection.task.departments) ? all : all.filter((x) => x.result.status === ResultStatus.PUBLISHED);
    const insider = seesDrafts(ctx.caller, inspection.task.departments);
    const views = shown.map((x) => resultView(ctx.caller, x.result, x.items, versions, insider));
    const current = views.find((v) => v.id === inspection.currentResultId) ?? views.filter((v) => v.status === ResultStatus.PUBLISHED).at(-1) ?? null;
    const team = (await inspectionsOf(ctx.pool, ctx.caller, inspection.task.id, 1, undefined, 1, inspection.id)).nodes[0]?.team ?? [];
    const currentRow = all.find((x) => x.result.id === inspection.currentResultId)?.result;
    return {
      id: inspection.id, taskCode: inspection.task.code, taskName: inspection.task.name, joint: inspection.task.joint,
      subjectKey: inspection.subject.key, subjectName: inspection.subject.name, stratum: inspection.stratum, status: inspection.status,
      notifiedAt: inspection.notifiedAt ?? null, noticeMethod: inspection.noticeMethod ?? null, noticeNote: seesDrafts(ctx.caller, inspection.task.departments) ? (inspection.noticeNote ?? null) : null,
      checkedOn: inspection.checkedOn ?? null, dueOn: currentRow?.dueOn ?? null,
      overdue: !!currentRow && currentRow.status !== ResultStatus.PUBLISHED && chinaDate() > currentRow.dueOn,
      corrected: (current?.version ?? 1) > 1, team, currentResult: current, results: views,
      attachments: !insider || ctx.caller.kind === 'anonymous' ? [] : (await ctx.em.find(Attachment, { inspection: inspection.id }, { orderBy: { id: 'asc' } })).map((a) => ({
        id: a.id, kind: a.kind, fileName: a.fileName, mimeType: a.mimeType, bytes: a.bytes, sha256: a.sha256, description: a.description ?? null,
        uploadedBy: a.uploadedBy, uploadedAt: a.uploadedAt, url: `/uploads/attachments/${a.id}`,
      })),
    };
  }

  @Query(() => [OverdueInspectionType], { description: '超过录入公示期限（20 个工作日）仍未公示的检查，可按牵头或参加的部门筛选（最多 1000 条，最早到期的在前；仅工作人员）' })
  async overdueInspections(@Ctx() ctx: GraphContext, @Arg('department', () => String, { nullable: true }) department?: string) {
    requireStaff(ctx.caller);
    const today = chinaDate();
    const rows = await ctx.pool.query<{ id: number; taskCode: string; leadDepartment: string; subjectKey: string; subjectName: string; status: InspectionStatus; dueOn: string }>(
      `select i.id::int as id, t.code as "taskCode", t.departments[1] as "leadDepartment", s.key as "subjectKey", s.name as "subjectName", i.status, r.due_on as "dueOn"
         from inspection i join inspection_result r on r.id = i.current_result_id join task t on t.id = i.task_id join subject s on s.id = i.subject_id
        where r.status <> 'PUBLISHED' and r.due_on < $1::date and ($2::text is null or $2 = any(t.departments))
        order by r.due_on, i.id limit 1000`,
      [today, department?.toUpperCase() ?? null],
    );
    const calendar = await loadCalendar(ctx.em);
    return rows.rows.map((r) => ({ ...r, workingDaysOverdue: calendar.workingDaysBetween(r.dueOn, today) }));
  }

  @Authorized()
  @Mutation(() => InspectionDetailType, { description: '登记告知（时间、方式）；任务自动进入"检查中"' })
  async notifyInspection(
    @Ctx() ctx: GraphContext,
    @Arg('id', () => ID) id: number,
    @Arg('at', () => Date) at: Date,
    @Arg('method', () => NoticeMethod) method: NoticeMethod,
    @Arg('note', () => String, { nullable: true }) note?: string,
  ) {
    await service.notifyInspection(ctx.em, ctx.caller, Number(id), { at, method, note });
    return this.inspection(ctx, id);
  }

  @Authorized()
  @Mutation(() => InspectionDetailType, { description: '记录检查结果：本任务每个事项一条（进一次门、查多项事）；公示前可重新记录' })
  async recordInspectionResult(@Ctx() ctx: GraphContext, @Arg('id', () => ID) id: number, @Arg('input', () => ResultInputType) input: ResultInputType) {
    await service.recordResult(ctx.em, ctx.caller, Number(id), input);
    return this.inspection(ctx, id);
  }

  @Authorized()
  @Mutation(() => InspectionDetailType, { description: '牵头部门确认录入（超过 20 个工作日记为逾期）' })
  async enterInspectionResult(@Ctx() ctx: GraphContext, @Arg('id', () => ID) id: number) {
    await service.enterResult(ctx.em, ctx.caller, Number(id));
    return this.inspection(ctx, id);
  }

  @Authorized()
  @Mutation(() => InspectionDetailType, { description: '公示检查结果；公示后不可更改（数据库触发器保证）' })
  async publishInspectionResult(@Ctx() ctx: GraphContext, @Arg('id', () => ID) id: number) {
    await service.publishResult(ctx.em, ctx.caller, Number(id));
    return this.inspection(ctx, id);
  }

  @Authorized('DEPT_HEAD')
  @Mutation(() => InspectionDetailType, { description: '更正已公示的结果：生成新版本并指向原版本，须部门负责人签批并说明理由' })
  async correctInspectionResult(
    @Ctx() ctx: GraphContext,
    @Arg('id', () => ID) id: number,
    @Arg('input', () => ResultInputType) input: ResultInputType,
    @Arg('reason', () => String) reason: string,
  ) {
    await service.correctResult(ctx.em, ctx.caller, Number(id), input, reason);
    return this.inspection(ctx, id);
  }
}

