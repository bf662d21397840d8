// Who sees what. The server enforces access on every operation; these lists only keep the menu and the
// router from offering pages a user could not use.
import type { Role } from './graphql/types'

/** Roles that maintain department data (rosters, sub-libraries, imports). */
export const MAINTAINER_ROLES: readonly Role[] = ['ADMIN', 'OFFICE', 'DEPT_HEAD', 'CLERK']
/** System administration (backups). */
export const ADMIN_ROLES: readonly Role[] = ['ADMIN']
/** Roles that may read the audit trail. */
export const AUDIT_ROLES: readonly Role[] = ['ADMIN', 'LEADER', 'OFFICE', 'DEPT_HEAD']
