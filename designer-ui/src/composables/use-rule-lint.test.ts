import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { LINT_DELAY_MS, useRuleLint } from './use-rule-lint'

describe('useRuleLint', () => {
  const bodies: { expression: string; fields: string[] }[] = []
  const fetchMock = vi.fn(async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body))
    bodies.push(body)
    const at = body.expression.indexOf('form.nope')
    const errors = at < 0 ? [] : [{ pointer: '/expression', message: '规则引用了不存在的字段 form.nope', start: at, end: at + 9 }]
    return new Response(JSON.stringify({ valid: errors.length === 0, errors }), { headers: { 'Content-Type': 'application/json' } })
  })
  beforeEach(() => {
    vi.useFakeTimers()
    bodies.length = 0
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('asks the server once typing pauses, and marks where the problem is', async () => {
    const text = ref('form.a')
    const lint = useRuleLint(text, ref(['a']))
    text.value = 'form.a && form.n'
    text.value = 'form.a && form.nope'
    await vi.advanceTimersByTimeAsync(LINT_DELAY_MS + 5)
    expect(bodies).toEqual([{ expression: 'form.a && form.nope', fields: ['a'] }])
    expect(lint.findings.value[0]!.message).toBe('规则引用了不存在的字段 form.nope')
    expect(lint.excerpt(lint.findings.value[0]!)).toEqual({ before: 'form.a && ', part: 'form.nope', after: '' })

    text.value = 'form.a'
    await vi.advanceTimersByTimeAsync(LINT_DELAY_MS + 5)
    expect(lint.findings.value).toEqual([])
    expect(lint.checked.value).toBe('form.a')
  })
})
