import { Migration } from '@mikro-orm/migrations';

/** Complaint and referral leads, and the inspection archive (attachments, append-only). */
export class Migration20261122060000_leads_archive extends Migration {
  override name = 'Migration20261122060000_leads_archive';

  override up(): void {
    this.addSql(`create table "lead" ("id" serial primary key, "subject_id" bigint not null, "department_id" int not null, "source" text not null, "reference" varchar(255) null, "received_on" date not null, "problem" varchar(255) not null, "description" text not null, "status" text not null, "task_code" varchar(255) null, "handled_on" date null, "resolution" text null, "created_by" varchar(255) not null, "created_at" timestamptz not null default now())`);
    this.addSql(`create index "lead_subject_id_index" on "lead" ("subject_id")`);
    this.addSql(`create index "lead_problem_index" on "lead" ("problem")`);
    this.addSql(`create table "attachment" ("id" serial primary key, "inspection_id" bigint not null, "kind" text not null, "file_name" varchar(255) not null, "mime_type" varchar(255) not null, "bytes" bigint not null, "sha256" varchar(255) not null, "description" text null, "uploaded_by" varchar(255) not null, "uploaded_at" timestamptz not null default now())`);
    this.addSql(`create index "attachment_inspection_id_index" on "attachment" ("inspection_id")`);
    this.addSql(`alter table "lead" add constraint "lead_department_id_foreign" foreign key ("department_id") references "department" ("id")`);
    this.addSql(`alter table "lead" add constraint "lead_source_check" check ("source" in ('HOTLINE_12345', 'COMPLAINT', 'REFERRAL', 'MONITORING', 'OTHER'))`);
    this.addSql(`alter table "lead" add constraint "lead_status_check" check ("status" in ('OPEN', 'IN_TASK', 'HANDLED'))`);
    this.addSql(`alter table "attachment" add constraint "attachment_inspection_id_foreign" foreign key ("inspection_id") references "inspection" ("id")`);
    this.addSql(`alter table "attachment" add constraint "attachment_kind_check" check ("kind" in ('PHOTO', 'SCAN', 'AUDIO', 'VIDEO'))`);
    this.addSql(`create or replace function "attachment_attachment_append_only_fn"() returns trigger as $$ begin raise exception 'attachments are archived records: % refused', tg_op using errcode = 'P0001'; end; $$ language plpgsql`);
    this.addSql(`create trigger "attachment_append_only" BEFORE UPDATE OR DELETE on "attachment" for each ROW execute function "attachment_attachment_append_only_fn"()`);
  }
}
