import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { createAppI18n } from '../../i18n'
import { createAppRouter } from '../../router'
import { useAuthStore } from '../../stores/auth'
import { json, PREVIEW, SERVICE } from '../../stores/composer-fixtures'
import ComposerPage from './ComposerPage.vue'

const ONE = '/api/tenants/330000/services/newborn-hz'

// The first mount loads Element Plus and the composer's chunk: slow on a busy machine.
describe('ComposerPage', { timeout: 30000 }, () => {
  let compile: () => Response
  let put: (body: Record<string, unknown>) => Response
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (url === ONE && (init?.method ?? 'GET') === 'GET') return json(SERVICE)
    if (url === ONE && init?.method === 'PUT') return put(JSON.parse(String(init.body)))
    if (url === `${ONE}/compile`) return compile()
    if (url === `${ONE}/releases`) return json({ active: null, releases: [] })
    return json({ status: 404, title: '未找到', detail: '没有' }, 404)
  })

  beforeEach(() => {
    setActivePinia(createPinia())
    sessionStorage.clear()
    vi.stubGlobal('fetch', fetchMock)
    useAuthStore().user = { id: 'admin-330000', name: '管理员', tenant: '330000', tenantKind: 'province', department: null, roles: ['admin'] }
    compile = () => json({ ok: true, diagnostics: [], preview: PREVIEW })
    put = (body) => json({ ...SERVICE, definition: { ...SERVICE.definition, ...body } })
  })
  afterEach(() => vi.unstubAllGlobals())

  async function open() {
    const router = createAppRouter(createMemoryHistory('/designer/'))
    await router.push('/services/newborn-hz')
    const wrapper = mount(ComposerPage, {
      global: { plugins: [createAppI18n(), router], stubs: { ProcessGraph: true } },
      attachTo: document.body,
    })
    await flushPromises()
    return wrapper
  }

  it('shows the figures against the members’ sum and the unified form', async () => {
    const wrapper = await open()
    expect(wrapper.get('[data-test=figures]').text()).toContain('字段 2（原 3）')
    expect(wrapper.get('[data-test=figures]').text()).toContain('时限 10 天（原 10）')
    expect(wrapper.get('[data-test=unified-form]').text()).toContain('母亲公民身份号码')
    expect(wrapper.get('[data-test=diagnostics-count]').text()).toBe('可以发布')
    wrapper.unmount()
  })

  it('lists each diagnostic and jumps to the override that causes it', async () => {
    SERVICE.definition.overrides = [{ id: 'ov-hide', op: 'hide', field: 'mother_person_idNumber' }]
    compile = () => json({ ok: false, diagnostics: [{ pointer: '/overrides/0', message: '字段“母亲公民身份号码”由 nhc 锁定，不能隐藏' }], preview: null })
    try {
      const wrapper = await open()
      expect(wrapper.get('[data-test=publish]').attributes('disabled')).toBeDefined()
      await wrapper.get('[data-test=diagnostic]').trigger('click')
      await flushPromises()
      const row = wrapper.get('[data-test=overrides] .is-highlight')
      expect(row.text()).toContain('ov-hide')
      expect(row.text()).toContain('由 nhc 锁定')
      wrapper.unmount()
    } finally {
      SERVICE.definition.overrides = []
    }
  })

  it('takes a suggestion in one click and shows its kind and evidence', async () => {
    const wrapper = await open()
    await wrapper.findAll('.el-tabs__item').find((t) => t.text().startsWith('流程再造'))!.trigger('click')
    await flushPromises()
    const card = wrapper.get('[data-test=suggestion-e-licence]')
    expect(card.get('[data-test=suggestion-type]').text()).toBe('电子证照免提交')
    expect(card.text()).toContain('birth-certificate')
    await card.get('[data-test=take]').trigger('click')
    await flushPromises()
    const call = fetchMock.mock.calls.filter(([url, init]) => url === ONE && init?.method === 'PUT').at(-1)!
    expect(JSON.parse(String(call[1]!.body)).licences).toEqual(['birth-certificate'])
    wrapper.unmount()
  })
})
