import { createRouter, createWebHistory, type RouterHistory, type RouteRecordRaw } from 'vue-router'
import type { Role } from '../api'
import AppLayout from '../layouts/AppLayout.vue'
import HomePage from '../pages/home/HomePage.vue'
import { useAuthStore } from '../stores/auth'

declare module 'vue-router' {
  interface RouteMeta {
    /** Who may open the screen; absent means anybody, signed in or not. */
    roles?: ReadonlyArray<Role>
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', name: 'home', component: HomePage },
      { path: 'sign-in', name: 'sign-in', component: () => import('../pages/sign-in/SignInPage.vue') },
      {
        path: 'catalogue',
        name: 'catalogue',
        component: () => import('../pages/catalogue/CataloguePage.vue'),
        meta: { roles: ['admin', 'publisher'] },
      },
      {
        path: 'workbench',
        name: 'workbench',
        component: () => import('../pages/workbench/WorkbenchPage.vue'),
        meta: { roles: ['clerk'] },
      },
      {
        path: 'templates',
        name: 'templates',
        component: () => import('../pages/template-editor/TemplateListPage.vue'),
        meta: { roles: ['publisher'] },
      },
      {
        path: 'templates/:publisher/:slug',
        name: 'template-editor',
        component: () => import('../pages/template-editor/TemplateEditorPage.vue'),
        meta: { roles: ['publisher'] },
        props: true,
      },
      {
        path: 'services',
        name: 'services',
        component: () => import('../pages/services/ServicesPage.vue'),
        meta: { roles: ['admin'] },
      },
      {
        path: 'services/:slug',
        name: 'composer',
        component: () => import('../pages/composer/ComposerPage.vue'),
        meta: { roles: ['admin'] },
      },
      {
        path: 'dashboard',
        name: 'dashboard',
        component: () => import('../pages/dashboard/DashboardPage.vue'),
        meta: { roles: ['admin', 'auditor'] },
      },
    ],
  },
  // The server answers every /designer/** path with index.html; unknown ones land on the home page.
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)) {
  const router = createRouter({ history, routes })
  router.beforeEach(async (to) => {
    const authStore = useAuthStore()
    await authStore.restore()
    const allowed = to.meta.roles
    if (!allowed) return true
    if (!authStore.user) return { name: 'sign-in', query: { redirect: to.fullPath } }
    return authStore.hasAnyRole(allowed) ? true : { name: 'home' }
  })
  return router
}
