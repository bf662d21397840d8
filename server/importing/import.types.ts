import 'reflect-metadata';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ImportKind } from './columns.js';

registerEnumType(ImportKind, { name: 'ImportKind', description: '导入类型：检查对象 / 执法检查人员 / 抽查事项' });

@ObjectType({ description: '逐行校验发现的问题' })
export class ImportRowError {
  @Field(() => Int, { description: '文件中的行号' }) line!: number;
  @Field(() => String, { nullable: true, description: '列名' }) column!: string | null;
  @Field(() => String, { description: '原因' }) reason!: string;
}

@ObjectType('ImportReport', { description: '导入报告' })
export class ImportReportType {
  @Field(() => ImportKind) kind!: ImportKind;
  @Field(() => Int, { description: '数据行数（不含表头）' }) total!: number;
  @Field(() => Int) valid!: number;
  @Field(() => Int) invalid!: number;
  @Field(() => Int) inserted!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int, { description: '与库中一致、无需改动的行' }) unchanged!: number;
  @Field(() => Int, { description: '因无效而跳过的行（仅 skipInvalid）' }) skipped!: number;
  @Field(() => Boolean) dryRun!: boolean;
  @Field(() => Boolean, { description: '是否已写入数据库' }) written!: boolean;
  @Field(() => Int, { description: '问题总数' }) errorCount!: number;
  @Field(() => [ImportRowError], { description: '前 1000 个问题' }) errors!: ImportRowError[];
}
