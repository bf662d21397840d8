import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphContext } from '../graph/context.js';
import * as service from './auth.service.js';
import { SessionType, UserType } from './auth.types.js';

@Resolver()
export class AuthResolver {
  @Query(() => UserType, { nullable: true, description: '当前登录用户；匿名时为空' })
  me(@Ctx() ctx: GraphContext) {
    return service.me(ctx.em, ctx.caller);
  }

  @Mutation(() => SessionType, { description: '登录，返回令牌' })
  login(@Ctx() ctx: GraphContext, @Arg('username', () => String) username: string, @Arg('password', () => String) password: string) {
    return service.login(ctx.em, username, password, ctx.config.sessionSecret);
  }
}
