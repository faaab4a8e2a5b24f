import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createAppI18n } from '../../i18n'
import { HealthCard } from '.'

function respondWith(status: number, body: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })),
  )
}

async function mountCard() {
  const wrapper = mount(HealthCard, { global: { plugins: [createAppI18n()] } })
  await flushPromises()
  return wrapper
}

describe('HealthCard', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('shows a healthy server and database with the version', async () => {
    respondWith(200, { status: 'UP', database: { status: 'UP', detail: 'PostgreSQL 15.14' }, version: '0.1.0-SNAPSHOT' })

    const wrapper = await mountCard()

    expect(wrapper.get('[data-test="server"]').text()).toBe('服务器正常')
    expect(wrapper.get('[data-test="database"]').text()).toContain('数据库正常')
    expect(wrapper.get('[data-test="version"]').text()).toBe('0.1.0-SNAPSHOT')
    expect(wrapper.get('[data-test="server"] .el-tag').classes()).toContain('el-tag--success')
  })

  it('shows why the database is down', async () => {
    respondWith(503, { status: 'DOWN', database: { status: 'DOWN', detail: 'Connection refused' }, version: '0.1.0-SNAPSHOT' })

    const wrapper = await mountCard()

    expect(wrapper.get('[data-test="database"]').text()).toContain('数据库不可用')
    expect(wrapper.get('[data-test="database"]').text()).toContain('Connection refused')
    expect(wrapper.get('[data-test="database"] .el-tag').classes()).toContain('el-tag--danger')
  })

  it('says the server is unreachable when fetch fails, and checks again on request', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))
    const wrapper = await mountCard()
    expect(wrapper.get('[data-test="server"]').text()).toBe('服务器不可达')
    expect(wrapper.find('[data-test="version"]').exists()).toBe(false)

    respondWith(200, { status: 'UP', database: { status: 'UP' }, version: '0.1.0-SNAPSHOT' })
    await wrapper.get('button').trigger('click')
    await flushPromises()

    expect(wrapper.get('[data-test="server"]').text()).toBe('服务器正常')
  })
})
