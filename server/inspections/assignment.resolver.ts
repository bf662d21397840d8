import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphContext } from '../graph/context.js';
import type { Task } from '../tasks/task.entity.js';
import { TaskType } from '../tasks/task.types.js';
import { AssignmentFilter, InspectionAssignmentConnection, InspectorAssignmentSummaryType } from './assignment.types.js';
import * as service from './assignment.service.js';

/** 检查人员分派: the list per inspector, and per task the counts per inspector. Loading: one SQL page + one count. */
@Resolver(() => TaskType)
export class AssignmentResolver {
  @Query(() => InspectionAssignmentConnection, {
    description: '检查人员分派：执法人员（在岗小组成员）的检查，最新分派在前；执法人员只见本人的，业务员和部门负责人只见本部门人员的，联席办、管理员和领导可见全部（仅工作人员）',
  })
  assignments(
    @Ctx() ctx: GraphContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => AssignmentFilter, { nullable: true }) filter?: AssignmentFilter,
  ) {
    return service.assignments(ctx.pool, ctx.caller, filter, first, after, ctx.config.maxPageSize);
  }

  @FieldResolver(() => [InspectorAssignmentSummaryType], {
    description: '按检查人员统计本任务的分派：每人各检查状态的户数（仅工作人员；执法人员只见本人，业务员和部门负责人只见本部门人员）',
  })
  assignmentSummary(@Root() task: Task, @Ctx() ctx: GraphContext) {
    return service.taskAssignmentSummary(ctx.pool, ctx.caller, task.code);
  }
}
