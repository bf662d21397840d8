import { defineEntity, p } from '@mikro-orm/core';
import { Department } from '../departments/department.entity.js';
import { Subject } from '../directory/subject.entity.js';
import { InspectionResult } from './result.entity.js';
import { now } from '../common/clock.js';

/**
 * 互认: a department relied on another department's published result for an item instead of checking
 * the subject again itself. Counted in the metrics.
 */
const RecognitionSchema = defineEntity({
  name: 'Recognition',
  tableName: 'recognition',
  uniques: [{ properties: ['department', 'result', 'itemCode'] }],
  indexes: [{ properties: ['subject'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    department: () => p.manyToOne(Department),
    subject: () => p.manyToOne(Subject).createForeignKeyConstraint(false),
    result: () => p.manyToOne(InspectionResult),
    itemCode: p.string(),
    note: p.text().nullable(),
    recognizedBy: p.string(),
    recognizedAt: p.datetime().defaultRaw('now()').onCreate(() => now()),
  },
});

export class Recognition extends RecognitionSchema.class {}
RecognitionSchema.setClass(Recognition);
export { RecognitionSchema };
