import { createRouter, createWebHistory, type RouterHistory, type RouteRecordRaw } from 'vue-router'
import HomePage from '../pages/home/HomePage.vue'

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomePage },
  // The server answers every /designer/** path with index.html; unknown ones land on the home page.
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)) {
  return createRouter({ history, routes })
}
