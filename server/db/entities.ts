import { AuditEventSchema } from '../audit/audit-event.entity.js';
import { AppUserSchema } from '../auth/user.entity.js';
import { CalendarOverrideSchema } from '../calendar/calendar.entity.js';
import { DepartmentSchema } from '../departments/department.entity.js';
import { LibraryMemberSchema, LibraryRuleSchema, SubjectSchema } from '../directory/subject.entity.js';
import { CheckItemSchema } from '../items/check-item.entity.js';
import { PlanSchema, PlanTaskSchema } from '../plans/plan.entity.js';
import { InspectorConflictSchema, InspectorSchema } from '../roster/inspector.entity.js';
import { FollowUpSchema } from '../followups/follow-up.entity.js';
import { InspectionMemberSchema, InspectionSchema, ReplacementSchema } from '../inspections/inspection.entity.js';
import { InspectionResultSchema, ItemResultSchema } from '../inspections/result.entity.js';
import { RecognitionSchema } from '../inspections/recognition.entity.js';
import { AttachmentSchema } from '../inspections/attachment.entity.js';
import { LeadSchema } from '../leads/lead.entity.js';
import { RiskAssessmentSchema } from '../risk/risk.entity.js';
import { TaskDrawSchema, TaskParticipantSchema, TaskSchema } from '../tasks/task.entity.js';

/** Every entity of the hub; the ORM is given this list, never a folder glob. */
export const entities = [
  DepartmentSchema,
  CheckItemSchema,
  SubjectSchema,
  LibraryMemberSchema,
  LibraryRuleSchema,
  InspectorSchema,
  InspectorConflictSchema,
  AuditEventSchema,
  AppUserSchema,
  PlanSchema,
  PlanTaskSchema,
  CalendarOverrideSchema,
  TaskSchema,
  TaskParticipantSchema,
  TaskDrawSchema,
  InspectionSchema,
  InspectionMemberSchema,
  ReplacementSchema,
  FollowUpSchema,
  InspectionResultSchema,
  ItemResultSchema,
  RecognitionSchema,
  LeadSchema,
  AttachmentSchema,
  RiskAssessmentSchema,
];
