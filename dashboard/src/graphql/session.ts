import { request, type ResultOf } from './client'

const USER_FIELDS = /* GraphQL */ `
  username
  displayName
  role
  department { code name shortName }
  mustChangePassword
`

export const operations = {
  Me: /* GraphQL */ `
    query Me { me { ${USER_FIELDS} } }
  `,
  Login: /* GraphQL */ `
    mutation Login($username: String!, $password: String!) {
      login(username: $username, password: $password) { token user { ${USER_FIELDS} } }
    }
  `,
  ChangePassword: /* GraphQL */ `
    mutation ChangePassword($oldPassword: String!, $newPassword: String!) {
      changePassword(oldPassword: $oldPassword, newPassword: $newPassword) { token user { ${USER_FIELDS} } }
    }
  `,
} as const

/** The signed-in user as the session holds it. */
export type SessionUser = NonNullable<ResultOf<'Me'>['me']>
/** A bearer token and its user, as login and changePassword answer. */
export type Session = ResultOf<'Login'>['login']

export async function fetchMe(): Promise<SessionUser | null> {
  const data = await request(operations, 'Me')
  return data.me
}

export async function login(username: string, password: string): Promise<Session> {
  const data = await request(operations, 'Login', { username, password })
  return data.login
}

/** The signed-in user's new password; the answer's token replaces every earlier one. */
export async function changePassword(oldPassword: string, newPassword: string): Promise<Session> {
  const data = await request(operations, 'ChangePassword', { oldPassword, newPassword })
  return data.changePassword
}
