import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphContext } from '../graph/context.js';
import * as accounts from './account.service.js';
import * as service from './auth.service.js';
import { AccountConnection, AccountFilter, AccountInput, AccountPasswordType, AccountPatch, AccountType, SessionType, UserType } from './auth.types.js';

@Resolver()
export class AuthResolver {
  @Query(() => UserType, { nullable: true, description: '当前登录用户；匿名时为空' })
  me(@Ctx() ctx: GraphContext) {
    return service.me(ctx.em, ctx.caller);
  }

  @Mutation(() => SessionType, { description: '登录，返回令牌（连续 5 次密码错误锁定 15 分钟）' })
  login(@Ctx() ctx: GraphContext, @Arg('username', () => String) username: string, @Arg('password', () => String) password: string) {
    return service.login(ctx.em, username, password, ctx.config.sessionSecret);
  }

  @Authorized()
  @Mutation(() => SessionType, { description: '修改自己的密码；此前发出的令牌全部失效，返回本次会话的新令牌' })
  changePassword(
    @Ctx() ctx: GraphContext,
    @Arg('oldPassword', () => String) oldPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
  ) {
    return service.changePassword(ctx.em, ctx.caller, oldPassword, newPassword, ctx.config.sessionSecret);
  }
}

@Resolver(() => AccountType)
export class AccountResolver {
  @Authorized('ADMIN')
  @Query(() => AccountConnection, { description: '用户账号列表（系统管理员）' })
  accounts(
    @Ctx() ctx: GraphContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => AccountFilter, { nullable: true }) filter?: AccountFilter,
  ) {
    return accounts.listAccounts(ctx.em, ctx.caller, filter, first, after, ctx.config.maxPageSize);
  }

  @Authorized('ADMIN')
  @Query(() => AccountType, { nullable: true })
  account(@Ctx() ctx: GraphContext, @Arg('username', () => String) username: string) {
    return accounts.accountByName(ctx.em, ctx.caller, username);
  }

  @Authorized('ADMIN')
  @Mutation(() => AccountPasswordType, { description: '新建账号；首次登录须修改初始密码' })
  createAccount(@Ctx() ctx: GraphContext, @Arg('input', () => AccountInput) input: AccountInput) {
    return accounts.createAccount(ctx.em, ctx.caller, input);
  }

  @Authorized('ADMIN')
  @Mutation(() => AccountType, { description: '修改账号（姓名、角色、部门、关联人员、启用/停用）；停用立即结束其会话' })
  updateAccount(@Ctx() ctx: GraphContext, @Arg('username', () => String) username: string, @Arg('patch', () => AccountPatch) patch: AccountPatch) {
    return accounts.updateAccount(ctx.em, ctx.caller, username, patch);
  }

  @Authorized('ADMIN')
  @Mutation(() => AccountPasswordType, { description: '重置密码（不给出则生成临时密码）；结束其会话、解除锁定，下次登录须修改' })
  resetPassword(
    @Ctx() ctx: GraphContext,
    @Arg('username', () => String) username: string,
    @Arg('password', () => String, { nullable: true }) password?: string,
  ) {
    return accounts.resetAccountPassword(ctx.em, ctx.caller, username, password);
  }

  @Authorized('ADMIN')
  @Mutation(() => AccountType, { description: '解除密码错误造成的锁定' })
  unlockAccount(@Ctx() ctx: GraphContext, @Arg('username', () => String) username: string) {
    return accounts.unlockAccount(ctx.em, ctx.caller, username);
  }
}
