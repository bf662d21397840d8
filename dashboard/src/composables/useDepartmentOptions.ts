import { shallowRef, type ShallowRef } from 'vue'
import { fetchDepartments } from '../graphql/departments'
import type { Department } from '../graphql/types'

// Departments change rarely (a county has a few dozen); one fetch serves every select on every page.
const cache = shallowRef<Department[]>([])
let pending: Promise<void> | null = null

/** All departments, for filter selects. Failures leave the list empty; the select still works by code. */
export function useDepartmentOptions(): ShallowRef<Department[]> {
  pending ??= fetchDepartments({ first: 200 })
    .then((c) => {
      cache.value = c.nodes
    })
    .catch(() => {
      pending = null
    })
  return cache
}
