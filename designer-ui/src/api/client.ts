/** One wrong field, as the server names it: a JSON pointer into the body (or a path parameter) and a Chinese message. */
export interface FieldProblem {
  pointer: string
  message: string
}

/**
 * 问题 — every failed call, whatever went wrong: an RFC 9457 problem from the server, or a
 * stand-in with the same shape when the server could not be reached or answered something else.
 */
export class ApiError extends Error {
  readonly status: number
  readonly type: string
  readonly title: string
  readonly detail: string
  readonly errors: FieldProblem[]
  readonly requestId?: string

  constructor(init: {
    status: number
    type: string
    title: string
    detail: string
    errors?: FieldProblem[]
    requestId?: string
  }) {
    super(init.detail)
    this.name = 'ApiError'
    this.status = init.status
    this.type = init.type
    this.title = init.title
    this.detail = init.detail
    this.errors = init.errors ?? []
    this.requestId = init.requestId
  }

  /** 409 stale-version or conflict: somebody changed the thing since it was read. */
  get isConflict(): boolean {
    return this.status === 409
  }
}

export const NETWORK_PROBLEM = 'urn:onething:problem:network'
export const UNEXPECTED_PROBLEM = 'urn:onething:problem:unexpected-response'

/** Turns a failed response into an ApiError; never throws, whatever the body is. */
export async function parseProblem(response: Response): Promise<ApiError> {
  const fallback = {
    status: response.status,
    type: UNEXPECTED_PROBLEM,
    title: '服务器返回了无法识别的错误',
    detail: `服务器返回了无法识别的错误（HTTP ${response.status}）`,
  }
  let body: unknown
  try {
    body = await response.json()
  } catch {
    return new ApiError(fallback)
  }
  if (typeof body !== 'object' || body === null) return new ApiError(fallback)
  const p = body as Record<string, unknown>
  const title = typeof p.title === 'string' ? p.title : fallback.title
  return new ApiError({
    status: typeof p.status === 'number' ? p.status : response.status,
    type: typeof p.type === 'string' ? p.type : fallback.type,
    title,
    detail: typeof p.detail === 'string' && p.detail ? p.detail : title,
    errors: Array.isArray(p.errors) ? p.errors.filter(isFieldProblem) : [],
    requestId: typeof p.requestId === 'string' ? p.requestId : undefined,
  })
}

function isFieldProblem(value: unknown): value is FieldProblem {
  if (typeof value !== 'object' || value === null) return false
  const { pointer, message } = value as { pointer?: unknown; message?: unknown }
  return typeof pointer === 'string' && typeof message === 'string'
}

export type Query = Record<string, string | number | boolean | ReadonlyArray<string> | undefined | null>

/** Repeats a key for an array (`kind=matter&kind=package`), as the API's exploded parameters expect; skips empty values. */
export function queryString(query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) value.forEach((v) => params.append(key, v))
    else params.append(key, String(value))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

export interface ApiClient {
  get<T>(path: string, query?: Query): Promise<T>
  post<T>(path: string, body?: unknown): Promise<T>
  put<T>(path: string, body: unknown): Promise<T>
  /** A POST whose answer is a page, not JSON (problems are still ApiErrors). */
  postForText(path: string): Promise<string>
  setToken(token: string | null): void
}

export interface ApiClientOptions {
  /** Called on every 401, after the error is built: the token is no longer good. */
  onUnauthorized?: () => void
}

/** The designer's one way to the server: JSON in and out, the bearer token on every call, problems as ApiError. */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  let token: string | null = null

  async function call<T>(method: string, path: string, body?: unknown, as: 'json' | 'text' = 'json'): Promise<T> {
    const headers: Record<string, string> = {
      Accept: as === 'json' ? 'application/json, application/problem+json' : 'text/html, application/problem+json',
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    if (token) headers.Authorization = `Bearer ${token}`
    let response: Response
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    } catch {
      throw new ApiError({ status: 0, type: NETWORK_PROBLEM, title: '无法连接服务器', detail: '无法连接服务器，请检查网络后重试' })
    }
    if (!response.ok) {
      const problem = await parseProblem(response)
      if (problem.status === 401) options.onUnauthorized?.()
      throw problem
    }
    if (response.status === 204) return undefined as T
    const text = await response.text()
    if (as === 'text') return text as T
    return (text ? JSON.parse(text) : undefined) as T
  }

  return {
    get: (path, query) => call('GET', path + queryString(query)),
    post: (path, body) => call('POST', path, body ?? {}),
    put: (path, body) => call('PUT', path, body),
    postForText: (path) => call<string>('POST', path, undefined, 'text'),
    setToken: (next) => {
      token = next
    },
  }
}
