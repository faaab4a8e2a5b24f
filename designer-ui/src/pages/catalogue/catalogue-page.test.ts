import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createAppI18n } from '../../i18n'
import CataloguePage from './CataloguePage.vue'

const ANSWER = {
  query: '出生',
  total: 1,
  page: 1,
  size: 10,
  hits: [
    {
      publisher: 'nhc', slug: 'birth-medical-certificate', version: '1.1.0', kind: 'matter', status: 'current',
      title: '出生医学证明签发', summary: '签发《出生医学证明》', stages: ['出生'], departments: ['health'],
      region: 'national', usage: 1, score: 2,
      highlight: { title: '<em>出生</em>医学证明签发', summary: '签发《<em>出生</em>医学证明》&lt;b&gt;' },
    },
  ],
  facets: { kind: [{ value: 'matter', count: 5 }, { value: 'package', count: 1 }], publisher: [{ value: 'nhc', count: 3 }], department: [], stage: [], status: [] },
}

describe('CataloguePage', () => {
  const fetchMock = vi.fn(async (url: string) => {
    void url
    return new Response(JSON.stringify(ANSWER), { headers: { 'Content-Type': 'application/json' } })
  })

  beforeEach(() => {
    setActivePinia(createPinia())
    fetchMock.mockClear()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('shows hits with safe highlights and facet values with counts; a facet value filters the search', async () => {
    const wrapper = mount(CataloguePage, { global: { plugins: [createAppI18n()] } })
    await flushPromises()

    expect(fetchMock).toHaveBeenCalledWith('/api/catalogue/search?page=1&size=10', expect.anything())
    const hit = wrapper.get('[data-test="hit"]')
    expect(hit.findAll('mark').map((m) => m.text())).toEqual(['出生', '出生'])
    expect(hit.find('b').exists()).toBe(false)
    expect(hit.text()).toContain('<b>')
    const matter = wrapper.get('[data-test="facet-kind-matter"]')
    expect(matter.text()).toBe('事项 5')

    await matter.trigger('click')
    await flushPromises()

    expect(fetchMock).toHaveBeenLastCalledWith('/api/catalogue/search?kind=matter&page=1&size=10', expect.anything())
  })
})
