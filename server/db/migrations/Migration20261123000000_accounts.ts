import { Migration } from '@mikro-orm/migrations';

/**
 * Account management: a session version that a password change, a reset or a deactivation bumps (every token
 * issued before stops working), a forced change of passwords an administrator set, and the lock after repeated
 * wrong passwords (登录失败处理). One roster entry backs at most one active account.
 */
export class Migration20261123000000_accounts extends Migration {
  override name = 'Migration20261123000000_accounts';

  override up(): void {
    this.addSql(`alter table "app_user"
      add "session_version" int not null default 0,
      add "must_change_password" boolean not null default false,
      add "failed_logins" int not null default 0,
      add "locked_until" timestamptz null,
      add "password_changed_at" timestamptz null,
      add "last_login_at" timestamptz null`);
    this.addSql(`create unique index "app_user_inspector_active_unique" on "app_user" ("inspector_id") where "active" and "inspector_id" is not null`);
  }
}
