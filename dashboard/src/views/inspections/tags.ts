// Element Plus tag colours for the inspection enums (and the follow-ups, leads and archive around them).
import type { AttachmentKind, FollowUpStatus, LeadStatus, Outcome, ResultStatus } from '../../graphql/types'

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

export const outcomeTag: Record<Outcome, TagType> = {
  NO_PROBLEM: 'success',
  PROBLEM_CORRECTED: 'warning',
  PROBLEM_FOLLOW_UP: 'danger',
  UNREACHABLE: 'info',
  REFUSED: 'danger',
  NOT_OPERATING: 'info',
}

export const resultStatusTag: Record<ResultStatus, TagType> = { DRAFT: 'info', ENTERED: 'warning', PUBLISHED: 'success' }

export const followUpStatusTag: Record<FollowUpStatus, TagType> = { OPEN: 'warning', ACCEPTED: 'primary', CLOSED: 'success' }

export const leadStatusTag: Record<LeadStatus, TagType> = { OPEN: 'warning', IN_TASK: 'primary', HANDLED: 'success' }

export const attachmentKindTag: Record<AttachmentKind, TagType> = { PHOTO: 'primary', SCAN: 'info', AUDIO: 'warning', VIDEO: 'success' }
