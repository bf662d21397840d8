import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { DepartmentType } from '../departments/department.types.js';
import { Connection } from '../graph/connection.js';
import { InspectorType } from '../roster/inspector.types.js';
import { Role } from './user.entity.js';

registerEnumType(Role, { name: 'Role', description: '角色' });

@ObjectType('User', { description: '当前用户' })
export class UserType {
  @Field(() => String) username!: string;
  @Field(() => String) displayName!: string;
  @Field(() => Role) role!: Role;
  @Field(() => DepartmentType, { nullable: true }) department!: DepartmentType | null;
  @Field(() => Boolean, { description: '密码由管理员设置，须先修改密码（此前只能调用 me 与 changePassword）' })
  mustChangePassword!: boolean;
}

@ObjectType('Session')
export class SessionType {
  @Field(() => String, { description: '放在请求头 Authorization: Bearer <token> 中' }) token!: string;
  @Field(() => UserType) user!: UserType;
}

@ObjectType('Account', { description: '用户账号（系统管理员维护）' })
export class AccountType {
  id!: number;
  @Field(() => String, { description: '登录名' }) username!: string;
  @Field(() => String, { description: '姓名' }) displayName!: string;
  @Field(() => Role) role!: Role;
  @Field(() => DepartmentType, { nullable: true }) department!: DepartmentType | null;
  @Field(() => InspectorType, { nullable: true, description: '执法人员账号对应的名录库人员' }) inspector!: InspectorType | null;
  @Field(() => Boolean, { description: '启用（停用的账号不能登录，已发的令牌立即失效）' }) active!: boolean;
  @Field(() => Boolean, { description: '须修改管理员设置的密码' }) mustChangePassword!: boolean;
  @Field(() => Date, { nullable: true, description: '连续输错密码后锁定到此时刻；为空或已过则未锁定' }) lockedUntil!: Date | null;
  @Field(() => Date, { nullable: true }) lastLoginAt!: Date | null;
  @Field(() => Date, { nullable: true }) passwordChangedAt!: Date | null;
  @Field(() => Date) createdAt!: Date;
}

export const AccountConnection = Connection('Account', AccountType);

@InputType({ description: '账号筛选' })
export class AccountFilter {
  @Field(() => Role, { nullable: true }) role?: Role;
  @Field(() => String, { nullable: true, description: '部门代码' }) department?: string;
  @Field(() => Boolean, { nullable: true }) active?: boolean;
  @Field(() => String, { nullable: true, description: '按登录名或姓名搜索' }) search?: string;
}

@InputType({ description: '新建账号' })
export class AccountInput {
  @Field(() => String, { description: '登录名：小写字母开头，3–32 位小写字母、数字、点、下划线或连字符' }) username!: string;
  @Field(() => String) displayName!: string;
  @Field(() => Role) role!: Role;
  @Field(() => String, { nullable: true, description: '部门代码（部门负责人、业务人员、执法人员必填）' }) department?: string;
  @Field(() => String, { nullable: true, description: '执法证号（执法人员账号必填，须为同一部门在册人员）' }) inspector?: string;
  @Field(() => String, { nullable: true, description: '初始密码；不填则生成随机密码。首次登录须修改' }) password?: string;
}

@InputType({ description: '修改账号（只改给出的字段）' })
export class AccountPatch {
  @Field(() => String, { nullable: true }) displayName?: string;
  @Field(() => Role, { nullable: true }) role?: Role;
  @Field(() => String, { nullable: true, description: '部门代码；空字符串表示无部门' }) department?: string;
  @Field(() => String, { nullable: true, description: '执法证号；空字符串表示解除关联' }) inspector?: string;
  @Field(() => Boolean, { nullable: true }) active?: boolean;
}

@ObjectType('AccountPassword', { description: '新建账号或重置密码的结果' })
export class AccountPasswordType {
  @Field(() => AccountType) account!: AccountType;
  @Field(() => String, { nullable: true, description: '系统生成的临时密码（只返回这一次）；管理员自己给出密码时为空' })
  temporaryPassword!: string | null;
}
