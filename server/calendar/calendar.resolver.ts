import { Arg, Authorized, Ctx, Field, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { badInput } from '../common/errors.js';
import type { GraphContext } from '../graph/context.js';
import * as service from './calendar.service.js';

@ObjectType('CalendarOverride', { description: '工作日历的人工调整（法定节假日或调休上班日）' })
export class CalendarOverrideType {
  @Field(() => String) date!: string;
  @Field(() => Boolean, { description: '是否上班' }) working!: boolean;
  @Field(() => String) name!: string;
}

@ObjectType('CalendarYear', { description: '某年的工作日历' })
export class CalendarYearType {
  @Field(() => Int) year!: number;
  @Field(() => Boolean, { description: 'chinese-days 数据包是否已收录该年的节假日安排；未收录时须人工补录' }) packageCovered!: boolean;
  @Field(() => [CalendarOverrideType]) overrides!: CalendarOverrideType[];
}

@Resolver()
export class CalendarResolver {
  @Query(() => String, { description: '从某日起（不含当日）第 N 个工作日的日期，按法定节假日和调休计算' })
  async workingDayDeadline(@Ctx() ctx: GraphContext, @Arg('from', () => String) from: string, @Arg('days', () => Int, { defaultValue: 20 }) days: number) {
    service.checkDate(from, 'from');
    if (!Number.isInteger(days) || days < 0 || days > 366) throw badInput('days', '工作日数应在 0–366 之间');
    return (await service.loadCalendar(ctx.em)).addWorkingDays(from, days);
  }

  @Query(() => CalendarYearType)
  async calendarYear(@Ctx() ctx: GraphContext, @Arg('year', () => Int) year: number) {
    return { year, packageCovered: service.packageCovers(year), overrides: await service.listOverrides(ctx.em, year) };
  }

  @Authorized('OFFICE')
  @Mutation(() => CalendarOverrideType, { description: '设定某日为节假日或调休上班日（覆盖数据包）' })
  setCalendarOverride(
    @Ctx() ctx: GraphContext,
    @Arg('date', () => String) date: string,
    @Arg('working', () => Boolean) working: boolean,
    @Arg('name', () => String) name: string,
  ) {
    return service.setOverride(ctx.em, ctx.caller, date, working, name);
  }

  @Authorized('OFFICE')
  @Mutation(() => Boolean, { description: '删除某日的人工调整' })
  removeCalendarOverride(@Ctx() ctx: GraphContext, @Arg('date', () => String) date: string) {
    return service.removeOverride(ctx.em, ctx.caller, date);
  }
}
