// The export columns of the workspace's lists (also the board's overdue results and the subject profile):
// results past their deadline, follow-ups and leads, with the labels their tables show.
import { useDepartmentOptions } from '../../composables/useDepartmentOptions'
import type { FollowUp, Lead, OverdueInspection } from '../../graphql/types'
import { labels, m } from '../../messages'
import { nameAndCode, type ExportColumn } from '../../tableExport'

type ShortName = (code: string) => string

/** A department's short name (its code until the departments are loaded), for panels without one of their own. */
export function useShortName(): ShortName {
  const departments = useDepartmentOptions()
  return (code) => {
    const d = departments.value.find((x) => x.code === code)
    return d ? d.shortName || d.name : code
  }
}

/** 逾期未公示的检查 (workspace and coordination board). */
export function overdueColumns(shortName: ShortName): ExportColumn<OverdueInspection>[] {
  const o = m.workspace.overdue
  return [
    ...nameAndCode<OverdueInspection>(o.subject, (r) => r.subjectName, (r) => r.subjectKey),
    { label: o.task, value: (r) => r.taskCode },
    { label: o.lead, value: (r) => shortName(r.leadDepartment) },
    { label: o.status, value: (r) => labels.inspectionStatus(r.status) },
    { label: o.dueOn, value: (r) => r.dueOn },
    { label: o.daysOverdue, value: (r) => o.daysValue(r.workingDaysOverdue) },
  ]
}

/** 后续处置, as FollowUpTable shows them. */
export function followUpColumns(shortName: ShortName, options: { showSubject: boolean }): ExportColumn<FollowUp>[] {
  const f = m.followUps
  const name = (code: string | null) => (code ? shortName(code) : '')
  return [
    ...(options.showSubject ? nameAndCode<FollowUp>(f.subject, (r) => r.subjectName, (r) => r.subjectKey) : []),
    { label: f.kind, value: (r) => labels.followUpKind(r.kind) },
    { label: f.departments, value: (r) => (r.targetDepartmentCode ? `${name(r.departmentCode)} → ${name(r.targetDepartmentCode)}` : name(r.departmentCode)) },
    { label: f.status, value: (r) => labels.followUpStatus(r.status) },
    { label: f.openedOn, value: (r) => r.openedOn },
    { label: f.dueOn, value: (r) => r.dueOn },
    { label: f.overdue, value: (r) => (r.overdue ? f.overdue : '') },
    { label: f.description, value: (r) => r.description },
    { label: f.decision, value: (r) => (r.decision ? `${r.closedOn ?? ''}：${r.decision}` : '') },
  ]
}

/** 投诉举报线索, as LeadTable shows them. */
export function leadColumns(shortName: ShortName, options: { showSubject: boolean; showDepartment: boolean }): ExportColumn<Lead>[] {
  const l = m.leads
  return [
    { label: l.receivedOn, value: (r) => r.receivedOn },
    { label: l.source, value: (r) => labels.leadSource(r.source) },
    { label: l.reference, value: (r) => r.reference },
    ...(options.showSubject ? nameAndCode<Lead>(l.subject, (r) => r.subjectName, (r) => r.subjectKey) : []),
    ...(options.showDepartment ? [{ label: l.department, value: (r: Lead) => shortName(r.departmentCode) }] : []),
    { label: l.problem, value: (r) => r.problem },
    { label: l.description, value: (r) => r.description },
    { label: l.status, value: (r) => labels.leadStatus(r.status) },
    { label: l.outcome, value: (r) => (r.taskCode ? l.inTask(r.taskCode) : r.resolution ? l.handledValue(r.handledOn ?? '', r.resolution) : '') },
  ]
}
