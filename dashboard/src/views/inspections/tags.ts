// Element Plus tag colours for the inspection enums.
import type { Outcome, ResultStatus } from '../../graphql/types'

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
