import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { log } from './log.js';

/** Stable machine codes; messages are Chinese for people. */
export enum ErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  FORBIDDEN = 'FORBIDDEN',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  DEADLINE_PASSED = 'DEADLINE_PASSED',
  DRAW_FAILED = 'DRAW_FAILED',
  IMPORT_INVALID = 'IMPORT_INVALID',
  /** The account's password was set by an administrator: change it before anything else. */
  PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED',
}

/** The one application error: a code, a message a user can act on, and the offending field path. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, key: string, field?: string) =>
  new AppError(ErrorCode.NOT_FOUND, `${what}不存在：${key}`, field);
export const badInput = (field: string, message: string) => new AppError(ErrorCode.BAD_USER_INPUT, message, field);
export const forbidden = (message: string) => new AppError(ErrorCode.FORBIDDEN, message);
export const conflict = (message: string, field?: string) => new AppError(ErrorCode.CONFLICT, message, field);

/** PostgreSQL SQLSTATE → what we tell the caller, for errors that are the caller's doing. */
function fromDatabase(err: unknown): AppError | undefined {
  const e = err as { code?: string; constraint?: string; detail?: string; name?: string };
  if (e?.code === '23505' || e?.name === 'UniqueConstraintViolationException')
    return conflict(`数据重复，违反唯一约束${e.constraint ? `（${e.constraint}）` : ''}`);
  if (e?.code === '40001' || e?.code === '40P01') return conflict('并发冲突，请重试');
  if (e?.code === '55P03') return conflict('该记录正被另一操作处理，请稍后重试');
  if (e?.code === 'P0001') return new AppError(ErrorCode.FORBIDDEN, '数据库拒绝修改：该记录不可更改');
  return undefined;
}

/**
 * Apollo `formatError`: AppErrors keep their code, message and field; anything else is logged with the
 * request id and answered as INTERNAL_SERVER_ERROR with no stack or SQL.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  // Duck-typed rather than instanceof: a GraphQLError may come from another copy of graphql.
  const original = (error as GraphQLError | undefined)?.originalError ?? error;
  // type-graphql's @Authorized throws GraphQLErrors coded UNAUTHENTICATED / UNAUTHORIZED.
  const authCode = (original as GraphQLError | undefined)?.extensions?.code;
  const app =
    original instanceof AppError
      ? original
      : authCode === 'UNAUTHENTICATED'
        ? new AppError(ErrorCode.UNAUTHENTICATED, '请先登录')
        : authCode === 'UNAUTHORIZED'
          ? new AppError(ErrorCode.FORBIDDEN, '当前角色无权执行此操作')
          : fromDatabase(original);
  if (app) {
    return {
      message: app.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: app.code, ...(app.field ? { field: app.field } : {}), ...(app.details ?? {}) },
    };
  }
  const code = formatted.extensions?.code;
  // Apollo's own client errors (parse, validation, bad variables) are safe to pass through.
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  const requestId = Math.random().toString(36).slice(2, 10);
  log.error('unexpected error', { requestId, err: String((original as Error)?.stack ?? original) });
  return {
    message: `服务器内部错误（请求编号 ${requestId}）`,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
  };
}
