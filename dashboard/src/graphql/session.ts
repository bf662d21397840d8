import { request } from './client'
import type { Session, User } from './types'

const USER_FIELDS = /* GraphQL */ `
  username
  displayName
  role
  department { code name shortName }
`

export async function fetchMe(): Promise<User | null> {
  const data = await request<{ me: User | null }>(/* GraphQL */ `
    query Me { me { ${USER_FIELDS} } }
  `)
  return data.me
}

export async function login(username: string, password: string): Promise<Session> {
  const data = await request<{ login: Session }>(
    /* GraphQL */ `
      mutation Login($username: String!, $password: String!) {
        login(username: $username, password: $password) { token user { ${USER_FIELDS} } }
      }
    `,
    { username, password },
  )
  return data.login
}
