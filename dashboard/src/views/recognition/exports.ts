// The export columns of published results (互认检索, 检查结果公示, a subject's profile): only what the tables
// show, so a confidential result stays masked in the file as on screen.
import type { PublishedItemResult } from '../../graphql/types'
import { labels, m } from '../../messages'
import { nameAndCode, type ExportColumn } from '../../tableExport'

export function publishedResultColumns(shortName: (code: string) => string, options: { showSubject: boolean }): ExportColumn<PublishedItemResult>[] {
  const r = m.resultSearch
  return [
    { label: r.visitDate, value: (x) => x.visitDate },
    ...(options.showSubject ? nameAndCode<PublishedItemResult>(r.subject, (x) => x.subjectName, (x) => x.subjectKey) : []),
    { label: r.task, value: (x) => x.taskCode },
    { label: r.joint, value: (x) => (x.joint ? r.joint : '') },
    ...nameAndCode<PublishedItemResult>(m.inspections.result.item, (x) => x.itemContent, (x) => `${x.itemCode} v${x.itemVersion}`),
    { label: r.department, value: (x) => shortName(x.departmentCode) },
    { label: r.outcome, value: (x) => labels.outcome(x.outcome) },
    { label: r.corrected, value: (x) => (x.corrected ? r.corrected : '') },
    { label: r.findings, value: (x) => (x.confidential ? r.confidential : x.findings) },
  ]
}
