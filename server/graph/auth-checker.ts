import type { AuthChecker } from 'type-graphql';
import { isStaff } from '../auth/caller.js';
import { AppError, ErrorCode } from '../common/errors.js';
import type { GraphContext } from './context.js';

/**
 * `@Authorized()` = any signed-in user (or the system); `@Authorized('OFFICE', ...)` = one of those roles.
 * Department scoping (own department only) is checked in the services, where the department is known.
 */
export const authChecker: AuthChecker<GraphContext> = ({ context }, roles) => {
  const c = context.caller;
  // Not signed in (or a token that no longer holds) is UNAUTHENTICATED whatever roles the field wants.
  if (!isStaff(c)) throw new AppError(ErrorCode.UNAUTHENTICATED, '请先登录');
  if (roles.length === 0 || c.kind === 'system') return true;
  return c.kind === 'user' && (c.role === 'ADMIN' || roles.includes(c.role));
};
