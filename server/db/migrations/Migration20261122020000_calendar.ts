import { Migration } from '@mikro-orm/migrations';

/** Administrators' corrections of the working-day calendar (holidays and 调休 make-up days). */
export class Migration20261122020000_calendar extends Migration {
  override name = 'Migration20261122020000_calendar';

  override up(): void {
    this.addSql(`create table "calendar_override" ("date" date not null, "working" boolean not null, "name" varchar(255) not null, "created_by" varchar(255) not null, "created_at" timestamptz not null default now(), primary key ("date"))`);
  }
}
