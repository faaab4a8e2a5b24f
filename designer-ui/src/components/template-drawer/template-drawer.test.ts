import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { Role } from '../../api'
import { createAppI18n } from '../../i18n'
import { useAuthStore } from '../../stores/auth'
import { TemplateDrawer } from '.'

const TEMPLATE = {
  publisher: 'national',
  slug: 'newborn',
  kind: 'package',
  current: '1.0.0',
  publisherName: '国家政务服务平台',
  region: 'national',
  usage: { provinces: 1, byVersion: { '1.0.0': 1 } },
  versions: [{ version: '1.0.0', status: 'published', title: '新生儿出生一件事', deprecated: false, deprecationNote: null, publishedAt: '2026-11-27' }],
}

function json(body: unknown, status = 200, type = 'application/json') {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } })
}

function signedInAs(roles: Role[]) {
  useAuthStore().user = { id: 'u', name: '管理员', tenant: '330000', tenantKind: 'province', department: null, roles }
}

async function mountDrawer() {
  const wrapper = mount(TemplateDrawer, {
    props: { template: 'national/newborn' },
    global: { plugins: [createAppI18n()] },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

describe('TemplateDrawer', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows the template and installs it for an admin', async () => {
    signedInAs(['admin'])
    const fetchMock = vi.fn(async (url: string) => (url.endsWith('/installs') ? new Response(null, { status: 201 }) : json(TEMPLATE)))
    vi.stubGlobal('fetch', fetchMock)
    const wrapper = await mountDrawer()

    expect(document.body.textContent).toContain('国家政务服务平台（national）')
    ;(document.querySelector('[data-test="install"]') as HTMLElement).click()
    await flushPromises()

    expect(fetchMock).toHaveBeenLastCalledWith('/api/tenants/330000/workspace/installs', expect.objectContaining({ method: 'POST', body: '{"template":"national/newborn"}' }))
    expect(document.querySelector('[data-test="installed"]')?.textContent).toBe('已安装到 330000')
    expect(document.querySelector('[data-test="compose"]')?.textContent?.trim()).toBe('用它编排一件事')
    wrapper.unmount()
  })

  it('shows the server’s Chinese problem in place when the install fails', async () => {
    signedInAs(['admin'])
    vi.stubGlobal('fetch', async (url: string) =>
      url.endsWith('/installs')
        ? json(
            {
              type: 'urn:onething:problem:invalid-input',
              title: '输入有误',
              status: 400,
              detail: '安装请求有误',
              errors: [{ pointer: '/version', message: '没有这个版本' }],
            },
            400,
            'application/problem+json',
          )
        : json(TEMPLATE),
    )
    const wrapper = await mountDrawer()

    ;(document.querySelector('[data-test="install"]') as HTMLElement).click()
    await flushPromises()

    expect(document.body.textContent).toContain('安装请求有误')
    expect(document.querySelector('[data-test="problem-errors"]')?.textContent).toContain('/version 没有这个版本')
    wrapper.unmount()
  })

  it('offers no 安装 to a publisher', async () => {
    signedInAs(['publisher'])
    vi.stubGlobal('fetch', async () => json(TEMPLATE))
    const wrapper = await mountDrawer()

    expect(document.body.textContent).toContain('国家政务服务平台')
    expect(document.querySelector('[data-test="install"]')).toBeNull()
    wrapper.unmount()
  })
})
