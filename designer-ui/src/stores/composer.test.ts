import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { ApiError } from '../api'
import { addOverride } from './composer-commands'
import { json, PREVIEW, SERVICE } from './composer-fixtures'
import { unsavedKey, useComposerStore } from './composer'

const ONE = '/api/tenants/330000/services/newborn-hz'

describe('composer store', () => {
  let put: (body: unknown) => Response | Promise<Response>
  let compile: () => Response
  let publish: () => Response
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (url === ONE && (init?.method ?? 'GET') === 'GET') return json(SERVICE)
    if (url === ONE && init?.method === 'PUT') return put(JSON.parse(String(init.body)))
    if (url === `${ONE}/compile`) return compile()
    if (url === `${ONE}/publish`) return publish()
    if (url === `${ONE}/releases`) return json({ active: null, releases: [] })
    return json({ status: 404, title: '未找到', detail: '没有' }, 404)
  })

  beforeEach(() => {
    setActivePinia(createPinia())
    sessionStorage.clear()
    fetchMock.mockClear()
    vi.stubGlobal('fetch', fetchMock)
    put = (body) => json({ ...SERVICE, definition: { ...SERVICE.definition, ...(body as object) } })
    compile = () => json({ ok: true, diagnostics: [], preview: PREVIEW })
    publish = () => json({ number: 1, contentHash: 'x', figures: {} }, 201)
  })
  afterEach(() => vi.unstubAllGlobals())

  it('loads the draft, compiles it and can publish when nothing is wrong', async () => {
    const store = useComposerStore()
    await store.load('330000', 'newborn-hz')
    expect(store.definition?.members).toHaveLength(2)
    expect(store.preview?.figures.fields).toEqual({ asked: 2, memberSum: 3 })
    expect(store.canPublish).toBe(true)
  })

  it('saves every edit at once with every editable part, then compiles again', async () => {
    const store = useComposerStore()
    await store.load('330000', 'newborn-hz')
    compile = () => json({ ok: false, diagnostics: [{ pointer: '/overrides/0', message: '字段“母亲公民身份号码”由 nhc 锁定，不能隐藏' }], preview: null })
    await store.apply(addOverride({ op: 'hide', field: 'mother_person_idNumber' }))

    const call = fetchMock.mock.calls.find(([url, init]) => url === ONE && init?.method === 'PUT')!
    const body = JSON.parse(String(call[1]!.body))
    expect(Object.keys(body).sort()).toEqual(['endpoints', 'licences', 'members', 'ordering', 'overrides', 'sharedAcceptance'])
    expect(body.overrides).toEqual([{ id: 'ov-hide-mother-person-id-number', op: 'hide', field: 'mother_person_idNumber' }])
    expect(store.diagnostics).toHaveLength(1)
    expect(store.preview?.contentHash).toBe('x')
    expect(store.previewStale).toBe(true)
    expect(store.canPublish).toBe(false)
    await store.undo()
    expect(store.definition?.overrides).toEqual([])
  })

  it('keeps the draft as it was when the server refuses an edit, and throws the problem for the form to show', async () => {
    const store = useComposerStore()
    await store.load('330000', 'newborn-hz')
    put = () => json({ status: 400, type: 'urn:onething:problem:invalid-input', title: '请求有误', detail: '请求中有 1 处需要修改', errors: [{ pointer: '/overrides/0/field/id', message: '与正则表达式模式不匹配' }] }, 400)
    const refused = store.apply(addOverride({ op: 'relabel', field: 'father_person_nationality', label: '国籍' }))
    await expect(refused).rejects.toMatchObject({ status: 400, errors: [{ pointer: '/overrides/0/field/id' }] })
    expect(store.definition?.overrides).toEqual([])
    expect(store.unsaved).toBe(false)
  })

  it('keeps an edit the server never got in the tab, and offers it again after a reload', async () => {
    const store = useComposerStore()
    await store.load('330000', 'newborn-hz')
    put = () => Promise.reject(new TypeError('Failed to fetch'))
    await expect(store.apply(addOverride({ op: 'relabel', field: 'father_person_nationality', label: '国籍' }))).rejects.toBeInstanceOf(ApiError)
    expect(store.unsaved).toBe(true)
    expect(store.definition?.overrides).toHaveLength(1)
    expect(sessionStorage.getItem(unsavedKey('330000', 'newborn-hz'))).toContain('国籍')

    setActivePinia(createPinia())
    const again = useComposerStore()
    await again.load('330000', 'newborn-hz')
    expect(again.recoverable?.overrides).toHaveLength(1)
    put = (body) => json({ ...SERVICE, definition: { ...SERVICE.definition, ...(body as object) } })
    await again.recover()
    expect(again.definition?.overrides).toHaveLength(1)
    expect(sessionStorage.getItem(unsavedKey('330000', 'newborn-hz'))).toBeNull()
  })

  it('shows every diagnostic a refused publish lists', async () => {
    const store = useComposerStore()
    await store.load('330000', 'newborn-hz')
    publish = () => json({ status: 422, type: 'urn:onething:problem:service-invalid', title: '服务有问题，未发布', detail: '编排有 2 处问题', errors: [{ pointer: '/overrides/0', message: 'a' }, { pointer: '/overrides/1/field', message: 'b' }] }, 422)
    await expect(store.publish()).rejects.toMatchObject({ status: 422 })
    expect(store.diagnostics.map((d) => d.pointer)).toEqual(['/overrides/0', '/overrides/1/field'])
  })
})
