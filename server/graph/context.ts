import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { Pool } from 'pg';
import type { Caller } from '../auth/caller.js';
import type { AppConfig } from '../config/config.js';
import { Department } from '../departments/department.entity.js';
import { departmentStatsBatch, type DepartmentStats } from '../departments/department.service.js';

/** Per-request state: a forked EntityManager, the caller and request-scoped DataLoaders. Nothing global. */
export interface GraphContext {
  em: EntityManager;
  pool: Pool;
  caller: Caller;
  config: AppConfig;
  requestId: string;
  loaders: Loaders;
}

export interface Loaders {
  department: DataLoader<number, Department | undefined>;
  departmentStats: DataLoader<number, DepartmentStats>;
  /** Number of declared conflicts of interest per inspector id. */
  conflictCount: DataLoader<number, number>;
  /** Department ids whose sub-library holds a subject (by subject id). */
  subjectDepartments: DataLoader<number, number[]>;
}

export function createLoaders(em: EntityManager, pool: Pool): Loaders {
  return {
    department: new DataLoader(async (ids) => {
      const rows = await em.find(Department, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((d) => [d.id, d]));
      return ids.map((id) => byId.get(id));
    }),
    departmentStats: new DataLoader((ids) => departmentStatsBatch(pool, ids)),
    conflictCount: new DataLoader(async (ids) => {
      const r = await pool.query<{ inspector_id: number; n: number }>(
        'select inspector_id, count(*)::int as n from inspector_conflict where inspector_id = any($1) group by inspector_id',
        [ids],
      );
      const byId = new Map(r.rows.map((x) => [x.inspector_id, x.n]));
      return ids.map((id) => byId.get(id) ?? 0);
    }),
    subjectDepartments: new DataLoader(async (ids) => {
      const r = await pool.query<{ subject_id: string; deps: number[] }>(
        'select subject_id, array_agg(department_id order by department_id) as deps from library_member where subject_id = any($1) group by subject_id',
        [ids],
      );
      const byId = new Map(r.rows.map((x) => [Number(x.subject_id), x.deps]));
      return ids.map((id) => byId.get(id) ?? []);
    }),
  };
}
