import { Migration } from '@mikro-orm/migrations';

/**
 * Tasks (with participants and every freeze/draw attempt as published), inspections with their teams,
 * inspector replacements, and follow-ups (an open case keeps a subject out of new draws).
 */
export class Migration20261122030000_tasks extends Migration {
  override name = 'Migration20261122030000_tasks';

  override up(): void {
    this.addSql(`create table "follow_up" ("id" serial primary key, "subject_id" bigint not null, "department_id" int not null, "inspection_id" bigint null, "kind" text not null, "status" text not null, "opened_on" date not null, "closed_on" date null, "decision" text null, "created_by" varchar(255) not null, "created_at" timestamptz not null default now())`);
    this.addSql(`create index "follow_up_subject_id_index" on "follow_up" ("subject_id")`);
    this.addSql(`create table "task" ("id" serial primary key, "code" varchar(255) not null, "year" int not null, "seq" int not null, "name" varchar(255) not null, "kind" text not null, "joint" boolean not null, "plan_task_id" int null, "item_ids" int[] not null, "item_codes" text[] not null, "departments" text[] not null, "scope_libraries" text[] not null, "scope_regions" text[] not null, "scope_industries" text[] not null, "scope_kinds" text[] not null, "scope_grades" text[] not null, "scope_subjects" text[] not null, "quota_rule" jsonb not null, "window_from" date not null, "window_to" date not null, "team_sizes" jsonb not null, "max_per_inspector" int null, "recognition_days" int not null, "yearly_cap" int not null, "public_input_expected" boolean not null default false, "public_input" varchar(255) null, "reason" text null, "status" text not null, "attempt" int not null default 0, "frozen_at" timestamptz null, "drawn_at" timestamptz null, "started_at" timestamptz null, "completed_at" timestamptz null, "closed_at" timestamptz null, "cancel_reason" text null, "created_by" varchar(255) not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now())`);
    this.addSql(`alter table "task" add constraint "task_code_unique" unique ("code")`);
    this.addSql(`create index "task_status_index" on "task" ("status")`);
    this.addSql(`alter table "task" add constraint "task_year_seq_unique" unique ("year", "seq")`);
    this.addSql(`create table "inspection" ("id" bigserial primary key, "task_id" int not null, "subject_id" bigint not null, "seq" int not null, "stratum" varchar(255) not null, "ticket" varchar(255) not null, "status" text not null, "checked_on" date null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now())`);
    this.addSql(`create index "inspection_subject_id_index" on "inspection" ("subject_id")`);
    this.addSql(`alter table "inspection" add constraint "inspection_task_id_subject_id_unique" unique ("task_id", "subject_id")`);
    this.addSql(`create table "replacement" ("id" serial primary key, "inspection_id" bigint not null, "outgoing_id" int not null, "incoming_id" int not null, "department_code" varchar(255) not null, "reason" text not null, "note" text not null, "status" text not null, "requested_by" varchar(255) not null, "requested_at" timestamptz not null, "decided_by" varchar(255) null, "decided_at" timestamptz null, "decision_note" text null)`);
    this.addSql(`create index "replacement_inspection_id_index" on "replacement" ("inspection_id")`);
    this.addSql(`create table "inspection_member" ("id" bigserial primary key, "inspection_id" bigint not null, "inspector_id" int not null, "department_code" varchar(255) not null, "leader" boolean not null, "position" int not null, "ticket" varchar(255) null, "active" boolean not null default true)`);
    this.addSql(`create index "inspection_member_inspection_id_index" on "inspection_member" ("inspection_id")`);
    this.addSql(`create index "inspection_member_inspector_id_index" on "inspection_member" ("inspector_id")`);
    this.addSql(`create table "task_draw" ("id" serial primary key, "task_id" int not null, "attempt" int not null, "manifest" jsonb not null, "manifest_hash" varchar(255) not null, "candidates" bytea not null, "excluded" bytea not null, "roster" bytea not null, "conflicts" bytea not null, "hub_secret_sealed" bytea not null, "reveals" jsonb null, "result" text null, "error" text null, "seed" varchar(255) null, "outcome" text not null, "frozen_at" timestamptz not null, "frozen_by" varchar(255) not null, "drawn_at" timestamptz null, "drawn_by" varchar(255) null)`);
    this.addSql(`alter table "task_draw" add constraint "task_draw_task_id_attempt_unique" unique ("task_id", "attempt")`);
    this.addSql(`create table "task_participant" ("task_id" int not null, "department_id" int not null, "lead" boolean not null, "status" text not null, "decided_by" varchar(255) null, "decided_at" timestamptz null, "decline_reason" text null, "commitment" varchar(255) null, "committed_by" varchar(255) null, "committed_at" timestamptz null, "secret" text null, "revealed_by" varchar(255) null, "revealed_at" timestamptz null, primary key ("task_id", "department_id"))`);
    this.addSql(`alter table "follow_up" add constraint "follow_up_subject_id_foreign" foreign key ("subject_id") references "subject" ("id")`);
    this.addSql(`alter table "follow_up" add constraint "follow_up_department_id_foreign" foreign key ("department_id") references "department" ("id")`);
    this.addSql(`alter table "follow_up" add constraint "follow_up_kind_check" check ("kind" in ('TRANSFER', 'ABNORMAL_LISTING', 'CASE_FILED', 'JUDICIAL_TRANSFER'))`);
    this.addSql(`alter table "follow_up" add constraint "follow_up_status_check" check ("status" in ('OPEN', 'ACCEPTED', 'CLOSED'))`);
    this.addSql(`alter table "task" add constraint "task_plan_task_id_foreign" foreign key ("plan_task_id") references "plan_task" ("id") on delete set null`);
    this.addSql(`alter table "task" add constraint "task_kind_check" check ("kind" in ('ROUTINE', 'SPECIAL'))`);
    this.addSql(`alter table "task" add constraint "task_status_check" check ("status" in ('CREATED', 'FROZEN', 'DRAWN', 'IN_PROGRESS', 'COMPLETED', 'CLOSED', 'CANCELLED'))`);
    this.addSql(`alter table "inspection" add constraint "inspection_task_id_foreign" foreign key ("task_id") references "task" ("id")`);
    this.addSql(`alter table "inspection" add constraint "inspection_status_check" check ("status" in ('ASSIGNED', 'NOTIFIED', 'CHECKED', 'ENTERED', 'PUBLISHED'))`);
    this.addSql(`alter table "replacement" add constraint "replacement_inspection_id_foreign" foreign key ("inspection_id") references "inspection" ("id")`);
    this.addSql(`alter table "replacement" add constraint "replacement_outgoing_id_foreign" foreign key ("outgoing_id") references "inspector" ("id")`);
    this.addSql(`alter table "replacement" add constraint "replacement_incoming_id_foreign" foreign key ("incoming_id") references "inspector" ("id")`);
    this.addSql(`alter table "replacement" add constraint "replacement_reason_check" check ("reason" in ('POST_CHANGE', 'WORK_CONFLICT', 'HEALTH', 'RECUSAL'))`);
    this.addSql(`alter table "replacement" add constraint "replacement_status_check" check ("status" in ('PENDING', 'APPROVED', 'REJECTED'))`);
    this.addSql(`alter table "task_draw" add constraint "task_draw_task_id_foreign" foreign key ("task_id") references "task" ("id") on delete cascade`);
    this.addSql(`alter table "task_draw" add constraint "task_draw_outcome_check" check ("outcome" in ('PENDING', 'DRAWN', 'FAILED', 'ABANDONED'))`);
    this.addSql(`alter table "task_participant" add constraint "task_participant_task_id_foreign" foreign key ("task_id") references "task" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "task_participant" add constraint "task_participant_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "task_participant" add constraint "task_participant_status_check" check ("status" in ('PENDING', 'CONFIRMED', 'DECLINED'))`);
  }
}
