import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createAppI18n } from '../../i18n'
import { useTemplateEditorStore } from '../../stores/template-editor'
import FormBuilder from './FormBuilder.vue'
import RuleEditor from './RuleEditor.vue'
import { matter } from './test-fixtures'

const EMAIL = { id: 'person.email', label: '电子邮箱', type: 'string', sensitivity: 'personal', set: 'mps/person', setTitle: '自然人基础数据元' } as const

function json(body: unknown) {
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } })
}

// The first mount compiles Element Plus, Vue Flow and vuedraggable on demand: seconds on a busy machine.
describe('template editor components', { timeout: 30_000 }, () => {
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (url === '/api/catalogue/rules/check') {
      const { expression } = JSON.parse(String(init!.body))
      const at = expression.indexOf('form.emial')
      return json({ valid: at < 0, errors: at < 0 ? [] : [{ pointer: '/expression', message: '规则引用了不存在的字段 form.emial', start: at, end: at + 10 }] })
    }
    if (url === '/api/catalogue/templates?kind=element') {
      return json({ templates: [{ publisher: 'mps', slug: 'person', kind: 'element', version: '1.0.0', title: '自然人基础数据元', deprecated: false }] })
    }
    if (url.startsWith('/api/catalogue/templates?')) return json({ templates: [] })
    if (url === '/api/catalogue/templates/mps/person/versions/1.0.0') {
      const { set: _s, setTitle: _t, ...element } = EMAIL
      return json({ version: '1.0.0', status: 'published', title: '自然人基础数据元', deprecated: false, content: { elements: [element] } })
    }
    return json({ valid: true, errors: [], status: 'draft' })
  })

  beforeEach(() => {
    setActivePinia(createPinia())
    vi.stubGlobal('fetch', fetchMock)
    const store = useTemplateEditorStore()
    store.publisher = 'nhc'
    store.slug = 'test'
    store.version = '1.1.0'
    store.draft = matter()
  })
  afterEach(() => vi.unstubAllGlobals())

  const mountIt = (component: unknown, props: Record<string, unknown> = {}) =>
    mount(component as never, { props: props as never, global: { plugins: [createAppI18n()] }, attachTo: document.body })

  it('a data element dropped on a section becomes a field there, selected in the properties panel', async () => {
    const wrapper = mountIt(FormBuilder)
    await flushPromises()
    expect(wrapper.find('[data-test="palette-person.email"]').text()).toContain('电子邮箱')
    expect(wrapper.find('[data-test="palette-person.email"]').text()).toContain('person.email')
    const sections = wrapper.findAllComponents({ name: 'draggable' }).filter((c) => c.attributes('data-test')?.startsWith('drop-'))
    sections[1]!.vm.$emit('change', { added: { element: { key: EMAIL.id, kind: 'element', element: EMAIL }, newIndex: 0 } })
    await flushPromises()
    const store = useTemplateEditorStore()
    expect(store.draft!.form.sections[1]!.fields).toEqual([{ id: 'email', element: 'person.email', required: false }])
    expect(wrapper.find('[data-test="section-b"] [data-test="field-email"]').text()).toContain('电子邮箱')
    expect(wrapper.find('[data-test="field-properties"]').exists()).toBe(true)
    expect(store.canUndo).toBe(true)
    wrapper.unmount()
  })

  it('shows each problem the server named next to the field it points at', async () => {
    const store = useTemplateEditorStore()
    store.problems = [{ pointer: '/form/sections/0/fields/1/constraints/maxLength', message: '字段只能收紧数据元的约束' }]
    const wrapper = mountIt(FormBuilder)
    await flushPromises()
    const card = wrapper.find('[data-test="field-note"]')
    expect(card.classes()).toContain('field-card--error')
    expect(card.find('[data-test="pointer-errors"]').text()).toBe('字段只能收紧数据元的约束')
    expect(wrapper.find('[data-test="field-name"] [data-test="pointer-errors"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('a rule shows the server\'s lint message as it is typed, and the fix clears it', async () => {
    vi.useFakeTimers()
    const store = useTemplateEditorStore()
    store.draft!.rules = [{ id: 'r', kind: 'valid', target: 'name', expression: 'form.emial !== null', message: 'x' }]
    const wrapper = mountIt(RuleEditor, { index: 0 })
    await vi.advanceTimersByTimeAsync(400)
    await flushPromises()
    const findings = wrapper.find('[data-test="rule-findings"]')
    expect(findings.text()).toContain('规则引用了不存在的字段 form.emial')
    expect(findings.find('mark').text()).toBe('form.emial')

    await wrapper.find('textarea').setValue('form.name !== null')
    await vi.advanceTimersByTimeAsync(500)
    await flushPromises()
    expect(wrapper.find('[data-test="rule-ok"]').exists()).toBe(true)
    expect(store.draft!.rules![0]!.expression).toBe('form.name !== null')
    vi.useRealTimers()
    wrapper.unmount()
  })
})
