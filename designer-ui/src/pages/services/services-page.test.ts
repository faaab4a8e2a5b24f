import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { createAppI18n } from '../../i18n'
import { createAppRouter } from '../../router'
import { useAuthStore } from '../../stores/auth'
import { json, SERVICE } from '../../stores/composer-fixtures'
import ServicesPage from './ServicesPage.vue'

// The first mount loads Element Plus and the composer's chunk: slow on a busy machine.
describe('ServicesPage', { timeout: 30000 }, () => {
  let create: (body: Record<string, unknown>) => Response
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (url === '/api/tenants/330000/services' && init?.method === 'POST') return create(JSON.parse(String(init.body)))
    if (url === '/api/tenants/330000/services') return json({ services: [] })
    return json(SERVICE)
  })

  beforeEach(() => {
    setActivePinia(createPinia())
    vi.stubGlobal('fetch', fetchMock)
    useAuthStore().user = { id: 'admin-330000', name: '管理员', tenant: '330000', tenantKind: 'province', department: null, roles: ['admin'] }
  })
  afterEach(() => vi.unstubAllGlobals())

  it('opens 新建一件事 with the package from the catalogue, shows a refusal in the dialog, keeps what was typed, then opens the composer', async () => {
    const router = createAppRouter(createMemoryHistory('/designer/'))
    await router.push('/services?create=national/newborn&kind=package')
    const wrapper = mount(ServicesPage, { global: { plugins: [createAppI18n(), router] }, attachTo: document.body })
    await flushPromises()
    const dialog = () => document.querySelector('[data-test=create-dialog]')!
    const input = (name: string) => document.querySelector<HTMLInputElement>(`input[data-test=${name}], [data-test=${name}] input`)!
    expect(input('create-package').value).toBe('national/newborn')

    create = () => json({ status: 400, type: 'urn:onething:problem:invalid-input', title: '请求有误', detail: '请求中有 1 处需要修改', errors: [{ pointer: '/slug', message: '请填写服务代码：小写字母、数字和连字符，如 newborn。' }] }, 400)
    input('create-slug').value = 'Bad Slug'
    input('create-slug').dispatchEvent(new Event('input'))
    input('create-title').value = '新生儿出生一件事（杭州）'
    input('create-title').dispatchEvent(new Event('input'))
    await flushPromises()
    document.querySelector<HTMLButtonElement>('[data-test=create-submit]')!.click()
    await flushPromises()
    expect(dialog().textContent).toContain('请填写服务代码')
    expect(input('create-title').value).toBe('新生儿出生一件事（杭州）')

    create = (body) => json({ region: '330000', slug: body.slug, title: body.title, definition: SERVICE.definition }, 201)
    input('create-slug').value = 'newborn-hz'
    input('create-slug').dispatchEvent(new Event('input'))
    await flushPromises()
    document.querySelector<HTMLButtonElement>('[data-test=create-submit]')!.click()
    await flushPromises()
    const call = fetchMock.mock.calls.filter(([, init]) => init?.method === 'POST').at(-1)!
    expect(JSON.parse(String(call[1]!.body))).toEqual({ slug: 'newborn-hz', title: '新生儿出生一件事（杭州）', package: 'national/newborn' })
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/services/newborn-hz'), { timeout: 10000 })
    wrapper.unmount()
  })
})
