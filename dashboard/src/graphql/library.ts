import { request } from './client'
import type { LibraryPreview, LibraryRule, LibraryRuleInput } from './types'

const RULE_FIELDS = /* GraphQL */ `
  id name industryPrefixes scopeKeywords regionCodes kinds lastAppliedAt lastMatched
  department { code name shortName }
`

const PREVIEW_FIELDS = /* GraphQL */ `
  matched alreadyMember toAdd
  sample { key uscc name kind regionCode regionName industryCode industryName }
`

export const operations = {
  LibraryRules: /* GraphQL */ `
    query LibraryRules($department: String!) { libraryRules(department: $department) { ${RULE_FIELDS} } }
  `,
  PreviewLibraryRule: /* GraphQL */ `
    query PreviewLibraryRule($input: LibraryRuleInput!) { previewLibraryRule(input: $input) { ${PREVIEW_FIELDS} } }
  `,
  SaveLibraryRule: /* GraphQL */ `
    mutation SaveLibraryRule($input: LibraryRuleInput!) { saveLibraryRule(input: $input) { ${RULE_FIELDS} } }
  `,
  ApplyLibraryRule: /* GraphQL */ `
    mutation ApplyLibraryRule($id: ID!) { applyLibraryRule(id: $id) { ${PREVIEW_FIELDS} } }
  `,
} as const

export async function fetchLibraryRules(department: string): Promise<LibraryRule[]> {
  const data = await request(operations, 'LibraryRules', { department })
  return data.libraryRules
}

export async function previewLibraryRule(input: LibraryRuleInput): Promise<LibraryPreview> {
  const data = await request(operations, 'PreviewLibraryRule', { input })
  return data.previewLibraryRule
}

export async function saveLibraryRule(input: LibraryRuleInput): Promise<LibraryRule> {
  const data = await request(operations, 'SaveLibraryRule', { input })
  return data.saveLibraryRule
}

export async function applyLibraryRule(id: string): Promise<LibraryPreview> {
  const data = await request(operations, 'ApplyLibraryRule', { id })
  return data.applyLibraryRule
}
