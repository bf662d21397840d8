// A small but complete metrics answer (three departments, four grades, three months) for the specs.
import type { CockpitMetrics } from '../../../graphql/metrics'
import type { DepartmentScore, Share } from '../../../graphql/types'

export const share = (numerator: number, denominator: number, target: number | null = null): Share => ({
  numerator,
  denominator,
  value: denominator > 0 ? numerator / denominator : null,
  target,
})

const component = (key: string, label: string, weight: number, points: number, s: Share) => ({ key, label, weight, points, share: s })

export function score(department: string, name: string, points: number[], declined = 0): DepartmentScore {
  const keys: [string, string, number][] = [
    ['planFiled', '年度计划按时备案', 10],
    ['taskCompletion', '抽查任务完成率', 20],
    ['jointParticipation', '联合抽查参与度', 20],
    ['timelyEntry', '结果按时录入', 20],
    ['publication', '结果按时公示', 15],
    ['followUpClosure', '后续处置办结率', 15],
  ]
  const components = keys.map(([k, l, w], i) => component(k, l, w, points[i]!, share(points[i]!, w)))
  const deductions = [
    { key: 'DECLINED_JOINT', label: '拒绝参加联合抽查', count: declined, points: declined * 3 },
    { key: 'INCOMPLETE_JOINT', label: '联合抽查逾期未完成', count: 0, points: 0 },
  ]
  const total = components.reduce((a, c) => a + c.points, 0) - deductions.reduce((a, d) => a + d.points, 0)
  return { department, name, score: Math.round(total * 10) / 10, tasks: 2, jointTasks: 1, inspections: 6, components, deductions }
}

export function metricsFixture(overrides: Partial<CockpitMetrics> = {}): CockpitMetrics {
  return {
    from: '2026-01',
    to: '2026-12',
    year: 2026,
    today: '2026-03-15',
    source: 'ROLLUP',
    tasks: 25,
    jointTasks: 3,
    inspections: 1234,
    jointInspections: 10,
    published: 45,
    overdue: 2,
    recognitions: 1,
    jointShare: share(3, 25, 0.1),
    jointShareByInspections: share(10, 1234, 0.1),
    itemCoverage: share(26, 68),
    uncoveredItems: ['SW-003', 'GA-001'],
    departmentCoverage: share(15, 17),
    uncoveredDepartments: ['RS', 'TJPC'],
    subjectCoverage: share(120, 5000),
    timeliness: share(40, 47),
    timelyEntry: share(42, 47),
    problemRate: share(3, 45),
    controlProblemRate: share(0, 9),
    followUpClosure: share(1, 2),
    grades: [
      { grade: 'A', subjects: 439, inspectedSubjects: 30, coverage: share(30, 439), inspections: 34, published: 28, problemRate: share(1, 28), controlInspections: 6, controlProblemRate: share(0, 5) },
      { grade: 'B', subjects: 26, inspectedSubjects: 20, coverage: share(20, 26), inspections: 21, published: 16, problemRate: share(2, 16), controlInspections: 5, controlProblemRate: share(1, 4) },
      { grade: 'C', subjects: 1, inspectedSubjects: 0, coverage: share(0, 1), inspections: 0, published: 0, problemRate: share(0, 0), controlInspections: 0, controlProblemRate: share(0, 0) },
      { grade: 'U', subjects: 3, inspectedSubjects: 0, coverage: share(0, 3), inspections: 0, published: 0, problemRate: share(0, 0), controlInspections: 0, controlProblemRate: share(0, 0) },
    ],
    departmentScores: [
      score('STHJ', '淄博市生态环境局临淄分局', [10, 20, 20, 20, 12, 15]),
      score('SCJG', '临淄区市场监督管理局', [10, 15, 20, 18, 11.3, 15]),
      score('GA', '淄博市公安局临淄分局', [10, 0, 0, 20, 15, 15], 1),
    ],
    monthly: ['2026-01', '2026-02', '2026-03', '2026-04'].map((month, i) => ({
      month,
      tasks: [1, 0, 3, 0][i]!,
      jointTasks: [0, 0, 1, 0][i]!,
      inspections: [4, 0, 9, 0][i]!,
      jointInspections: [0, 0, 5, 0][i]!,
      overdue: [0, 0, 1, 0][i]!,
      jointShare: [share(0, 1, 0.1), share(0, 0, 0.1), share(1, 3, 0.1), share(0, 0, 0.1)][i]!,
      jointShareByInspections: [share(0, 4, 0.1), share(0, 0, 0.1), share(5, 9, 0.1), share(0, 0, 0.1)][i]!,
      timeliness: [share(4, 4), share(0, 0), share(6, 8), share(0, 0)][i]!,
      problemRate: [share(1, 4), share(0, 0), share(0, 7), share(0, 0)][i]!,
    })),
    ...overrides,
  }
}
