// The export columns of task lists (抽查任务, the workspace's tasks, the board's joint tasks) and of a
// task's inspections: the labels the tables show, enums in Chinese.
import type { Inspection, TaskRow } from '../../graphql/types'
import { labels, m } from '../../messages'
import { nameAndCode, type ExportColumn } from '../../tableExport'

/** 参加部门 as the tables show them: the lead first, marked （牵头）. */
export function departmentsText(departments: readonly string[], shortName: (code: string) => string): string {
  return departments.map((d, i) => (i === 0 ? `${shortName(d)}（${m.tasks.lead}）` : shortName(d))).join(m.common.listSeparator)
}

type TaskLike = Pick<TaskRow, 'code' | 'name' | 'departments' | 'windowFrom' | 'windowTo'>

/** 任务编号, 任务名称, 参加部门, 任务时间. */
export function taskBaseColumns<T extends TaskLike>(shortName: (code: string) => string): ExportColumn<T>[] {
  const t = m.tasks
  return [
    { label: t.code, value: (r) => r.code },
    { label: t.name, value: (r) => r.name },
    { label: t.departments, value: (r) => departmentsText(r.departments, shortName) },
    { label: t.window, value: (r) => t.windowValue(r.windowFrom, r.windowTo) },
  ]
}

/** The columns of the 抽查任务 list. */
export function taskColumns(shortName: (code: string) => string): ExportColumn<TaskRow>[] {
  const t = m.tasks
  const [code, name, departments, window] = taskBaseColumns<TaskRow>(shortName)
  return [
    code!,
    name!,
    { label: t.joint, value: (r) => (r.joint ? t.jointYes : t.jointNo) },
    { label: t.kind, value: (r) => labels.taskKind(r.kind) },
    departments!,
    window!,
    { label: t.status, value: (r) => labels.taskStatus(r.status) },
  ]
}

/** A task's inspections: order, subject, stratum, ticket, status and the team (replaced members marked). */
export function inspectionColumns(): ExportColumn<Inspection>[] {
  const i = m.tasks.inspections
  return [
    { label: i.seq, value: (r) => r.seq },
    ...nameAndCode<Inspection>(i.subject, (r) => r.subjectName, (r) => r.subjectKey),
    { label: i.stratum, value: (r) => r.stratum },
    { label: i.ticket, value: (r) => r.ticket },
    { label: i.status, value: (r) => labels.inspectionStatus(r.status) },
    {
      label: i.team,
      value: (r) =>
        r.team
          .map((t) => {
            const who = [t.departmentCode, t.inspectorName, t.inspectorKey].filter(Boolean).join(' ')
            const role = !t.active ? `（${i.replaced}）` : t.leader ? `（${i.leader}）` : ''
            return who + role
          })
          .join(m.common.listSeparator),
    },
  ]
}
