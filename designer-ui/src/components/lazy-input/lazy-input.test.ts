import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import LazyInput from './LazyInput.vue'

describe('LazyInput', () => {
  it('keeps what is typed and hands it over once, on change', async () => {
    const wrapper = mount(LazyInput, { props: { modelValue: '母亲姓名' }, attrs: { 'data-test': 'x' } })
    const input = wrapper.find('input[data-test="x"]')
    // setValue sends input, then change: the text survives the input, and change hands it over.
    await input.setValue('母亲姓名（中文）')
    expect((input.element as HTMLInputElement).value).toBe('母亲姓名（中文）')
    expect(wrapper.emitted('commit')).toEqual([['母亲姓名（中文）']])
    await wrapper.setProps({ modelValue: '改回' })
    expect((input.element as HTMLInputElement).value).toBe('改回')
  })

  it('an unchanged value is not handed over', async () => {
    const wrapper = mount(LazyInput, { props: { modelValue: 'a' } })
    await wrapper.find('input').trigger('change')
    expect(wrapper.emitted('commit')).toBeUndefined()
  })
})
