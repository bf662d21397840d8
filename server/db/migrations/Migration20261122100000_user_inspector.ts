import { Migration } from '@mikro-orm/migrations';

/** An INSPECTOR account points at its roster entry, so it sees its own assignments (检查人员分派). */
export class Migration20261122100000_user_inspector extends Migration {
  override name = 'Migration20261122100000_user_inspector';

  override up(): void {
    this.addSql(`alter table "app_user" add "inspector_id" int null`);
    this.addSql(`alter table "app_user" add constraint "app_user_inspector_id_foreign" foreign key ("inspector_id") references "inspector" ("id") on delete set null`);
  }
}
