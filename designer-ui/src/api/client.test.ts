import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, createApiClient, parseProblem, queryString } from './client'

function respond(status: number, body: string, type = 'application/problem+json') {
  return new Response(body, { status, headers: { 'Content-Type': type } })
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('parseProblem', () => {
  it.each([
    {
      name: 'a problem with field errors',
      response: respond(
        400,
        JSON.stringify({
          type: 'urn:onething:problem:invalid-input',
          title: '输入有误',
          status: 400,
          detail: '请求中有 1 处错误',
          requestId: 'abc',
          errors: [{ pointer: '/template', message: '请提供模板' }, { pointer: 7 }, 'junk'],
        }),
      ),
      status: 400,
      type: 'urn:onething:problem:invalid-input',
      detail: '请求中有 1 处错误',
      errors: [{ pointer: '/template', message: '请提供模板' }],
    },
    {
      name: 'a problem without detail falls back to its title',
      response: respond(403, JSON.stringify({ type: 'urn:onething:problem:forbidden', title: '无权访问', status: 403 })),
      status: 403,
      type: 'urn:onething:problem:forbidden',
      detail: '无权访问',
      errors: [],
    },
    {
      name: 'a proxy error page',
      response: respond(502, '<html>Bad Gateway</html>', 'text/html'),
      status: 502,
      type: 'urn:onething:problem:unexpected-response',
      detail: '服务器返回了无法识别的错误（HTTP 502）',
      errors: [],
    },
    {
      name: 'JSON that is not an object',
      response: respond(500, '"oops"', 'application/json'),
      status: 500,
      type: 'urn:onething:problem:unexpected-response',
      detail: '服务器返回了无法识别的错误（HTTP 500）',
      errors: [],
    },
  ])('$name', async ({ response, status, type, detail, errors }) => {
    const problem = await parseProblem(response)
    expect(problem).toBeInstanceOf(ApiError)
    expect(problem).toMatchObject({ status, type, detail, errors, message: detail })
  })
})

describe('queryString', () => {
  it.each([
    { query: {}, expected: '' },
    { query: { q: '出生', page: 2 }, expected: '?q=%E5%87%BA%E7%94%9F&page=2' },
    { query: { kind: ['matter', 'package'], q: '', stage: [] }, expected: '?kind=matter&kind=package' },
    { query: { reveal: false, x: undefined, y: null }, expected: '?reveal=false' },
  ])('$expected', ({ query, expected }) => {
    expect(queryString(query)).toBe(expected)
  })
})

describe('createApiClient', () => {
  it('sends the bearer token and JSON, and reads JSON back', async () => {
    const fetchMock = vi.fn(async () => respond(200, '{"ok":true}', 'application/json'))
    vi.stubGlobal('fetch', fetchMock)
    const client = createApiClient()
    client.setToken('t0k3n')

    await expect(client.post('/api/tasks/1/complete', { version: 3 })).resolves.toEqual({ ok: true })

    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/tasks/1/complete')
    expect(init.method).toBe('POST')
    expect(init.body).toBe('{"version":3}')
    expect(init.headers).toMatchObject({ Authorization: 'Bearer t0k3n', 'Content-Type': 'application/json' })
  })

  it('sends no Authorization header without a token', async () => {
    const fetchMock = vi.fn(async () => respond(200, '{}', 'application/json'))
    vi.stubGlobal('fetch', fetchMock)

    await createApiClient().get('/api/catalogue/search', { q: 'x' })

    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/catalogue/search?q=x')
    expect(init.headers).not.toHaveProperty('Authorization')
  })

  it('throws the problem, and tells about a 401', async () => {
    vi.stubGlobal('fetch', async () =>
      respond(401, JSON.stringify({ type: 'urn:onething:problem:unauthorized', title: '未登录', status: 401, detail: '登录已过期' })),
    )
    const onUnauthorized = vi.fn()

    const error = await createApiClient({ onUnauthorized }).get('/api/auth/me').catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).detail).toBe('登录已过期')
    expect(onUnauthorized).toHaveBeenCalledOnce()
  })

  it('marks a 409 as a conflict', async () => {
    vi.stubGlobal('fetch', async () =>
      respond(409, JSON.stringify({ type: 'urn:onething:problem:conflict', title: '冲突', status: 409, detail: '任务已被他人更新' })),
    )
    const error = (await createApiClient().post('/api/tasks/1/complete', {}).catch((e: unknown) => e)) as ApiError
    expect(error.isConflict).toBe(true)
  })

  it('turns a failed connection into a Chinese problem', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))
    const error = (await createApiClient().get('/api/tasks').catch((e: unknown) => e)) as ApiError
    expect(error).toMatchObject({ status: 0, detail: '无法连接服务器，请检查网络后重试' })
  })
})
