import type { TaskOptionsInput } from '../../graphql/types'

/** The options form's state; unset numbers mean "server default". */
export interface TaskOptionsState {
  teamSizes: Record<string, number | undefined>
  maxPerInspector: number | null | undefined
  recognitionDays: number | null | undefined
  yearlyCap: number | null | undefined
  publicInputExpected: boolean
}

export function emptyOptions(): TaskOptionsState {
  return { teamSizes: {}, maxPerInspector: undefined, recognitionDays: undefined, yearlyCap: undefined, publicInputExpected: false }
}

/** Default team: lead 2, every other department 1 (as the server does when none is given). */
export function defaultTeamSize(index: number): number {
  return index === 0 ? 2 : 1
}

/** TaskOptionsInput with only what was set; team sizes for the given departments, lead first. */
export function toOptionsInput(state: TaskOptionsState, departments: readonly string[]): TaskOptionsInput {
  const out: TaskOptionsInput = {
    teamSizes: departments.map((d, i) => ({ department: d, inspectors: state.teamSizes[d] ?? defaultTeamSize(i) })),
  }
  if (state.maxPerInspector != null) out.maxPerInspector = state.maxPerInspector
  if (state.recognitionDays != null) out.recognitionDays = state.recognitionDays
  if (state.yearlyCap != null) out.yearlyCap = state.yearlyCap
  if (state.publicInputExpected) out.publicInputExpected = true
  return out
}
