import { request } from './client'
import type { Session, User } from './types'

const USER_FIELDS = /* GraphQL */ `
  username
  displayName
  role
  department { code name shortName }
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
} as const

export async function fetchMe(): Promise<User | null> {
  const data = await request(operations, 'Me')
  return data.me
}

export async function login(username: string, password: string): Promise<Session> {
  const data = await request(operations, 'Login', { username, password })
  return data.login
}
