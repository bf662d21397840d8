import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { requireStaff } from '../auth/caller.js';
import { checkFirst, Connection, decodeCursor, toPage } from '../graph/connection.js';
import type { GraphContext } from '../graph/context.js';
import { AuditEvent } from './audit-event.entity.js';

@ObjectType('AuditEvent', { description: '操作留痕' })
export class AuditEventType {
  @Field(() => ID) id!: number;
  @Field(() => Date) at!: Date;
  @Field(() => String) actor!: string;
  @Field(() => String) actorRole!: string;
  @Field(() => String, { nullable: true }) departmentCode!: string | null;
  @Field(() => String) action!: string;
  @Field(() => String) entity!: string;
  @Field(() => String) entityKey!: string;
  @Field(() => String, { nullable: true }) beforeDigest!: string | null;
  @Field(() => String, { nullable: true }) afterDigest!: string | null;
  @Field(() => String, { nullable: true, description: '附加信息（JSON）' }) detailJson?: string | null;
}

export const AuditEventConnection = Connection('AuditEvent', AuditEventType);

@Resolver()
export class AuditResolver {
  @Query(() => AuditEventConnection, { description: '操作留痕，最新在前（仅工作人员）' })
  async auditEvents(
    @Ctx() ctx: GraphContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('entity', () => String, { nullable: true }) entity?: string,
    @Arg('entityKey', () => String, { nullable: true }) entityKey?: string,
  ) {
    requireStaff(ctx.caller);
    checkFirst(first, ctx.config.maxPageSize);
    const where: FilterQuery<AuditEvent> = {};
    if (entity) where.entity = entity;
    if (entityKey) where.entityKey = entityKey;
    const cursor = decodeCursor(after);
    const [rows, total] = await Promise.all([
      ctx.em.find(AuditEvent, cursor ? { $and: [where, { id: { $lt: cursor } }] } : where, { orderBy: { id: 'desc' }, limit: first + 1 }),
      ctx.em.count(AuditEvent, where),
    ]);
    const page = toPage(rows.map((r) => Object.assign(r, { detailJson: r.detail ? JSON.stringify(r.detail) : null })), first, total, cursor !== undefined);
    return page;
  }
}
