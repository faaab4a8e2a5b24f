import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import draggable from 'vuedraggable'
import { createAppI18n } from '../../i18n'
import { PREVIEW } from '../../stores/composer-fixtures'
import { UnifiedForm, fieldView } from '.'

// The first mount loads Element Plus and the composer's chunk: slow on a busy machine.
describe('UnifiedForm', { timeout: 30000 }, () => {
  const mountForm = () =>
    mount(UnifiedForm, {
      props: { preview: PREVIEW, overrides: [{ id: 'ov-label', op: 'relabel', field: 'father_person_nationality', label: '父亲国籍' }] },
      global: { plugins: [createAppI18n()] },
    })

  it('shows which matters ask each field, the lock a member put on it and the province’s changes', () => {
    const wrapper = mountForm()
    const mother = wrapper.get('[data-field="mother_person_idNumber"]')
    expect(mother.text()).toContain('2 个事项需要')
    expect(mother.text()).toContain('birth-registration')
    expect(mother.get('[data-test=locked]').text()).toBe('锁定')
    const father = wrapper.get('[data-field="father_person_nationality"]')
    expect(father.find('[data-test=locked]').exists()).toBe(false)
    expect(father.text()).toContain('改名')
  })

  it('turns a field kind dropped on a section into a request for that section', () => {
    const wrapper = mountForm()
    wrapper.findComponent(draggable).vm.$emit('change', { added: { element: { type: 'date', name: 'x' }, newIndex: 1 } })
    expect(wrapper.emitted('drop')).toEqual([[{ type: 'date', section: '父母信息' }]])
  })

  it.each([
    ['a locked field cannot be hidden', 'mother_person_idNumber', 'hide', 'composer.form.refusedLocked'],
    ['a required field is already required', 'mother_person_idNumber', 'require', 'composer.form.refusedAlreadyRequired'],
    ['an optional unlocked field can be hidden', 'father_person_nationality', 'hide', undefined],
  ] as const)('%s', (_, key, op, reason) => {
    const field = PREVIEW.layout[0]!.fields.find((f) => f.key === key)!
    expect(fieldView(field, PREVIEW.provenance[key], []).refused[op]).toBe(reason)
  })
})
