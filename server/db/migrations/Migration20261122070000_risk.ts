import { Migration } from '@mikro-orm/migrations';

/** Risk grade history: each change of a subject's grade with its score and contributing factors. */
export class Migration20261122070000_risk extends Migration {
  override name = 'Migration20261122070000_risk';

  override up(): void {
    this.addSql(`create table "risk_assessment" ("id" bigserial primary key, "subject_id" bigint not null, "grade" text not null, "previous_grade" text null, "score" double precision not null, "factors" jsonb not null, "trigger" varchar(255) not null, "assessed_at" timestamptz not null default now())`);
    this.addSql(`create index "risk_assessment_subject_id_assessed_at_index" on "risk_assessment" ("subject_id", "assessed_at")`);
    this.addSql(`alter table "risk_assessment" add constraint "risk_assessment_grade_check" check ("grade" in ('A', 'B', 'C', 'D'))`);
    this.addSql(`alter table "risk_assessment" add constraint "risk_assessment_previous_grade_check" check ("previous_grade" in ('A', 'B', 'C', 'D'))`);
  }
}
