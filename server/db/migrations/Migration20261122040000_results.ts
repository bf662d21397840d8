import { Migration } from '@mikro-orm/migrations';

/**
 * Inspection results: notice given, result versions with their item results, deadlines, publication.
 * Published results and their item results are frozen by triggers; corrections are new versions.
 */
export class Migration20261122040000_results extends Migration {
  override name = 'Migration20261122040000_results';

  override up(): void {
    this.addSql(`create table "inspection_result" ("id" bigserial primary key, "inspection_id" bigint not null, "version" int not null, "supersedes" bigint null, "status" text not null, "visit_date" date not null, "method" text not null, "signed_by" varchar(255) null, "signature_missing_reason" text null, "entrusted_body" varchar(255) null, "decision_date" date null, "summary" text null, "due_on" date not null, "entered_at" timestamptz null, "entered_by" varchar(255) null, "entered_late" boolean not null default false, "published_at" timestamptz null, "published_by" varchar(255) null, "published_late" boolean not null default false, "correction_reason" text null, "correction_signed_by" varchar(255) null, "created_by" varchar(255) not null, "created_at" timestamptz not null default now())`);
    this.addSql(`alter table "inspection_result" add constraint "inspection_result_inspection_id_version_unique" unique ("inspection_id", "version")`);
    this.addSql(`create table "item_result" ("id" bigserial primary key, "result_id" bigint not null, "item_id" int not null, "department_code" varchar(255) not null, "outcome" text not null, "findings" text null, "legal_basis" text null, "confidential" boolean not null default false)`);
    this.addSql(`alter table "item_result" add constraint "item_result_result_id_item_id_unique" unique ("result_id", "item_id")`);
    this.addSql(`alter table "inspection" add "notified_at" timestamptz null, add "notice_method" text null, add "notice_note" text null, add "current_result_id" bigint null`);
    this.addSql(`alter table "inspection" add constraint "inspection_notice_method_check" check ("notice_method" in ('WRITTEN', 'PHONE', 'ELECTRONIC', 'ON_ARRIVAL'))`);
    this.addSql(`alter table "inspection_result" add constraint "inspection_result_inspection_id_foreign" foreign key ("inspection_id") references "inspection" ("id")`);
    this.addSql(`alter table "inspection_result" add constraint "inspection_result_status_check" check ("status" in ('DRAFT', 'ENTERED', 'PUBLISHED'))`);
    this.addSql(`alter table "inspection_result" add constraint "inspection_result_method_check" check ("method" in ('ONSITE', 'DOCUMENT', 'ONLINE'))`);
    this.addSql(`create or replace function "inspection_result_inspection_result_published_frozen_fn"() returns trigger as $$ begin if old.published_at is not null then raise exception 'inspection result % is published and cannot be changed: record a correction instead', old.id using errcode = 'P0001'; end if; if tg_op = 'DELETE' then return old; end if; return new; end; $$ language plpgsql`);
    this.addSql(`create trigger "inspection_result_published_frozen" BEFORE UPDATE OR DELETE on "inspection_result" for each ROW execute function "inspection_result_inspection_result_published_frozen_fn"()`);
    this.addSql(`alter table "item_result" add constraint "item_result_result_id_foreign" foreign key ("result_id") references "inspection_result" ("id")`);
    this.addSql(`alter table "item_result" add constraint "item_result_item_id_foreign" foreign key ("item_id") references "check_item" ("id")`);
    this.addSql(`alter table "item_result" add constraint "item_result_outcome_check" check ("outcome" in ('NO_PROBLEM', 'PROBLEM_CORRECTED', 'PROBLEM_FOLLOW_UP', 'UNREACHABLE', 'REFUSED', 'NOT_OPERATING'))`);
    this.addSql(`create or replace function "item_result_item_result_published_frozen_fn"() returns trigger as $$ begin if exists (select 1 from inspection_result r where r.id = coalesce(old.result_id, new.result_id) and r.published_at is not null) then raise exception 'item results of a published inspection result cannot change: record a correction instead' using errcode = 'P0001'; end if; if tg_op = 'DELETE' then return old; end if; return new; end; $$ language plpgsql`);
    this.addSql(`create trigger "item_result_published_frozen" BEFORE INSERT OR UPDATE OR DELETE on "item_result" for each ROW execute function "item_result_item_result_published_frozen_fn"()`);
  }
}
