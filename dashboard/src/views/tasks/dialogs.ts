// Small confirmations and reason prompts for task actions (Element Plus message boxes, auto-imported).
import { m } from '../../messages'

/** Asks to confirm an action; true when confirmed. */
export async function confirmAction(message: string, label: string): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, m.tasks.actions.confirmTitle(label), {
      type: 'warning',
      confirmButtonText: label,
      cancelButtonText: m.common.cancel,
    })
    return true
  } catch {
    return false
  }
}

/** Asks for a required text (a reason, a value); null when cancelled. */
export async function promptText(message: string, label: string, required: string, options: { textarea?: boolean; required?: boolean } = {}): Promise<string | null> {
  const mustFill = options.required ?? true
  try {
    const { value } = await ElMessageBox.prompt(message, label, {
      confirmButtonText: label,
      cancelButtonText: m.common.cancel,
      inputType: options.textarea === false ? 'text' : 'textarea',
      inputValidator: (v: string | null) => !mustFill || (v ?? '').trim().length > 0 || required,
    })
    return (value ?? '').trim()
  } catch {
    return null
  }
}
