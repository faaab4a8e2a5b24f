import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, auth, type Role, type User } from '../api'

/** Where the token survives a reload of the tab (and nothing longer). */
export const TOKEN_KEY = 'onething.designer.token'

/** 菜单 — the designer's screens, and the roles that may open each. */
export type MenuKey = 'catalogue' | 'services' | 'workbench' | 'templates' | 'dashboard'
export const MENU: ReadonlyArray<{ key: MenuKey; path: string; roles: ReadonlyArray<Role> }> = [
  { key: 'catalogue', path: '/catalogue', roles: ['admin', 'publisher'] },
  { key: 'services', path: '/services', roles: ['admin'] },
  { key: 'workbench', path: '/workbench', roles: ['clerk'] },
  { key: 'templates', path: '/templates', roles: ['publisher'] },
  { key: 'dashboard', path: '/dashboard', roles: ['admin', 'auditor'] },
]

/** 登录状态 — the token, who it says the caller is, and what the caller may open. */
export const useAuthStore = defineStore('auth', () => {
  const token = ref<string | null>(sessionStorage.getItem(TOKEN_KEY))
  const user = ref<User | null>(null)
  api.setToken(token.value)

  const signedIn = computed(() => token.value !== null)
  const roles = computed<Role[]>(() => user.value?.roles ?? [])
  const menu = computed(() => MENU.filter((item) => item.roles.some((r) => roles.value.includes(r))))

  function hasAnyRole(allowed: ReadonlyArray<Role>): boolean {
    return allowed.some((r) => roles.value.includes(r))
  }

  function keep(next: string | null) {
    token.value = next
    api.setToken(next)
    if (next) sessionStorage.setItem(TOKEN_KEY, next)
    else sessionStorage.removeItem(TOKEN_KEY)
  }

  async function signIn(userId: string): Promise<User> {
    const answer = await auth.devLogin(userId)
    keep(answer.token)
    user.value = await auth.me()
    return user.value
  }

  /** After a reload: asks who the kept token belongs to; a token the server refuses is dropped. */
  async function restore(): Promise<User | null> {
    if (!token.value) return null
    if (user.value) return user.value
    try {
      user.value = await auth.me()
    } catch {
      signOut()
    }
    return user.value
  }

  function signOut() {
    keep(null)
    user.value = null
  }

  return { token, user, signedIn, roles, menu, hasAnyRole, signIn, restore, signOut }
})
