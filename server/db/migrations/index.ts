import { Migration20261122000000_foundation } from './Migration20261122000000_foundation.js';
import { Migration20261122010000_plans } from './Migration20261122010000_plans.js';
import { Migration20261122020000_calendar } from './Migration20261122020000_calendar.js';
import { Migration20261122030000_tasks } from './Migration20261122030000_tasks.js';
import { Migration20261122040000_results } from './Migration20261122040000_results.js';
import { Migration20261122050000_followups } from './Migration20261122050000_followups.js';
import { Migration20261122060000_leads_archive } from './Migration20261122060000_leads_archive.js';
import { Migration20261122070000_risk } from './Migration20261122070000_risk.js';
import { Migration20261122080000_control } from './Migration20261122080000_control.js';
import { Migration20261122090000_metrics } from './Migration20261122090000_metrics.js';
import { Migration20261122100000_user_inspector } from './Migration20261122100000_user_inspector.js';
import { Migration20261123000000_accounts } from './Migration20261123000000_accounts.js';
import { Migration20261123010000_metric_refresh_once } from './Migration20261123010000_metric_refresh_once.js';

/** Migrations in the order they run; each is committed and never edited once released. */
export const migrations = [Migration20261122000000_foundation, Migration20261122010000_plans, Migration20261122020000_calendar, Migration20261122030000_tasks, Migration20261122040000_results, Migration20261122050000_followups, Migration20261122060000_leads_archive, Migration20261122070000_risk, Migration20261122080000_control, Migration20261122090000_metrics, Migration20261122100000_user_inspector, Migration20261123000000_accounts, Migration20261123010000_metric_refresh_once];
