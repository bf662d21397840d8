/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Override of the GraphQL endpoint; defaults to same-origin `/graphql`. */
  readonly VITE_GRAPHQL_URL?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
