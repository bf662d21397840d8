import { computed, reactive, readonly } from 'vue'
import { onPasswordChangeRequired, onUnauthenticated, setTokenProvider } from '../graphql/client'
import { changePassword as changePasswordRequest, fetchMe, login as loginRequest, type Session, type SessionUser } from '../graphql/session'
import type { Role } from '../graphql/types'

const TOKEN_KEY = 'jointcheck.token'

interface SessionState {
  token: string | null
  user: SessionUser | null
  /** True once the stored token has been checked against `me` (or there was none). */
  ready: boolean
}

function readToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY)
  } catch {
    return null
  }
}

function writeToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token)
    else localStorage.removeItem(TOKEN_KEY)
  } catch {
    // Private mode or storage disabled: the session lasts until reload, which is acceptable.
  }
}

const state = reactive<SessionState>({ token: readToken(), user: null, ready: false })

setTokenProvider(() => state.token)
onUnauthenticated(() => clear())
// The server asks for the password change first: the router guard and the layout then lead to it.
onPasswordChangeRequired(() => {
  if (state.user) state.user = { ...state.user, mustChangePassword: true }
})

function clear(): void {
  state.token = null
  state.user = null
  writeToken(null)
}

let restoring: Promise<void> | null = null

/** Check the stored token once (the `me` query); later calls share the same promise. */
function restore(): Promise<void> {
  restoring ??= (async () => {
    if (state.token) {
      try {
        state.user = await fetchMe()
        if (!state.user) clear()
      } catch {
        // An unreachable server must not log the user out; pages show the error themselves.
        state.user = null
      }
    }
    state.ready = true
  })()
  return restoring
}

function begin(session: Session): SessionUser {
  state.token = session.token
  state.user = session.user
  state.ready = true
  writeToken(session.token)
  return session.user
}

async function login(username: string, password: string): Promise<SessionUser> {
  return begin(await loginRequest(username, password))
}

/** The signed-in user's new password; the answer's token replaces the stored one, which no longer works. */
async function changePassword(oldPassword: string, newPassword: string): Promise<SessionUser> {
  return begin(await changePasswordRequest(oldPassword, newPassword))
}

function logout(): void {
  clear()
}

/** Roles that work inside a department or above it, as opposed to the anonymous public. */
export const STAFF_ROLES: readonly Role[] = ['ADMIN', 'LEADER', 'OFFICE', 'DEPT_HEAD', 'CLERK', 'INSPECTOR']

function hasRole(roles: readonly Role[] | undefined): boolean {
  if (!state.user) return false
  return !roles || roles.includes(state.user.role)
}

/** The one session store: a reactive object, no state library needed at this size. */
export const session = {
  state: readonly(state),
  user: computed(() => state.user),
  loggedIn: computed(() => state.user !== null),
  /** Signed in with a password an administrator set: nothing but changing it is allowed. */
  mustChangePassword: computed(() => state.user?.mustChangePassword === true),
  restore,
  login,
  changePassword,
  logout,
  hasRole,
}
