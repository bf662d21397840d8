import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './auth-checker.js';
import { AuditResolver } from '../audit/audit.resolver.js';
import { BackupResolver } from '../backup/backup.resolver.js';
import { AccountResolver, AuthResolver } from '../auth/auth.resolver.js';
import { CalendarResolver } from '../calendar/calendar.resolver.js';
import { DepartmentResolver } from '../departments/department.resolver.js';
import { LibraryRuleResolver, SubjectResolver } from '../directory/subject.resolver.js';
import { ImportResolver } from '../importing/import.resolver.js';
import { CheckItemResolver } from '../items/check-item.resolver.js';
import { PlanResolver, PlanTaskResolver } from '../plans/plan.resolver.js';
import { InspectorResolver } from '../roster/inspector.resolver.js';
import { TaskResolver } from '../tasks/task.resolver.js';
import { InspectionResolver } from '../inspections/inspection.resolver.js';
import { AssignmentResolver } from '../inspections/assignment.resolver.js';
import { RecognitionResolver, SubjectProfileResolver } from '../inspections/recognition.resolver.js';
import { FollowUpResolver } from '../followups/follow-up.resolver.js';
import { LeadResolver } from '../leads/lead.resolver.js';
import { RiskResolver, SubjectRiskResolver } from '../risk/risk.resolver.js';
import { MetricsResolver } from '../metrics/metrics.resolver.js';

export const resolvers = [AuthResolver, AccountResolver, DepartmentResolver, CheckItemResolver, SubjectResolver, InspectorResolver, LibraryRuleResolver, ImportResolver, PlanResolver, PlanTaskResolver, CalendarResolver, TaskResolver, InspectionResolver, AssignmentResolver, FollowUpResolver, RecognitionResolver, SubjectProfileResolver, LeadResolver, SubjectRiskResolver, RiskResolver, MetricsResolver, AuditResolver, BackupResolver] as const;

let cached: Promise<GraphQLSchema> | undefined;

/** The executable schema; built once per process (type-graphql metadata is global). */
export function getSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({ resolvers: [...resolvers], validate: false, authChecker, authMode: 'error' });
  return cached;
}
