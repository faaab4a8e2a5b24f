/** The shapes the designer reads from the API (docs/openapi.yaml); only the fields it uses. */

export type Role = 'publisher' | 'admin' | 'clerk' | 'citizen' | 'auditor'

/** 用户 — a signed-in person, as /api/auth/me and the dev users describe them. */
export interface User {
  id: string
  name: string
  tenant: string | null
  tenantKind: string | null
  department: string | null
  roles: Role[]
}

export interface LoginAnswer {
  token: string
  tokenType: 'Bearer'
  expiresIn: number
  user: User
}

export type TemplateKind = 'element' | 'matter' | 'binding' | 'package'

/** 检索结果 — one hit; highlight.title / highlight.summary are HTML-escaped with matches in <em>. */
export interface SearchHit {
  publisher: string
  slug: string
  version: string
  kind: TemplateKind
  status: 'current' | 'older' | 'deprecated'
  title: string
  summary: string
  stages: string[]
  departments: string[]
  region: string
  usage: number
  score: number | null
  highlight?: { title?: string; summary?: string }
}

export interface FacetValue {
  value: string
  count: number
}

export interface SearchAnswer {
  query: string
  total: number
  page: number
  size: number
  hits: SearchHit[]
  facets: Record<string, FacetValue[]>
}

export interface Suggestion {
  text: string
  template: string
  kind: string
}

export interface VersionSummary {
  version: string
  status: 'draft' | 'published'
  title: string
  deprecated: boolean
  deprecationNote: string | null
  publishedAt: string | null
}

/** 模板 — a template with its versions. */
export interface TemplateDetail {
  publisher: string
  slug: string
  kind: TemplateKind
  current: string | null
  publisherName: string
  region: string
  usage: { provinces: number; byVersion: Record<string, number> }
  versions: VersionSummary[]
}

/** 待办 — one task in the clerk's queue. */
export interface TaskItem {
  id: number
  application: string
  service: string
  region: string
  branch: string
  step: string
  name: string
  type: string
  status: string
  assignee: string | null
  dueDate: string | null
  overdue: boolean
  version: number
}

export interface TaskQueue {
  department: string
  departmentName: string
  items: TaskItem[]
}

export interface TaskField {
  key: string
  label: string
  value: unknown
  masked: boolean
}

export interface TaskMaterial {
  key: string
  name: string
  eLicence: string | null
}

export interface TaskOutcome {
  id: string
  label: string
  result: string
}

/** 任务 — one task with the fields and materials its matter declared. */
export interface TaskDetail {
  id: number
  application_id: string
  service: string
  region: string
  branch: string
  step_id: string
  name: string
  type: string
  status: string
  assignee: string | null
  comment: string | null
  dueDate: string | null
  version: number
  fields: TaskField[]
  materials: TaskMaterial[]
  outcomes: TaskOutcome[]
}

/** 一件事服务 — a service of the region. */
export interface ServiceSummary {
  slug: string
  title: string
  fromPackage: string | null
  activeRelease: number | null
  updatedAt: string
}

export interface ReleaseFigures {
  fields?: { asked: number; memberSum: number }
  materials?: { asked: number; memberSum: number; waived: number }
  steps?: { service: number; memberSum: number }
  offlineVisits?: { service: number; memberSum: number }
  workingDays?: { promised: number; memberSum: number }
}

export interface ReleaseSummary {
  number: number
  publishedAt: string
  figures: ReleaseFigures | null
}
