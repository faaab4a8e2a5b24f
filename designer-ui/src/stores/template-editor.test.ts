import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { matter } from '../pages/template-editor/test-fixtures'
import { commands } from '../pages/template-editor/commands'
import { backupKey, problemsUnder, SAVE_DELAY_MS, useTemplateEditorStore } from './template-editor'

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  })
}

const BASE = '/api/catalogue/templates/nhc/test'
const detail = (versions: { version: string; status: string }[]) => ({
  publisher: 'nhc', slug: 'test', kind: 'matter', current: '1.0.0', publisherName: '国家卫健委', region: 'national',
  usage: {}, versions: versions.map((v) => ({ ...v, title: '测试事项', deprecated: false, deprecationNote: null, publishedAt: null })),
})

describe('template editor store', () => {
  let versions: { version: string; status: string }[]
  let saved: unknown[]
  let saveAnswer: () => Response
  let publishAnswer: () => Response
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (url === BASE) return json(detail(versions))
    if (url.endsWith('/publish')) return publishAnswer()
    if (url.endsWith('/validate')) return json({ valid: true, errors: [] })
    const v = url.match(/versions\/([\d.]+)$/)?.[1]
    if (v && init?.method === 'PUT') {
      saved.push(JSON.parse(String(init.body)))
      return saveAnswer()
    }
    if (v) return json({ version: v, status: 'published', title: '测试事项', deprecated: false, content: { ...matter(), version: v } })
    return json({ status: 404, title: '未找到', detail: '没有' }, 404)
  })

  beforeEach(() => {
    vi.useFakeTimers()
    setActivePinia(createPinia())
    localStorage.clear()
    versions = [{ version: '1.0.0', status: 'published' }]
    saved = []
    saveAnswer = () => json({ valid: true, errors: [], status: 'draft' }, 201)
    publishAnswer = () => json({ status: 'published', version: '1.1.0' })
    fetchMock.mockClear()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('starts the next minor version from the newest published one, without saving until a change', async () => {
    const store = useTemplateEditorStore()
    await store.open('nhc', 'test')
    expect(store.version).toBe('1.1.0')
    expect(store.baseVersion).toBe('1.0.0')
    expect(store.draftOnServer).toBe(false)
    expect(store.draft!.version).toBe('1.1.0')
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'PUT')).toBe(false)
  })

  it('continues a draft when there is one', async () => {
    versions.push({ version: '1.1.0', status: 'draft' })
    const store = useTemplateEditorStore()
    await store.open('nhc', 'test')
    expect(store.version).toBe('1.1.0')
    expect(store.draftOnServer).toBe(true)
  })

  it('saves the draft shortly after a change, and undo/redo are commands too', async () => {
    const store = useTemplateEditorStore()
    await store.open('nhc', 'test')
    store.apply(commands.set('title', '新标题'))
    expect(store.dirty).toBe(true)
    expect(saved).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 10)
    expect(saved).toEqual([expect.objectContaining({ title: '新标题', version: '1.1.0' })])
    expect(store.dirty).toBe(false)
    expect(store.draftOnServer).toBe(true)

    store.undo()
    expect(store.draft!.title).toBe('测试事项')
    store.redo()
    expect(store.draft!.title).toBe('新标题')
  })

  it('keeps what was typed when the server refuses the save, with its errors, and restores it after a reload', async () => {
    saveAnswer = () => json({ type: 'urn:onething:problem:invalid-input', title: '请求有误', status: 400, detail: '请求有误',
      errors: [{ pointer: '/title', message: '请填写模板标题；草稿可以不完整，但必须有类型和标题。' }] }, 400)
    const store = useTemplateEditorStore()
    await store.open('nhc', 'test')
    store.apply(commands.set('title', ''))
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS + 10)
    expect(store.saveError).toBeTruthy()
    expect(store.dirty).toBe(true)
    expect(store.problemsAt('/title')[0]!.message).toContain('请填写模板标题')
    expect(JSON.parse(localStorage.getItem(backupKey('nhc', 'test', '1.1.0'))!).title).toBe('')

    setActivePinia(createPinia())
    const again = useTemplateEditorStore()
    await again.open('nhc', 'test')
    expect(again.restoredBackup).toBe(true)
    expect(again.draft!.title).toBe('')
  })

  it('shows the problems the server names when publishing fails', async () => {
    publishAnswer = () => json({ type: 'urn:onething:problem:template-invalid', title: '模板有问题，未发布', status: 422,
      detail: '模板有 1 处问题，修改后才能发布，详见 errors。',
      errors: [{ pointer: '/rules/0/expression', message: '规则引用了不存在的字段 form.nameX' }] }, 422)
    const store = useTemplateEditorStore()
    await store.open('nhc', 'test')
    store.apply(commands.set('summary', '简介'))
    expect(await store.publish()).toBe(false)
    expect(store.problemsAt('/rules/0')).toEqual([{ pointer: '/rules/0/expression', message: '规则引用了不存在的字段 form.nameX' }])
    expect(store.actionError).toBeTruthy()
    expect(store.draft!.summary).toBe('简介')
  })

  it('publishes after saving what is pending', async () => {
    const store = useTemplateEditorStore()
    await store.open('nhc', 'test')
    store.apply(commands.set('summary', '简介'))
    versions.push({ version: '1.1.0', status: 'published' })
    expect(await store.publish()).toBe(true)
    expect(saved).toHaveLength(1)
    expect(store.published).toBe('1.1.0')
    store.apply(commands.set('summary', '下一版'))
    expect(store.version).toBe('1.2.0')
    expect(store.draft!.version).toBe('1.2.0')
    expect(store.published).toBeNull()
  })

  it.each([
    ['/rules/0', ['/rules/0', '/rules/0/expression']],
    ['/rules/1', ['/rules/1/target']],
    ['/form', ['/form/sections/0/fields/0/label']],
  ])('finds the problems under %s', (pointer, expected) => {
    const problems = ['/rules/0', '/rules/0/expression', '/rules/1/target', '/rules/10/id', '/form/sections/0/fields/0/label']
      .map((p) => ({ pointer: p, message: p }))
    expect(problemsUnder(problems, pointer).map((p) => p.pointer)).toEqual(expected)
  })
})
