import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteRecordNormalized,
  type RouteRecordRaw,
  type Router,
  type RouterHistory,
} from 'vue-router'
import { ADMIN_ROLES, AUDIT_ROLES, MAINTAINER_ROLES } from './access'
import type { Role } from './graphql/types'
import { m } from './messages'
import { session } from './stores/session'
import { markOnce } from './timing'
// In the entry, not behind another request: the cockpit's data is asked for as soon as the app starts.
import { prefetchCockpit } from './views/cockpit/prefetch'

declare module 'vue-router' {
  interface RouteMeta {
    /** Window title and breadcrumb. */
    title?: string
    /** Only for logged-in staff; anonymous visitors are sent to 登录. */
    staff?: boolean
    /** Further restricted to these roles (implies staff). */
    roles?: readonly Role[]
    /** Menu entry to highlight when the page itself is not in the menu. */
    menu?: string
    /**
     * Ask for the page's data when a signed-in user enters it, while its code loads and the session is
     * checked, instead of after both (the page takes the answer through src/prefetch.ts).
     */
    prefetch?: (to: RouteLocationNormalized) => void
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./views/login/index.vue'), meta: { title: m.nav.login } },
  {
    path: '/password',
    name: 'password',
    component: () => import('./views/password/index.vue'),
    meta: { title: m.password.title, staff: true },
  },
  {
    path: '/',
    component: () => import('./layouts/AppLayout.vue'),
    children: [
      {
        // Decided in beforeEnter, not with `redirect`: redirects resolve before the session is restored.
        path: '',
        name: 'home',
        component: { render: () => null },
        beforeEnter: () => ({ name: session.loggedIn.value ? 'cockpit' : 'departments', replace: true }),
      },
      {
        path: 'cockpit',
        name: 'cockpit',
        component: () => import('./views/cockpit/index.vue'),
        meta: {
          title: m.nav.cockpit,
          staff: true,
          prefetch: (to) => prefetchCockpit(to.query),
        },
      },
      {
        path: 'coordination',
        name: 'coordination',
        component: () => import('./views/coordination/index.vue'),
        meta: { title: m.nav.coordination, staff: true },
      },
      {
        path: 'workspace',
        name: 'workspace',
        component: () => import('./views/workspace/index.vue'),
        meta: { title: m.nav.workspace, staff: true },
      },
      {
        path: 'plans',
        name: 'plans',
        component: () => import('./views/plans/index.vue'),
        meta: { title: m.nav.plans, staff: true },
      },
      {
        path: 'workspace/library-rules',
        name: 'library-rules',
        component: () => import('./views/library-rules/index.vue'),
        meta: { title: m.nav.libraryRules, roles: MAINTAINER_ROLES, menu: '/workspace' },
      },
      {
        path: 'departments',
        name: 'departments',
        component: () => import('./views/departments/index.vue'),
        meta: { title: m.nav.departments },
      },
      { path: 'items', name: 'items', component: () => import('./views/items/index.vue'), meta: { title: m.nav.items } },
      {
        path: 'subjects',
        name: 'subjects',
        component: () => import('./views/subjects/index.vue'),
        meta: { title: m.nav.subjects },
      },
      {
        path: 'inspectors',
        name: 'inspectors',
        component: () => import('./views/inspectors/index.vue'),
        meta: { title: m.nav.inspectors, staff: true },
      },
      {
        path: 'import',
        name: 'import',
        component: () => import('./views/import/index.vue'),
        meta: { title: m.nav.import, roles: MAINTAINER_ROLES },
      },
      {
        path: 'recognition',
        name: 'recognition',
        component: () => import('./views/recognition/index.vue'),
        meta: { title: m.nav.recognition, staff: true },
      },
      {
        path: 'tasks',
        name: 'tasks',
        component: () => import('./views/tasks/index.vue'),
        meta: { title: m.nav.tasks },
      },
      {
        path: 'tasks/:code',
        name: 'task',
        component: () => import('./views/tasks/TaskDetailView.vue'),
        meta: { title: m.nav.taskDetail, menu: '/tasks' },
      },
      {
        path: 'inspections/:id',
        name: 'inspection',
        component: () => import('./views/inspections/InspectionDetailView.vue'),
        meta: { title: m.nav.inspectionDetail, menu: '/tasks' },
      },
      {
        path: 'verify',
        name: 'verify',
        component: () => import('./views/verify/index.vue'),
        meta: { title: m.nav.verify },
      },
      { path: 'public', name: 'public', component: () => import('./views/public/index.vue'), meta: { title: m.nav.public } },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('./views/audit/index.vue'),
        meta: { title: m.nav.audit, roles: AUDIT_ROLES },
      },
      {
        path: 'backups',
        name: 'backups',
        component: () => import('./views/backups/index.vue'),
        meta: { title: m.nav.backups, roles: ADMIN_ROLES },
      },
      {
        path: 'accounts',
        name: 'accounts',
        component: () => import('./views/accounts/index.vue'),
        meta: { title: m.nav.accounts, roles: ADMIN_ROLES },
      },
      {
        path: 'forbidden',
        name: 'forbidden',
        component: () => import('./views/errors/ForbiddenView.vue'),
        meta: { title: m.state.forbidden },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('./views/errors/NotFoundView.vue'),
        meta: { title: m.state.notFound },
      },
    ],
  },
]

/** Build the router; tests pass a memory history. */
export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)): Router {
  // Every navigation starts the page at the top, except the first: the browser is already there, and
  // scrolling would force a layout in the middle of the first render.
  const router = createRouter({ history, routes, scrollBehavior: (_to, from) => (from.matched.length ? { top: 0 } : false) })

  router.beforeEach(async (to, from) => {
    // Records entered by this navigation (not those kept, e.g. the cockpit when only its filters change).
    const entered = to.matched.filter((r) => !from.matched.includes(r))
    if (session.state.token) for (const r of entered) r.meta.prefetch?.(to)
    // The pages' code is fetched while the session is checked, not after.
    await Promise.all([session.restore(), ...entered.map(loadComponents)])
    markOnce('route-loaded')
    const needsStaff = to.matched.some((r) => r.meta.staff || r.meta.roles)
    if (needsStaff && !session.loggedIn.value) {
      return { name: 'login', query: { redirect: to.fullPath } }
    }
    // A password an administrator set must be changed before anything else (the server refuses the rest).
    if (session.mustChangePassword.value && to.name !== 'password' && to.name !== 'login') {
      return { name: 'password', query: { redirect: to.fullPath } }
    }
    const roles = to.matched.flatMap((r) => r.meta.roles ?? [])
    if (roles.length > 0 && !session.hasRole(roles)) {
      return { name: 'forbidden', query: { from: to.fullPath } }
    }
    if (to.name === 'login' && session.loggedIn.value) return safeRedirect(to.query.redirect)
    if (to.name === 'password' && !session.mustChangePassword.value) return safeRedirect(to.query.redirect)
    return true
  })

  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} - ${m.app.name}` : m.app.name
  })

  return router
}

/** Start loading a record's lazy components (`() => import(...)`); the router later gets the same modules. */
function loadComponents(record: RouteRecordNormalized): Promise<unknown> {
  const loaders = Object.values(record.components ?? {}).filter((c): c is () => Promise<unknown> => typeof c === 'function')
  // A failed load is reported by the router when it resolves the component itself.
  return Promise.all(loaders.map((load) => Promise.resolve(load()).catch(() => undefined)))
}

/** Only same-app paths are followed after login, never another origin (`//evil`, `https://…`). */
export function safeRedirect(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/'
}
