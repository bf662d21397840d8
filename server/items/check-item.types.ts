import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../graph/connection.js';
import { CheckMethod, ItemCategory } from './check-item.entity.js';

registerEnumType(ItemCategory, { name: 'ItemCategory', description: '事项类别：一般 / 重点' });
registerEnumType(CheckMethod, { name: 'CheckMethod', description: '检查方式：实地核查 / 书面检查 / 网络监测' });

@ObjectType('CheckItem', { description: '随机抽查事项（某一版本）' })
export class CheckItemType {
  @Field(() => ID) id!: number;
  @Field(() => String, { description: '事项编码' }) code!: string;
  @Field(() => Int, { description: '版本号，修改事项即生成新版本' }) version!: number;
  @Field(() => Boolean, { description: '是否为现行版本' }) current!: boolean;
  @Field(() => ItemCategory) category!: ItemCategory;
  @Field(() => String, { description: '抽查依据' }) legalBasis!: string;
  @Field(() => String, { description: '抽查对象' }) subjectType!: string;
  @Field(() => String, { description: '抽查内容' }) content!: string;
  @Field(() => [CheckMethod]) methods!: CheckMethod[];
  @Field(() => Float, { nullable: true, description: '默认抽查比例（0–1）' }) ratio!: number | null;
  @Field(() => Int, { nullable: true, description: '抽查频次（次/年）' }) frequencyPerYear!: number | null;
  @Field(() => String, { description: '生效日期 YYYY-MM-DD' }) effectiveFrom!: string;
  @Field(() => String, { nullable: true, description: '失效日期' }) effectiveTo!: string | null;
  @Field(() => Boolean, { description: '是否列入联合抽查事项清单' }) inJointList!: boolean;
  @Field(() => Boolean) active!: boolean;
  @Field(() => String, { nullable: true, description: '本版本的调整原因' }) changeReason!: string | null;
  @Field(() => Date) createdAt!: Date;
}

export const CheckItemConnection = Connection('CheckItem', CheckItemType);

@InputType()
export class CheckItemFilter {
  @Field(() => String, { nullable: true, description: '部门代码：该部门的抽查事项清单' }) department?: string;
  @Field(() => ItemCategory, { nullable: true }) category?: ItemCategory;
  @Field(() => Boolean, { nullable: true, description: '只看列入联合抽查事项清单的事项' }) jointList?: boolean;
  @Field(() => Boolean, { nullable: true }) active?: boolean;
  @Field(() => String, { nullable: true, description: '按编码、依据、对象或内容搜索' }) search?: string;
  @Field(() => Boolean, { nullable: true, description: '包含历史版本' }) allVersions?: boolean;
  @Field(() => String, { nullable: true, description: '在该日期有效（YYYY-MM-DD）' }) effectiveOn?: string;
}

@InputType({ description: '抽查事项（按编码幂等；内容有变化时生成新版本）' })
export class CheckItemInput {
  @Field(() => String) code!: string;
  @Field(() => String) department!: string;
  @Field(() => ItemCategory) category!: ItemCategory;
  @Field(() => String) legalBasis!: string;
  @Field(() => String) subjectType!: string;
  @Field(() => String) content!: string;
  @Field(() => [CheckMethod]) methods!: CheckMethod[];
  @Field(() => Float, { nullable: true }) ratio?: number;
  @Field(() => Int, { nullable: true }) frequencyPerYear?: number;
  @Field(() => String) effectiveFrom!: string;
  @Field(() => String, { nullable: true }) effectiveTo?: string;
}
