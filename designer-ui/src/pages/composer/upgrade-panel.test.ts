import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createAppI18n } from '../../i18n'
import { useComposerStore } from '../../stores/composer'
import { json, PREVIEW, SERVICE } from '../../stores/composer-fixtures'
import UpgradePanel from './UpgradePanel.vue'

const ONE = '/api/tenants/330000/services/newborn-hz'
const PLAN = {
  available: [{ template: 'nhc/birth-medical-certificate', from: '1.1.0', to: '1.2.0', diff: '/api/…' }],
  droppedOverrides: [
    { override: { id: 'ov-place', op: 'help', field: 'nhc_birth_medical_certificate__birthPlaceCategory', help: '…' }, reason: '覆盖“ov-place”的目标字段不存在（模板升级后可能已被删除或改名）' },
  ],
  changes: {
    fields: { added: ['nhc_birth_medical_certificate__placeOfBirthCategory'], removed: ['nhc_birth_medical_certificate__birthPlaceCategory'], changed: [] },
    materials: { added: [], removed: [], changed: [] },
    members: { added: [], removed: [], changed: ['nhc/birth-medical-certificate'] },
    figures: { from: { fields: { asked: 44, memberSum: 92 } }, to: { fields: { asked: 44, memberSum: 92 } } },
  },
}

// The first mount loads Element Plus and the composer's chunk: slow on a busy machine.
describe('UpgradePanel', { timeout: 30000 }, () => {
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (url === `${ONE}/upgrades`) return json(PLAN)
    if (url === `${ONE}/upgrade`) return json({ ...PLAN, applied: true })
    if (url === ONE && (init?.method ?? 'GET') === 'GET') return json(SERVICE)
    if (url === `${ONE}/compile`) return json({ ok: true, diagnostics: [], preview: PREVIEW })
    return json({ active: null, releases: [] })
  })
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => vi.unstubAllGlobals())

  it('shows the newer versions, the diff and each override that would no longer apply with why, then upgrades', async () => {
    const store = useComposerStore()
    await store.load('330000', 'newborn-hz')
    const wrapper = mount(UpgradePanel, { global: { plugins: [createAppI18n()] } })
    await wrapper.get('[data-test=check-upgrades]').trigger('click')
    await flushPromises()
    expect(wrapper.text()).toContain('1.2.0')
    expect(wrapper.text()).toContain('+ nhc_birth_medical_certificate__placeOfBirthCategory')
    expect(wrapper.text()).toContain('− nhc_birth_medical_certificate__birthPlaceCategory')
    const dropped = wrapper.get('[data-test=dropped]')
    expect(dropped.text()).toContain('ov-place')
    expect(dropped.text()).toContain('不存在')

    await wrapper.findAll('button').find((b) => b.text() === '升级')!.trigger('click')
    await flushPromises()
    expect(fetchMock.mock.calls.some(([url, init]) => url === `${ONE}/upgrade` && init?.method === 'POST')).toBe(true)
    expect(wrapper.text()).toContain('已升级')
  })
})
