import { Migration } from '@mikro-orm/migrations';

/** Foundation: departments, the versioned item list, the two libraries (两库), users and the audit trail. */
export class Migration20261122000000_foundation extends Migration {
  override name = 'Migration20261122000000_foundation';

  override up(): void {
    this.addSql(`create table "audit_event" ("id" bigserial primary key, "at" timestamptz not null default now(), "actor" varchar(255) not null, "actor_role" varchar(255) not null, "department_code" varchar(255) null, "action" varchar(255) not null, "entity" varchar(255) not null, "entity_key" varchar(255) not null, "before_digest" varchar(255) null, "after_digest" varchar(255) null, "detail" jsonb null, "request_id" varchar(255) null)`);
    this.addSql(`create index "audit_event_entity_entity_key_index" on "audit_event" ("entity", "entity_key")`);
    this.addSql(`create index "audit_event_at_index" on "audit_event" ("at")`);
    this.addSql(`create or replace function "audit_event_audit_event_append_only_fn"() returns trigger as $$ begin raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'P0001'; end; $$ language plpgsql`);
    this.addSql(`create trigger "audit_event_append_only" BEFORE UPDATE OR DELETE on "audit_event" for each ROW execute function "audit_event_audit_event_append_only_fn"()`);
    this.addSql(`create table "department" ("id" serial primary key, "code" varchar(255) not null, "name" varchar(255) not null, "short_name" varchar(255) not null, "kind" text not null, "member" boolean not null default true, "active" boolean not null default true, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now())`);
    this.addSql(`alter table "department" add constraint "department_code_unique" unique ("code")`);
    this.addSql(`alter table "department" add constraint "department_kind_check" check ("kind" in ('MARKET_REGULATION', 'TAX', 'ENVIRONMENT', 'HEALTH', 'TRANSPORT', 'HOUSING', 'CULTURE_TOURISM', 'EMERGENCY', 'EDUCATION', 'AGRICULTURE', 'NATURAL_RESOURCES', 'HUMAN_RESOURCES', 'COMMERCE', 'PUBLIC_SECURITY', 'CIVIL_AFFAIRS', 'WATER', 'OTHER'))`);
    this.addSql(`create or replace function "department_department_no_delete_fn"() returns trigger as $$ begin raise exception 'department % cannot be deleted: deactivate it instead', old.code using errcode = 'P0001'; end; $$ language plpgsql`);
    this.addSql(`create trigger "department_no_delete" BEFORE DELETE on "department" for each ROW execute function "department_department_no_delete_fn"()`);
    this.addSql(`create table "check_item" ("id" serial primary key, "code" varchar(255) not null, "version" int not null, "current" boolean not null, "department_id" int not null, "category" text not null, "legal_basis" text not null, "subject_type" text not null, "content" text not null, "methods" text[] not null, "ratio" numeric(7,6) null, "frequency_per_year" int null, "effective_from" date not null, "effective_to" date null, "in_joint_list" boolean not null default false, "active" boolean not null default true, "change_reason" text null, "created_at" timestamptz not null default now())`);
    this.addSql(`create unique index "check_item_current_code_idx" on "check_item" ("code") where "current"`);
    this.addSql(`create index "check_item_department_id_index" on "check_item" ("department_id")`);
    this.addSql(`alter table "check_item" add constraint "check_item_code_version_unique" unique ("code", "version")`);
    this.addSql(`alter table "check_item" add constraint "check_item_category_check" check ("category" in ('GENERAL', 'KEY'))`);
    this.addSql(`create table "app_user" ("id" serial primary key, "username" varchar(255) not null, "display_name" varchar(255) not null, "role" text not null, "department_id" int null, "password_hash" varchar(255) not null, "active" boolean not null default true, "created_at" timestamptz not null default now())`);
    this.addSql(`alter table "app_user" add constraint "app_user_username_unique" unique ("username")`);
    this.addSql(`alter table "app_user" add constraint "app_user_role_check" check ("role" in ('ADMIN', 'LEADER', 'OFFICE', 'DEPT_HEAD', 'CLERK', 'INSPECTOR'))`);
    this.addSql(`create table "inspector" ("id" serial primary key, "key" varchar(255) not null, "name" varchar(255) not null, "department_id" int not null, "certificate_valid_from" date null, "certificate_valid_to" date null, "qualifications" text[] not null, "specialties" text[] not null, "kind" text not null, "status" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now())`);
    this.addSql(`alter table "inspector" add constraint "inspector_key_unique" unique ("key")`);
    this.addSql(`create index "inspector_department_id_index" on "inspector" ("department_id")`);
    this.addSql(`alter table "inspector" add constraint "inspector_kind_check" check ("kind" in ('STAFF', 'EXPERT', 'THIRD_PARTY'))`);
    this.addSql(`alter table "inspector" add constraint "inspector_status_check" check ("status" in ('ACTIVE', 'ON_LEAVE', 'TRANSFERRED'))`);
    this.addSql(`create table "inspector_conflict" ("inspector_id" int not null, "subject_key" varchar(255) not null, "reason" text not null, "declared_at" timestamptz not null default now(), primary key ("inspector_id", "subject_key"))`);
    this.addSql(`create table "library_rule" ("id" serial primary key, "department_id" int not null, "name" varchar(255) not null, "industry_prefixes" text[] not null, "scope_keywords" text[] not null, "region_codes" text[] not null, "kinds" text[] not null, "last_applied_at" timestamptz null, "last_matched" int null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now())`);
    this.addSql(`alter table "library_rule" add constraint "library_rule_department_id_name_unique" unique ("department_id", "name")`);
    this.addSql(`create table "subject" ("id" bigserial primary key, "key" varchar(255) collate "C" not null, "uscc" varchar(255) null, "name" varchar(255) not null, "kind" text not null, "region_code" varchar(255) collate "C" not null, "industry_code" varchar(255) null, "business_scope" text null, "address" text null, "operator_name" varchar(255) null, "operator_phone" varchar(255) null, "status" text not null, "risk_grade" text null, "tags" text[] not null default '{}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now())`);
    this.addSql(`alter table "subject" add constraint "subject_key_unique" unique ("key")`);
    this.addSql(`create index "subject_region_code_index" on "subject" ("region_code")`);
    this.addSql(`create index "subject_industry_code_pattern_idx" on "subject" ("industry_code" text_pattern_ops)`);
    this.addSql(`alter table "subject" add constraint "subject_kind_check" check ("kind" in ('ENTERPRISE', 'INDIVIDUAL_BUSINESS', 'OTHER_ORG', 'PRODUCT', 'PROJECT', 'BEHAVIOUR'))`);
    this.addSql(`alter table "subject" add constraint "subject_status_check" check ("status" in ('ACTIVE', 'REVOKED', 'CANCELLED', 'UNREACHABLE'))`);
    this.addSql(`alter table "subject" add constraint "subject_risk_grade_check" check ("risk_grade" in ('A', 'B', 'C', 'D'))`);
    this.addSql(`create or replace function "subject_subject_no_delete_fn"() returns trigger as $$ begin raise exception 'subject % cannot be deleted: mark it revoked, cancelled or unreachable instead', old.key using errcode = 'P0001'; end; $$ language plpgsql`);
    this.addSql(`create trigger "subject_no_delete" BEFORE DELETE on "subject" for each ROW execute function "subject_subject_no_delete_fn"()`);
    this.addSql(`create table "library_member" ("department_id" int not null, "subject_id" bigint not null, "source" text not null, "rule_id" int null, "added_at" timestamptz not null default now(), primary key ("department_id", "subject_id"))`);
    this.addSql(`create index "library_member_subject_id_index" on "library_member" ("subject_id")`);
    this.addSql(`alter table "library_member" add constraint "library_member_source_check" check ("source" in ('IMPORT', 'MANUAL', 'RULE'))`);
    this.addSql(`alter table "check_item" add constraint "check_item_department_id_foreign" foreign key ("department_id") references "department" ("id")`);
    this.addSql(`alter table "app_user" add constraint "app_user_department_id_foreign" foreign key ("department_id") references "department" ("id") on delete set null`);
    this.addSql(`alter table "inspector" add constraint "inspector_department_id_foreign" foreign key ("department_id") references "department" ("id")`);
    this.addSql(`alter table "inspector_conflict" add constraint "inspector_conflict_inspector_id_foreign" foreign key ("inspector_id") references "inspector" ("id")`);
    this.addSql(`alter table "library_rule" add constraint "library_rule_department_id_foreign" foreign key ("department_id") references "department" ("id")`);
    this.addSql(`create or replace function "audit_event_no_truncate_fn"() returns trigger as $$ begin raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'P0001'; end; $$ language plpgsql`);
    this.addSql(`create trigger "audit_event_no_truncate" before truncate on "audit_event" for each statement execute function "audit_event_no_truncate_fn"()`);
  }
}
