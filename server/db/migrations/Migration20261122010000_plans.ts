import { Migration } from '@mikro-orm/migrations';

/** Annual plans (年度抽查计划) with their tasks; versioned for dynamic adjustment. */
export class Migration20261122010000_plans extends Migration {
  override name = 'Migration20261122010000_plans';

  override up(): void {
    this.addSql(`create table "plan" ("id" serial primary key, "year" int not null, "kind" text not null, "department_id" int null, "version" int not null, "current" boolean not null, "status" text not null, "filed_at" timestamptz null, "filed_late" boolean not null default false, "published_at" timestamptz null, "change_reason" text null, "created_by" varchar(255) not null, "created_at" timestamptz not null default now())`);
    this.addSql(`create unique index "plan_current_idx" on "plan" ("year", "kind", coalesce("department_id", 0)) where "current"`);
    this.addSql(`alter table "plan" add constraint "plan_year_kind_department_id_version_unique" unique ("year", "kind", "department_id", "version")`);
    this.addSql(`alter table "plan" add constraint "plan_kind_check" check ("kind" in ('DEPARTMENT', 'JOINT'))`);
    this.addSql(`alter table "plan" add constraint "plan_status_check" check ("status" in ('DRAFT', 'FILED', 'PUBLISHED'))`);
    this.addSql(`create table "plan_task" ("id" serial primary key, "plan_id" int not null, "seq" int not null, "name" varchar(255) not null, "item_ids" int[] not null, "departments" text[] not null, "scope_libraries" text[] not null, "scope_regions" text[] not null, "scope_industries" text[] not null, "scope_kinds" text[] not null, "scope_grades" text[] not null, "quota_rule" jsonb not null, "frequency_per_year" int not null default 1, "window_from" date not null, "window_to" date not null, "source_task_id" int null)`);
    this.addSql(`alter table "plan_task" add constraint "plan_task_plan_id_seq_unique" unique ("plan_id", "seq")`);
    this.addSql(`alter table "plan" add constraint "plan_department_id_foreign" foreign key ("department_id") references "department" ("id") on delete set null`);
    this.addSql(`alter table "plan_task" add constraint "plan_task_plan_id_foreign" foreign key ("plan_id") references "plan" ("id") on delete cascade`);
  }
}
