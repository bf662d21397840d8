import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DepartmentType } from '../departments/department.types.js';
import { Role } from './user.entity.js';

registerEnumType(Role, { name: 'Role', description: '角色' });

@ObjectType('User', { description: '当前用户' })
export class UserType {
  @Field(() => String) username!: string;
  @Field(() => String) displayName!: string;
  @Field(() => Role) role!: Role;
  @Field(() => DepartmentType, { nullable: true }) department!: DepartmentType | null;
}

@ObjectType('Session')
export class SessionType {
  @Field(() => String, { description: '放在请求头 Authorization: Bearer <token> 中' }) token!: string;
  @Field(() => UserType) user!: UserType;
}
