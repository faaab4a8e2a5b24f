import { afterEach, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createAppI18n } from '../../i18n'
import HomePage from './HomePage.vue'

afterEach(() => {
  vi.unstubAllGlobals()
})

it('shows the product name, the subtitle and the server status', async () => {
  vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))

  const wrapper = mount(HomePage, { global: { plugins: [createAppI18n()] } })
  await flushPromises()

  expect(wrapper.get('h1').text()).toBe('一件事 OneThing')
  expect(wrapper.text()).toContain('一件事集成服务低代码平台 · 设计器')
  expect(wrapper.text()).toContain('服务器不可达')
})
