import { AUDIT_ROLES, MAINTAINER_ROLES } from '../access'
import { m } from '../messages'
import type { PlaceholderLink } from './PlaceholderPage.vue'

/** The working foundation pages that placeholder pages point to. */
export const existingAreas = {
  departments: { to: '/departments', title: m.nav.departments, description: m.placeholder.links.departments },
  items: { to: '/items', title: m.nav.items, description: m.placeholder.links.items },
  subjects: { to: '/subjects', title: m.nav.subjects, description: m.placeholder.links.subjects },
  inspectors: { to: '/inspectors', title: m.nav.inspectors, description: m.placeholder.links.inspectors, staff: true },
  plans: { to: '/plans', title: m.nav.plans, description: m.placeholder.links.plans, staff: true },
  libraryRules: {
    to: '/workspace/library-rules',
    title: m.nav.libraryRules,
    description: m.placeholder.links.libraryRules,
    roles: MAINTAINER_ROLES,
  },
  import: { to: '/import', title: m.nav.import, description: m.placeholder.links.import, roles: MAINTAINER_ROLES },
  audit: { to: '/audit', title: m.nav.audit, description: m.placeholder.links.audit, roles: AUDIT_ROLES },
} satisfies Record<string, PlaceholderLink>
