// Element Plus tag colours for the task enums, shared by the list and the detail page.
import type { DrawOutcome, InspectionStatus, ParticipantStatus, ReplacementStatus, TaskStatus } from '../../graphql/types'

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

export const statusTag: Record<TaskStatus, TagType> = {
  CREATED: 'info',
  FROZEN: 'warning',
  DRAWN: 'primary',
  IN_PROGRESS: 'primary',
  COMPLETED: 'success',
  CLOSED: 'success',
  CANCELLED: 'danger',
}

export const participantTag: Record<ParticipantStatus, TagType> = { PENDING: 'warning', CONFIRMED: 'success', DECLINED: 'danger' }

export const outcomeTag: Record<DrawOutcome, TagType> = { PENDING: 'warning', DRAWN: 'success', FAILED: 'danger', ABANDONED: 'info' }

export const inspectionTag: Record<InspectionStatus, TagType> = {
  ASSIGNED: 'info',
  NOTIFIED: 'primary',
  CHECKED: 'warning',
  ENTERED: 'warning',
  PUBLISHED: 'success',
}

export const replacementTag: Record<ReplacementStatus, TagType> = { PENDING: 'warning', APPROVED: 'success', REJECTED: 'danger' }

/** The first characters of a long hex value, for tables (the whole value goes in a tooltip). */
export function shortHex(hex: string | null | undefined, n = 12): string {
  if (!hex) return ''
  return hex.length > n ? `${hex.slice(0, n)}…` : hex
}
