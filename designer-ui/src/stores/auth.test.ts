import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Role, User } from '../api'
import { TOKEN_KEY, useAuthStore } from './auth'

function user(roles: Role[]): User {
  return { id: 'u', name: '测试用户', tenant: '330000', tenantKind: 'province', department: 'data', roles }
}

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

/** A fake server: dev-login hands out a token, /me answers only for that token. */
function fakeServer(me: User) {
  const calls: Array<{ url: string; init: RequestInit }> = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init })
    if (url === '/api/auth/dev-login') return json({ token: 'good', tokenType: 'Bearer', expiresIn: 3600, user: me })
    if (url === '/api/auth/me') {
      const header = (init.headers as Record<string, string>).Authorization
      return header === 'Bearer good'
        ? json(me)
        : json({ type: 'urn:onething:problem:unauthorized', title: '未登录', status: 401, detail: '登录已过期' }, 401)
    }
    return json({}, 404)
  })
  return calls
}

describe('useAuthStore', () => {
  beforeEach(() => {
    sessionStorage.clear()
    setActivePinia(createPinia())
  })
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('signs in: keeps the token in the store and sessionStorage, and sends it to /me', async () => {
    const calls = fakeServer(user(['admin']))
    const auth = useAuthStore()

    await auth.signIn('admin-330000')

    expect(auth.token).toBe('good')
    expect(sessionStorage.getItem(TOKEN_KEY)).toBe('good')
    expect(auth.user?.name).toBe('测试用户')
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ user: 'admin-330000' })
    expect(calls[1]!.init.headers).toMatchObject({ Authorization: 'Bearer good' })
  })

  it.each([
    { roles: ['admin'] as Role[], menu: ['catalogue', 'services', 'dashboard'] },
    { roles: ['publisher'] as Role[], menu: ['catalogue', 'templates'] },
    { roles: ['clerk'] as Role[], menu: ['workbench'] },
    { roles: ['auditor'] as Role[], menu: ['dashboard'] },
  ])('shows $roles the menu $menu', async ({ roles, menu }) => {
    fakeServer(user(roles))
    const auth = useAuthStore()
    await auth.signIn('x')
    expect(auth.menu.map((m) => m.key)).toEqual(menu)
  })

  it('restores a kept token after a reload', async () => {
    fakeServer(user(['clerk']))
    sessionStorage.setItem(TOKEN_KEY, 'good')
    const auth = useAuthStore()

    await auth.restore()

    expect(auth.user?.roles).toEqual(['clerk'])
  })

  it('drops a kept token the server refuses', async () => {
    fakeServer(user(['clerk']))
    sessionStorage.setItem(TOKEN_KEY, 'expired')
    const auth = useAuthStore()

    await auth.restore()

    expect(auth.user).toBeNull()
    expect(auth.signedIn).toBe(false)
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull()
  })

  it('signs out', async () => {
    fakeServer(user(['admin']))
    const auth = useAuthStore()
    await auth.signIn('admin-330000')

    auth.signOut()

    expect(auth.user).toBeNull()
    expect(auth.menu).toEqual([])
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull()
  })
})
