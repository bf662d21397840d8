import { Migration } from '@mikro-orm/migrations';

/** Follow-up handling (transfer acceptance, due dates, closure) and mutual-recognition records. */
export class Migration20261122050000_followups extends Migration {
  override name = 'Migration20261122050000_followups';

  override up(): void {
    this.addSql(`create table "recognition" ("id" serial primary key, "department_id" int not null, "subject_id" bigint not null, "result_id" bigint not null, "item_code" varchar(255) not null, "note" text null, "recognized_by" varchar(255) not null, "recognized_at" timestamptz not null default now())`);
    this.addSql(`create index "recognition_subject_id_index" on "recognition" ("subject_id")`);
    this.addSql(`alter table "recognition" add constraint "recognition_department_id_result_id_item_code_unique" unique ("department_id", "result_id", "item_code")`);
    this.addSql(`alter table "follow_up" add "description" text null, add "target_department_id" int null, add "due_on" date null, add "accepted_at" timestamptz null, add "accepted_by" varchar(255) null, add "closed_by" varchar(255) null`);
    this.addSql(`alter table "follow_up" add constraint "follow_up_target_department_id_foreign" foreign key ("target_department_id") references "department" ("id") on delete set null`);
    this.addSql(`alter table "recognition" add constraint "recognition_department_id_foreign" foreign key ("department_id") references "department" ("id")`);
    this.addSql(`alter table "recognition" add constraint "recognition_result_id_foreign" foreign key ("result_id") references "inspection_result" ("id")`);
  }
}
