/** 事项模板 — the matter template format as the editor reads and writes it (docs/template-format.md §6). */

export interface FieldConstraints {
  minLength?: number
  maxLength?: number
  pattern?: string
  minimum?: number
  maximum?: number
  options?: { value: string | number; label: string }[]
}

export type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'enum'
export type Sensitivity = 'public' | 'internal' | 'personal' | 'sensitive'

/** 字段 — an element reference (element + role) or a local field (type + label). */
export interface MatterField {
  id: string
  element?: string
  role?: string
  type?: ValueType
  format?: string
  label?: string
  help?: string
  required?: boolean
  constraints?: FieldConstraints
  sensitivity?: Sensitivity
  locked?: boolean
  origin?: 'applicant' | 'process'
}

export interface FormSection {
  id: string
  title: string
  fields: MatterField[]
}

export interface Material {
  id: string
  name: string
  description?: string
  required: boolean
  key?: boolean
  form?: 'original' | 'copy' | 'electronic' | 'original-and-copy'
  copies?: number
  eLicence?: string
  locked?: boolean
}

export interface Outcome {
  id: string
  label: string
  next?: string[]
  result?: 'approved' | 'rejected'
}

export interface Step {
  id: string
  name: string
  type: string
  department: string
  timeLimitDays: number
  binding?: string
  outcomes: Outcome[]
  locked?: boolean
}

export interface BindingUse {
  id: string
  binding: string
  version: string
  purpose: 'prefill' | 'verify' | 'push' | 'issue'
  inputs?: Record<string, string>
  outputs?: Record<string, string>
  constants?: Record<string, string | number | boolean>
}

export type RuleKind = 'visible' | 'required' | 'valid' | 'eligible' | 'route'

export interface Rule {
  id: string
  kind: RuleKind
  target?: string
  expression: string
  message?: string
}

export interface Guide {
  conditions: string[]
  legalBasis: { name: string; article?: string }[]
  timeLimitDays: number
  statutoryDays?: number
  fee: { charged: boolean; amount?: number; description?: string; basis?: string }
  channels: string[]
  offlineVisits: number
  options?: { commitment?: boolean; acceptWithGaps?: boolean; filing?: boolean }
}

export interface MatterTemplate {
  kind: 'matter'
  publisher: string
  slug: string
  version: string
  title: string
  summary?: string
  keywords?: string[]
  stages?: string[]
  subject: 'person' | 'enterprise'
  department: string
  guide: Guide
  form: { sections: FormSection[] }
  materials?: Material[]
  steps: Step[]
  bindings?: BindingUse[]
  rules?: Rule[]
}

/** 数据元 — one element of an element set, as the palette offers it. */
export interface DataElement {
  id: string
  label: string
  description?: string
  type: ValueType
  format?: string
  constraints?: FieldConstraints
  sensitivity: Sensitivity
  standard?: string
  /** The set it comes from (publisher/slug) and the set's title. */
  set: string
  setTitle: string
}

export interface LicenceType {
  id: string
  name: string
}

/** A binding template's parameter names, for the binding-use editor. */
export interface BindingParams {
  purposes: string[]
  inputs: string[]
  outputs: string[]
}

/** A template version as GET …/versions/{v} answers it. */
export interface StoredVersion<T = Record<string, unknown>> {
  version: string
  status: 'draft' | 'published'
  title: string
  deprecated: boolean
  content: T
}

/** What saving a draft and validating answer: every problem, the draft kept all the same. */
export interface Verdict {
  valid: boolean
  errors: { pointer: string; message: string }[]
}

/** One finding of the as-you-type rule check, with its span in the expression when known. */
export interface RuleFinding {
  pointer: string
  message: string
  start?: number
  end?: number
}

export interface CurrentTemplate {
  publisher: string
  slug: string
  kind: string
  version: string
  title: string
  deprecated: boolean
}
