import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../graph/connection.js';
import { DepartmentKind } from './department.entity.js';

registerEnumType(DepartmentKind, { name: 'DepartmentKind', description: '部门类别' });

@ObjectType('Department', { description: '部门 / 联席会议成员单位' })
export class DepartmentType {
  id!: number;
  @Field(() => String, { description: '部门代码（公开标识）' }) code!: string;
  @Field(() => String, { description: '中文全称' }) name!: string;
  @Field(() => String, { description: '简称' }) shortName!: string;
  @Field(() => DepartmentKind) kind!: DepartmentKind;
  @Field(() => Boolean, { description: '是否联席会议成员单位' }) member!: boolean;
  @Field(() => Boolean) active!: boolean;
}

export const DepartmentConnection = Connection('Department', DepartmentType);

@InputType()
export class DepartmentFilter {
  @Field(() => Boolean, { nullable: true }) member?: boolean;
  @Field(() => Boolean, { nullable: true }) active?: boolean;
  @Field(() => String, { nullable: true, description: '按代码或名称搜索' }) search?: string;
}

@InputType({ description: '新建或同步部门（按代码幂等）' })
export class DepartmentInput {
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) shortName?: string;
  @Field(() => DepartmentKind) kind!: DepartmentKind;
  @Field(() => Boolean, { nullable: true, defaultValue: true }) member?: boolean;
}

@InputType({ description: '修改部门（只改给出的字段）' })
export class DepartmentPatch {
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) shortName?: string;
  @Field(() => DepartmentKind, { nullable: true }) kind?: DepartmentKind;
  @Field(() => Boolean, { nullable: true }) member?: boolean;
  @Field(() => Boolean, { nullable: true }) active?: boolean;
}

@ObjectType({ description: '部门的名录规模' })
export class DepartmentStats {
  @Field(() => Int) itemCount!: number;
  @Field(() => Int) inspectorCount!: number;
  @Field(() => Int) librarySize!: number;
}
