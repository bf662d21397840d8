// The password rule of server/auth/auth.service.ts (passwordProblem) and the 修改密码 form; the server checks again.
import type { Checked } from '../../composables/useFormSubmit'
import { m } from '../../messages'

/** The rule's text when `password` breaks it (8–128 characters, letters and digits, not the login name), else null. */
export function passwordProblem(password: string, username: string): string | null {
  const fits = password.length >= 8 && password.length <= 128 && /[A-Za-z]/.test(password) && /\d/.test(password)
  return fits && !(username && password.toLowerCase().includes(username.toLowerCase())) ? null : m.password.rule
}

export interface PasswordForm {
  oldPassword: string
  newPassword: string
  confirm: string
}

export const blankPasswordForm = (): PasswordForm => ({ oldPassword: '', newPassword: '', confirm: '' })

/** The form as changePassword's arguments, or the first problem found. */
export function passwordChange(form: PasswordForm, username: string): Checked<{ oldPassword: string; newPassword: string }> {
  const r = m.password.required
  if (!form.oldPassword) return { error: r.oldPassword }
  const problem = passwordProblem(form.newPassword, username)
  if (problem) return { error: problem }
  if (form.confirm !== form.newPassword) return { error: r.mismatch }
  if (form.newPassword === form.oldPassword) return { error: r.same }
  return { input: { oldPassword: form.oldPassword, newPassword: form.newPassword } }
}
