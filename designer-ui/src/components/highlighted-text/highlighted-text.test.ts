import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { HighlightedText, parseHighlight } from '.'

describe('parseHighlight', () => {
  it.each([
    { source: '新生儿出生一件事', parts: [{ text: '新生儿出生一件事', marked: false }] },
    {
      source: '<em>新生儿出生</em>一件事',
      parts: [
        { text: '新生儿出生', marked: true },
        { text: '一件事', marked: false },
      ],
    },
    {
      source: '将<mark>出生</mark>医学',
      parts: [
        { text: '将', marked: false },
        { text: '出生', marked: true },
        { text: '医学', marked: false },
      ],
    },
    {
      name: 'escaped markup from the data stays text',
      source: '&lt;script&gt;alert(1)&lt;/script&gt; &amp; <em>证明</em>',
      parts: [
        { text: '<script>alert(1)</script> & ', marked: false },
        { text: '证明', marked: true },
      ],
    },
    {
      name: 'tags the API does not use stay literal',
      source: '<b onclick="x()">粗</b><em>体</em>',
      parts: [
        { text: '<b onclick="x()">粗</b>', marked: false },
        { text: '体', marked: true },
      ],
    },
  ])('$source', ({ source, parts }) => {
    expect(parseHighlight(source)).toEqual(parts)
  })
})

describe('HighlightedText', () => {
  it('renders matches as <mark> and never data as HTML', () => {
    const wrapper = mount(HighlightedText, {
      props: { text: '', highlight: '<img src=x onerror=alert(1)><em>出生</em>' },
    })
    expect(wrapper.find('img').exists()).toBe(false)
    expect(wrapper.get('mark').text()).toBe('出生')
    expect(wrapper.text()).toContain('<img src=x onerror=alert(1)>')
  })

  it('shows the plain text without a highlight', () => {
    const wrapper = mount(HighlightedText, { props: { text: '出生医学证明签发' } })
    expect(wrapper.text()).toBe('出生医学证明签发')
    expect(wrapper.find('mark').exists()).toBe(false)
  })
})
