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

/** 成员事项 — a member matter at its exact version. */
export interface MemberRef {
  template: string
  version: string
}

/** 顺序约束 — `after` waits for `before`. */
export interface OrderingConstraint {
  before: string
  after: string
  reason?: string
}

export interface Constraints {
  minLength?: number
  maxLength?: number
  pattern?: string
  minimum?: number
  maximum?: number
  options?: Array<{ value: string | number; label: string }>
}

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'enum'

/** 本地覆盖 — a province's change, keyed by a stable id so it re-applies onto new template versions. */
export type Override =
  | { id: string; op: 'addField'; section?: string; field: { id: string; type?: FieldType; label?: string; element?: string; role?: string; help?: string; required?: boolean; constraints?: Constraints } }
  | { id: string; op: 'relabel'; field: string; label: string }
  | { id: string; op: 'help'; field: string; help: string }
  | { id: string; op: 'require'; field: string }
  | { id: string; op: 'tighten'; field: string; constraints: Constraints }
  | { id: string; op: 'hide'; field: string }
  | { id: string; op: 'addStep'; after?: string; step: { id: string; name: string; type?: string; department: string; timeLimitDays: number } }
  | { id: string; op: 'addRule'; rule: { kind: string; target?: string; expression: string; message?: string } }
  | { id: string; op: 'useCommitment'; matter: string }

export type OverrideOp = Override['op']

/** 接口地址 — where the province's department system answers one binding; the secret by name only. */
export interface Endpoint {
  baseUrl: string
  secretRef?: string
  secretHeader?: string
  timeoutMs?: number
}

/** 服务定义 — the editable draft. */
export interface ServiceDefinition {
  members: MemberRef[]
  ordering: OrderingConstraint[]
  sharedAcceptance: { department?: string; description?: string; timeLimitDays?: number }
  overrides: Override[]
  licences: string[]
  endpoints: Record<string, Endpoint>
}

/** 一件事服务 — one service with its draft definition. */
export interface ServiceDetail {
  region: string
  slug: string
  title: string
  fromPackage: string | null
  activeRelease: number | null
  definition: ServiceDefinition
  updatedAt?: string
}

export interface Diagnostic {
  pointer: string
  message: string
}

export interface LayoutField {
  key: string
  label: string
  help?: string | null
  widget: string
  required: boolean
  origin?: 'process'
  options?: Array<{ value: string | number; label: string }>
}

export interface LayoutSection {
  id: string
  title: string
  fields: LayoutField[]
}

export type ProvenanceSource =
  | { template: string; version: string; field: string; required: boolean; locked?: boolean }
  | { override: string }

export interface FieldProvenance {
  element: string | null
  role: string | null
  sensitivity: string | null
  sources: ProvenanceSource[]
}

export interface CompiledStep {
  id: string
  name: string
  type: string
  department: string
  timeLimitDays: number
  next?: string[]
}

export interface CompiledBranch {
  matter: string
  version: string | null
  title: string
  department: string
  steps: CompiledStep[]
  days: number
  after: Array<{ matter: string; reason?: string }>
  override?: string
  commitment?: boolean
}

export interface CompiledProcess {
  acceptance: { id: string; name: string; department: string; timeLimitDays: number }
  startInParallel?: string[]
  branches: CompiledBranch[]
  criticalPath: { days: number; matters: string[] }
}

export interface ReformSuggestion {
  kind: 'suggestion'
  type: 'e-licence' | 'parallel' | 'commitment' | 'filing' | 'minimum-necessary' | string
  message: string
  evidence: Record<string, unknown>
}

export interface CompiledMaterial {
  key: string
  name: string
  eLicence?: string | null
  waived: boolean
  sources: Array<{ template: string }>
}

export interface BindingPlanEntry {
  matter: string
  use: string
  binding: string
  version: string | null
  purpose: string
  endpoint: Endpoint | null
}

export interface Responsibility {
  steps: Array<{ matter: string; step: string; name: string; timeLimitDays: number }>
  fields: string[]
  materials: string[]
}

/** 编译结果 — the release a publish would make. */
export interface CompiledRelease {
  region: string
  title: string
  members: MemberRef[]
  schema: { properties: Record<string, Record<string, unknown>>; required: string[] }
  layout: LayoutSection[]
  provenance: Record<string, FieldProvenance>
  materials: CompiledMaterial[]
  process: CompiledProcess
  bindings: BindingPlanEntry[]
  responsibilities: Record<string, Responsibility>
  figures: ReleaseFigures
  suggestions: ReformSuggestion[]
  contentHash: string
}

export interface CompileAnswer {
  ok: boolean
  diagnostics: Diagnostic[]
  preview: CompiledRelease | null
}

export interface PublishAnswer {
  number: number
  contentHash: string
  figures: ReleaseFigures
}

export interface KeyedChanges {
  added: string[]
  removed: string[]
  changed: string[]
}

/** 升级计划 — newer member versions, the overrides that would no longer apply, and what changes. */
export interface UpgradePlan {
  available: Array<{ template: string; from: string; to: string; diff: string }>
  droppedOverrides: Array<{ override: Override; reason: string }>
  changes?: { fields: KeyedChanges; materials: KeyedChanges; members: KeyedChanges; figures: { from: ReleaseFigures; to: ReleaseFigures } }
  diagnostics?: Diagnostic[]
  applied?: boolean
}
