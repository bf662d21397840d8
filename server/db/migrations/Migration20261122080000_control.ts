import { Migration } from '@mikro-orm/migrations';

/** Control groups: a share of every stratum drawn regardless of grade, marked on the inspections. */
export class Migration20261122080000_control extends Migration {
  override name = 'Migration20261122080000_control';

  override up(): void {
    this.addSql(`alter table "task" add "control_share" varchar(255) null`);
    this.addSql(`alter table "inspection" add "control" boolean not null default false`);
    this.addSql(`alter table "task_draw" add "control_quotas" jsonb null`);
  }
}
