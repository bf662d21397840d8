import { defineEntity, p } from '@mikro-orm/core';
import { RiskGrade, Subject } from '../directory/subject.entity.js';
import { now } from '../common/clock.js';

/** One factor of a risk score, in points, with a human explanation. */
export interface RiskFactor {
  factor: string;
  detail: string;
  points: number;
}

/**
 * A subject's risk grade as assessed at one moment: kept whenever the grade changes (grade history),
 * with the score and its top contributing factors.
 */
const RiskAssessmentSchema = defineEntity({
  name: 'RiskAssessment',
  tableName: 'risk_assessment',
  indexes: [{ properties: ['subject', 'assessedAt'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    subject: () => p.manyToOne(Subject).createForeignKeyConstraint(false),
    grade: p.enum(() => RiskGrade),
    previousGrade: p.enum(() => RiskGrade).nullable(),
    score: p.double(),
    factors: p.json<RiskFactor[]>(),
    /** What caused the assessment: an event (PUBLISH_RESULT, OPEN_FOLLOW_UP, …) or BATCH. */
    trigger: p.string(),
    assessedAt: p.datetime().defaultRaw('now()').onCreate(() => now()),
  },
});

export class RiskAssessment extends RiskAssessmentSchema.class {}
RiskAssessmentSchema.setClass(RiskAssessment);
export { RiskAssessmentSchema };
