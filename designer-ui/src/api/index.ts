import { createApiClient } from './client'
import type { CurrentTemplate, RuleFinding, StoredVersion, Verdict } from './template-types'
import type {
  LoginAnswer,
  ReleaseSummary,
  SearchAnswer,
  ServiceSummary,
  Suggestion,
  TaskDetail,
  TaskQueue,
  TemplateDetail,
  User,
} from './types'

export * from './client'
export type * from './types'
export type * from './template-types'

/** Fired on window when the server answers 401: the auth store signs out. */
export const UNAUTHORIZED_EVENT = 'onething:unauthorized'

/** The app's one client; the auth store gives it the token. */
export const api = createApiClient({
  onUnauthorized: () => window.dispatchEvent(new Event(UNAUTHORIZED_EVENT)),
})

export interface SearchParams {
  q?: string
  kind?: string[]
  publisher?: string[]
  department?: string[]
  stage?: string[]
  status?: string[]
  page?: number
  size?: number
}

const seg = encodeURIComponent

export const auth = {
  devUsers: () => api.get<{ users: User[] }>('/api/auth/dev-users').then((a) => a.users),
  devLogin: (user: string) => api.post<LoginAnswer>('/api/auth/dev-login', { user }),
  me: () => api.get<User>('/api/auth/me'),
}

export const catalogue = {
  suggest: (q: string) => api.get<{ suggestions: Suggestion[] }>('/api/catalogue/suggest', { q }).then((a) => a.suggestions),
  search: (params: SearchParams) => api.get<SearchAnswer>('/api/catalogue/search', { ...params }),
  template: (publisher: string, slug: string) =>
    api.get<TemplateDetail>(`/api/catalogue/templates/${seg(publisher)}/${seg(slug)}`),
  install: (tenant: string, template: string) =>
    api.post<unknown>(`/api/tenants/${seg(tenant)}/workspace/installs`, { template }),
}

export const tasks = {
  queue: () => api.get<TaskQueue>('/api/tasks'),
  task: (id: number) => api.get<TaskDetail>(`/api/tasks/${id}`),
  complete: (id: number, version: number, outcome: string, comment: string) =>
    api.post<unknown>(`/api/tasks/${id}/complete`, { version, outcome, comment }),
  supplement: (id: number, version: number, comment: string) =>
    api.post<unknown>(`/api/tasks/${id}/supplement`, { version, comment }),
}

export const services = {
  list: (tenant: string) => api.get<{ services: ServiceSummary[] }>(`/api/tenants/${seg(tenant)}/services`).then((a) => a.services),
  releases: (tenant: string, slug: string) =>
    api.get<{ active: number | null; releases: ReleaseSummary[] }>(`/api/tenants/${seg(tenant)}/services/${seg(slug)}/releases`),
}

const versionPath = (publisher: string, slug: string, version: string) =>
  `/api/catalogue/templates/${seg(publisher)}/${seg(slug)}/versions/${seg(version)}`

/** 模板编写 — drafts, checks and publishing, for a publisher under its own code. */
export const authoring = {
  list: (query: { kind?: string; publisher?: string }) =>
    api.get<{ templates: CurrentTemplate[] }>('/api/catalogue/templates', query).then((a) => a.templates),
  version: <T = Record<string, unknown>>(publisher: string, slug: string, version: string) =>
    api.get<StoredVersion<T>>(versionPath(publisher, slug, version)),
  saveDraft: (publisher: string, slug: string, version: string, template: unknown) =>
    api.put<Verdict & { status: string }>(versionPath(publisher, slug, version), template),
  validate: (publisher: string, slug: string, version: string) =>
    api.post<Verdict>(`${versionPath(publisher, slug, version)}/validate`),
  publish: (publisher: string, slug: string, version: string) =>
    api.post<{ status: string; version: string }>(`${versionPath(publisher, slug, version)}/publish`),
  checkRule: (expression: string, fields: string[]) =>
    api.post<{ valid: boolean; errors: RuleFinding[] }>('/api/catalogue/rules/check', { expression, fields }),
}
