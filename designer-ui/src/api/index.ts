import { createApiClient } from './client'
import type { CurrentTemplate, RuleFinding, StoredVersion, Verdict } from './template-types'
import type {
  CompileAnswer,
  LoginAnswer,
  PublishAnswer,
  ServiceDefinition,
  ServiceDetail,
  UpgradePlan,
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

const one = (tenant: string, slug: string) => `/api/tenants/${seg(tenant)}/services/${seg(slug)}`

/** 新建服务 — from a package or from chosen matters (exactly one of the two). */
export interface CreateService {
  slug: string
  title?: string
  package?: string
  matters?: string[]
}

export const services = {
  list: (tenant: string) => api.get<{ services: ServiceSummary[] }>(`/api/tenants/${seg(tenant)}/services`).then((a) => a.services),
  create: (tenant: string, body: CreateService) => api.post<ServiceDetail>(`/api/tenants/${seg(tenant)}/services`, body),
  get: (tenant: string, slug: string) => api.get<ServiceDetail>(one(tenant, slug)),
  update: (tenant: string, slug: string, body: Partial<ServiceDefinition> & { title?: string }) =>
    api.put<ServiceDetail>(one(tenant, slug), body),
  /** 草稿预览 — the citizen form of the unpublished draft, as HTML to frame. */
  previewPage: (tenant: string, slug: string) => api.postForText(`${one(tenant, slug)}/preview-page`),
  compile: (tenant: string, slug: string) => api.post<CompileAnswer>(`${one(tenant, slug)}/compile`),
  publish: (tenant: string, slug: string) => api.post<PublishAnswer>(`${one(tenant, slug)}/publish`),
  releases: (tenant: string, slug: string) =>
    api.get<{ active: number | null; releases: ReleaseSummary[] }>(`${one(tenant, slug)}/releases`),
  activate: (tenant: string, slug: string, number: number) =>
    api.post<{ slug: string; active: number }>(`${one(tenant, slug)}/releases/${number}/activate`),
  upgrades: (tenant: string, slug: string) => api.get<UpgradePlan>(`${one(tenant, slug)}/upgrades`),
  upgrade: (tenant: string, slug: string, members?: string[]) =>
    api.post<UpgradePlan>(`${one(tenant, slug)}/upgrade`, members ? { members } : {}),
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
