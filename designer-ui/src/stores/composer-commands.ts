import type {
  CompiledProcess,
  Endpoint,
  FieldProvenance,
  FieldType,
  OrderingConstraint,
  Override,
  ReformSuggestion,
  ServiceDefinition,
} from '../api'

/**
 * 编排命令 — every edit of the composer is a pure function from one draft definition to the
 * next (add field, hide, relabel, order, set endpoint, take a suggestion), which gives undo and
 * a single save path for free.
 */
export type Command = (definition: ServiceDefinition) => ServiceDefinition

const copy = (d: ServiceDefinition): ServiceDefinition => JSON.parse(JSON.stringify(d)) as ServiceDefinition

/** A definition as the server may send it: every editable part present. */
export function normalise(d: Partial<ServiceDefinition>): ServiceDefinition {
  return {
    members: d.members ?? [],
    ordering: d.ordering ?? [],
    sharedAcceptance: d.sharedAcceptance ?? {},
    overrides: d.overrides ?? [],
    licences: d.licences ?? [],
    endpoints: d.endpoints ?? {},
  }
}

/** `base`, or `base-2`, `base-3`… whichever is not taken. */
export function uniqueId(taken: Iterable<string>, base: string): string {
  const used = new Set(taken)
  if (!used.has(base)) return base
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`
}

/** A local field id the form does not have yet (`localField1`, `localField2`…): ids must be ASCII, labels need not be. */
export function nextLocalFieldId(d: ServiceDefinition): string {
  const used = new Set(d.overrides.flatMap((o) => (o.op === 'addField' ? [o.field.id] : [])))
  for (let n = 1; ; n++) if (!used.has(`localField${n}`)) return `localField${n}`
}

export interface NewField {
  id: string
  type: FieldType
  label: string
  required: boolean
  help?: string
  section?: string
  options?: Array<{ value: string; label: string }>
}

export const addField =
  (f: NewField): Command =>
  (d) => {
    const next = copy(d)
    const field: Extract<Override, { op: 'addField' }>['field'] = {
      id: f.id,
      type: f.type,
      label: f.label,
      required: f.required,
    }
    if (f.help) field.help = f.help
    if (f.type === 'enum' && f.options?.length) field.constraints = { options: f.options }
    const o: Override = { id: uniqueId(ids(d), `ov-${kebab(f.id)}`.slice(0, 56).replace(/-+$/, '')), op: 'addField', field }
    if (f.section) o.section = f.section
    next.overrides.push(o)
    return next
  }

/** Any override but addField: its id is made from its kind and target. */
export const addOverride =
  (o: DistributiveOmit<Exclude<Override, { op: 'addField' }>, 'id'>): Command =>
  (d) => {
    const next = copy(d)
    const target = 'field' in o ? o.field : o.op === 'addStep' ? o.step.id : o.op === 'useCommitment' ? o.matter : 'rule'
    next.overrides.push({ ...o, id: uniqueId(ids(d), `ov-${o.op.toLowerCase()}-${kebab(target)}`.slice(0, 56).replace(/-+$/, '')) } as Override)
    return next
  }

export const removeOverride =
  (id: string): Command =>
  (d) => {
    const next = copy(d)
    next.overrides = next.overrides.filter((o) => o.id !== id)
    return next
  }

export const addOrdering =
  (c: OrderingConstraint): Command =>
  (d) => {
    const next = copy(d)
    if (!next.ordering.some((o) => o.before === c.before && o.after === c.after)) next.ordering.push(c)
    return next
  }

export const removeOrdering =
  (before: string, after: string): Command =>
  (d) => {
    const next = copy(d)
    next.ordering = next.ordering.filter((o) => !(o.before === before && o.after === after))
    return next
  }

export const setEndpoint =
  (binding: string, endpoint: Endpoint | null): Command =>
  (d) => {
    const next = copy(d)
    if (endpoint) next.endpoints[binding] = clean(endpoint)
    else delete next.endpoints[binding]
    return next
  }

export const addLicence =
  (licence: string): Command =>
  (d) => {
    const next = copy(d)
    if (!next.licences.includes(licence)) next.licences.push(licence)
    return next
  }

export const removeMember =
  (template: string): Command =>
  (d) => {
    const next = copy(d)
    next.members = next.members.filter((m) => m.template !== template)
    next.ordering = next.ordering.filter((o) => o.before !== template && o.after !== template)
    return next
  }

export const addMember =
  (template: string, version: string): Command =>
  (d) => {
    const next = copy(d)
    if (!next.members.some((m) => m.template === template)) next.members.push({ template, version })
    return next
  }

/**
 * 采纳建议 — the one edit each 流程再造 suggestion asks for, or null for those that need a
 * decision outside the composer (filing instead of approval).
 */
export function suggestionCommand(s: ReformSuggestion): Command | null {
  const e = s.evidence as Record<string, string | undefined>
  switch (s.type) {
    case 'e-licence':
      return e.licenceType ? addLicence(e.licenceType) : null
    case 'parallel':
      return e.before && e.after ? removeOrdering(e.before, e.after) : null
    case 'commitment':
      return e.matter ? addOverride({ op: 'useCommitment', matter: e.matter }) : null
    case 'minimum-necessary':
      return e.field ? addOverride({ op: 'hide', field: e.field }) : null
    default:
      return null
  }
}

/** Where a diagnostic's JSON pointer leads in the composer: a tab and, where there is one, the item. */
export interface DiagnosticTarget {
  tab: 'form' | 'process' | 'overrides' | 'endpoints' | 'members'
  index?: number
  key?: string
}

export function diagnosticTarget(pointer: string, d?: ServiceDefinition): DiagnosticTarget {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  const index = parts[1] !== undefined && /^\d+$/.test(parts[1]) ? Number(parts[1]) : undefined
  switch (parts[0]) {
    case 'overrides': {
      const o = index !== undefined ? d?.overrides[index] : undefined
      return { tab: 'overrides', index, key: o?.id }
    }
    case 'ordering':
      return { tab: 'process', index }
    case 'sharedAcceptance':
      return { tab: 'process' }
    case 'endpoints':
      return { tab: 'endpoints', key: parts[1] }
    case 'members':
      // A member's own template (its form, steps, rules) is the publisher's: shown with the member.
      return parts[2] === 'form' ? { tab: 'form', index } : { tab: 'members', index }
    default:
      return { tab: 'members' }
  }
}

/** The members that locked a field (a province may not hide or loosen it). */
export function lockedBy(p: FieldProvenance | undefined): string[] {
  if (!p) return []
  return p.sources.flatMap((s) => ('template' in s && s.locked ? [s.template] : []))
}

/** The member matters that ask a field, and the local override that added it, if any. */
export function askedBy(p: FieldProvenance | undefined): { matters: string[]; override: string | null } {
  if (!p) return { matters: [], override: null }
  const matters: string[] = []
  let override: string | null = null
  for (const s of p.sources) {
    if ('template' in s) {
      if (!matters.includes(s.template)) matters.push(s.template)
    } else override = s.override
  }
  return { matters, override }
}

/** The fields, steps and rules an override aims at, in words for the overrides table. */
export function overrideTarget(o: Override): string {
  switch (o.op) {
    case 'addField':
      return o.field.label ?? o.field.element ?? o.field.id
    case 'addStep':
      return o.step.name
    case 'addRule':
      return o.rule.target ?? o.rule.expression
    case 'useCommitment':
      return o.matter
    default:
      return o.field
  }
}

export interface GraphNode {
  id: string
  label: string
  detail: string
  position: { x: number; y: number }
  kind: 'acceptance' | 'branch' | 'local' | 'end'
  critical: boolean
}

export interface GraphEdge {
  id: string
  source: string
  target: string
  label?: string
  ordered: boolean
}

/**
 * 流程图 — acceptance, then every branch in the column of its depth (a branch that waits for
 * another sits one column further), then completion. Branches in one column run in parallel.
 */
export function processGraph(p: CompiledProcess, days: (n: number) => string): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const depth = new Map<string, number>()
  const byMatter = new Map(p.branches.map((b) => [b.matter, b]))
  const depthOf = (matter: string, seen: Set<string> = new Set()): number => {
    if (depth.has(matter)) return depth.get(matter)!
    const b = byMatter.get(matter)
    if (!b || seen.has(matter)) return 1
    seen.add(matter)
    const d = 1 + Math.max(0, ...b.after.map((a) => depthOf(a.matter, seen)))
    depth.set(matter, d)
    return d
  }
  p.branches.forEach((b) => depthOf(b.matter))
  const columns = new Map<number, string[]>()
  for (const b of p.branches) {
    const d = depth.get(b.matter) ?? 1
    columns.set(d, [...(columns.get(d) ?? []), b.matter])
  }
  const maxDepth = Math.max(1, ...columns.keys())
  const tallest = Math.max(1, ...[...columns.values()].map((c) => c.length))
  const X = 250
  const Y = 110
  const middle = ((tallest - 1) * Y) / 2
  const critical = new Set(p.criticalPath?.matters ?? [])
  const nodes: GraphNode[] = [
    {
      id: 'acceptance',
      label: p.acceptance.name,
      detail: `${p.acceptance.department} · ${days(p.acceptance.timeLimitDays)}`,
      position: { x: 0, y: middle },
      kind: 'acceptance',
      critical: true,
    },
  ]
  for (const [d, matters] of columns) {
    const offset = ((tallest - matters.length) * Y) / 2
    matters.forEach((m, i) => {
      const b = byMatter.get(m)!
      nodes.push({
        id: m,
        label: b.title,
        detail: `${b.department} · ${b.steps.length} · ${days(b.days)}`,
        position: { x: d * X, y: offset + i * Y },
        kind: b.override ? 'local' : 'branch',
        critical: critical.has(m),
      })
    })
  }
  nodes.push({ id: 'end', label: '办结', detail: days(p.criticalPath?.days ?? 0), position: { x: (maxDepth + 1) * X, y: middle }, kind: 'end', critical: true })
  const edges: GraphEdge[] = []
  const waitedFor = new Set(p.branches.flatMap((b) => b.after.map((a) => a.matter)))
  for (const b of p.branches) {
    if (b.after.length === 0) edges.push({ id: `acceptance->${b.matter}`, source: 'acceptance', target: b.matter, ordered: false })
    for (const a of b.after) edges.push({ id: `${a.matter}->${b.matter}`, source: a.matter, target: b.matter, label: a.reason, ordered: true })
    if (!waitedFor.has(b.matter)) edges.push({ id: `${b.matter}->end`, source: b.matter, target: 'end', ordered: false })
  }
  return { nodes, edges }
}

function ids(d: ServiceDefinition): string[] {
  return d.overrides.map((o) => o.id)
}

/** Lower-case ASCII words joined by hyphens, as override ids must be; never empty. */
export function kebab(text: string): string {
  const out = text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return /^[a-z]/.test(out) ? out : `x${out ? '-' + out : ''}`
}

function clean(e: Endpoint): Endpoint {
  const out: Endpoint = { baseUrl: e.baseUrl.trim() }
  if (e.secretRef?.trim()) out.secretRef = e.secretRef.trim()
  if (e.secretHeader?.trim()) out.secretHeader = e.secretHeader.trim()
  if (e.timeoutMs) out.timeoutMs = e.timeoutMs
  return out
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
