import type {
  BindingUse,
  DataElement,
  FormSection,
  Material,
  MatterField,
  MatterTemplate,
  Rule,
  Step,
  ValueType,
} from '../../api'

/**
 * 编辑命令 — every change the editor makes to a draft is a named command on the template, so the
 * store can undo it, redo it and save after it, whatever screen made it.
 */
export interface Command {
  /** i18n key under editor.commands, for the undo tooltip. */
  name: string
  run(draft: MatterTemplate): void
}

/** The next free id from `base`: base, base2, base3… */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  if (!used.has(base)) return base
  for (let n = 2; ; n++) if (!used.has(`${base}${n}`)) return `${base}${n}`
}

/** A kebab-case id's next free value: base, base-2, base-3… */
export function uniqueKebab(base: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  if (!used.has(base)) return base
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`
}

export function fieldIds(draft: MatterTemplate): string[] {
  return draft.form.sections.flatMap((s) => s.fields.map((f) => f.id))
}

/** A field id for an element: `person.idNumber` → `idNumber`, or under a role `motherIdNumber`. */
export function fieldIdFor(elementId: string, role?: string): string {
  const last = elementId.split('.').pop() ?? elementId
  if (!role || role === 'applicant') return last
  return role + last.charAt(0).toUpperCase() + last.slice(1)
}

/** Where a field is now, by id. */
export function locateField(draft: MatterTemplate, id: string): { section: number; index: number } | null {
  for (let s = 0; s < draft.form.sections.length; s++) {
    const index = draft.form.sections[s]!.fields.findIndex((f) => f.id === id)
    if (index >= 0) return { section: s, index }
  }
  return null
}

const clampInsert = (length: number, index: number) => Math.max(0, Math.min(length, index))

export const commands = {
  addElementField(section: number, index: number, element: DataElement): Command {
    return {
      name: 'addField',
      run(d) {
        const list = d.form.sections[section]!.fields
        const field: MatterField = { id: uniqueId(fieldIdFor(element.id), fieldIds(d)), element: element.id, required: false }
        list.splice(clampInsert(list.length, index), 0, field)
      },
    }
  },
  addLocalField(section: number, index: number, type: ValueType, label: string): Command {
    return {
      name: 'addField',
      run(d) {
        const list = d.form.sections[section]!.fields
        const field: MatterField = { id: uniqueId('localField', fieldIds(d)), type, label, required: false, sensitivity: 'personal' }
        if (type === 'enum') field.constraints = { options: [{ value: '1', label: '是' }, { value: '2', label: '否' }] }
        if (type === 'string') field.constraints = { maxLength: 100 }
        list.splice(clampInsert(list.length, index), 0, field)
      },
    }
  },
  /** Moves a field by id to a section and position (within its section or to another). */
  moveField(id: string, toSection: number, toIndex: number): Command {
    return {
      name: 'moveField',
      run(d) {
        const at = locateField(d, id)
        if (!at) return
        const [field] = d.form.sections[at.section]!.fields.splice(at.index, 1)
        const target = d.form.sections[toSection]!.fields
        target.splice(clampInsert(target.length, toIndex), 0, field!)
      },
    }
  },
  removeField(id: string): Command {
    return {
      name: 'removeField',
      run(d) {
        const at = locateField(d, id)
        if (at) d.form.sections[at.section]!.fields.splice(at.index, 1)
      },
    }
  },
  /** Sets (or with undefined, removes) one property of a field; renaming the id renames its uses. */
  setField<K extends keyof MatterField>(id: string, key: K, value: MatterField[K] | undefined): Command {
    return {
      name: 'setField',
      run(d) {
        const at = locateField(d, id)
        if (!at) return
        const field = d.form.sections[at.section]!.fields[at.index]!
        if (key === 'id' && typeof value === 'string' && value !== id) renameField(d, id, value)
        if (value === undefined || value === '') delete field[key]
        else field[key] = value
      },
    }
  },
  addSection(title: string): Command {
    return {
      name: 'addSection',
      run(d) {
        d.form.sections.push({ id: uniqueKebab('section', d.form.sections.map((s) => s.id)), title, fields: [] })
      },
    }
  },
  setSection<K extends keyof FormSection>(index: number, key: K, value: FormSection[K]): Command {
    return { name: 'setSection', run: (d) => void (d.form.sections[index]![key] = value) }
  },
  removeSection(index: number): Command {
    return { name: 'removeSection', run: (d) => void d.form.sections.splice(index, 1) }
  },
  moveSection(from: number, to: number): Command {
    return {
      name: 'moveSection',
      run(d) {
        const [s] = d.form.sections.splice(from, 1)
        d.form.sections.splice(clampInsert(d.form.sections.length, to), 0, s!)
      },
    }
  },
  addMaterial(name: string): Command {
    return {
      name: 'addMaterial',
      run(d) {
        const list = (d.materials ??= [])
        list.push({ id: uniqueKebab('material', list.map((m) => m.id)), name, required: true, form: 'original' })
      },
    }
  },
  setMaterial<K extends keyof Material>(index: number, key: K, value: Material[K] | undefined): Command {
    return {
      name: 'setMaterial',
      run(d) {
        const m = d.materials![index]!
        if (value === undefined || value === '') delete m[key]
        else m[key] = value
      },
    }
  },
  removeMaterial(index: number): Command {
    return { name: 'removeMaterial', run: (d) => void d.materials!.splice(index, 1) }
  },
  addStep(name: string, after?: string): Command {
    return {
      name: 'addStep',
      run(d) {
        const id = uniqueKebab('step', d.steps.map((s) => s.id))
        d.steps.push({ id, name, type: 'review', department: d.department, timeLimitDays: 1,
          outcomes: [{ id: 'done', label: '办结', result: 'approved' }] })
        if (after) connectSteps(d, after, id)
      },
    }
  },
  setStep<K extends keyof Step>(id: string, key: K, value: Step[K] | undefined): Command {
    return {
      name: 'setStep',
      run(d) {
        const step = d.steps.find((s) => s.id === id)
        if (!step) return
        if (key === 'id' && typeof value === 'string' && value !== id) renameStep(d, id, value)
        if (value === undefined || value === '') delete step[key]
        else step[key] = value
      },
    }
  },
  removeStep(id: string): Command {
    return {
      name: 'removeStep',
      run(d) {
        d.steps = d.steps.filter((s) => s.id !== id)
        for (const s of d.steps) {
          for (const o of s.outcomes) {
            if (!o.next) continue
            o.next = o.next.filter((n) => n !== id)
            if (o.next.length === 0) {
              delete o.next
              o.result ??= 'approved'
            }
          }
        }
      },
    }
  },
  /** Draws an edge: the step's first outcome also leads to `to` (a new outcome when it had none). */
  connect(from: string, to: string): Command {
    return { name: 'connect', run: (d) => connectSteps(d, from, to) }
  },
  disconnect(from: string, outcome: string, to: string): Command {
    return {
      name: 'disconnect',
      run(d) {
        const o = d.steps.find((s) => s.id === from)?.outcomes.find((x) => x.id === outcome)
        if (!o?.next) return
        o.next = o.next.filter((n) => n !== to)
        if (o.next.length === 0) {
          delete o.next
          o.result ??= 'approved'
        }
      },
    }
  },
  setOutcomes(stepId: string, outcomes: Step['outcomes']): Command {
    return {
      name: 'setStep',
      run(d) {
        const step = d.steps.find((s) => s.id === stepId)
        if (step) step.outcomes = outcomes
      },
    }
  },
  addBinding(): Command {
    return {
      name: 'addBinding',
      run(d) {
        const list = (d.bindings ??= [])
        list.push({ id: uniqueKebab('binding', list.map((b) => b.id)), binding: '', version: '^1.0.0', purpose: 'prefill',
          inputs: {} })
      },
    }
  },
  setBinding<K extends keyof BindingUse>(index: number, key: K, value: BindingUse[K] | undefined): Command {
    return {
      name: 'setBinding',
      run(d) {
        const b = d.bindings![index]!
        if (value === undefined || value === '' || (typeof value === 'object' && value && Object.keys(value).length === 0 && key !== 'inputs')) delete b[key]
        else b[key] = value
      },
    }
  },
  removeBinding(index: number): Command {
    return { name: 'removeBinding', run: (d) => void d.bindings!.splice(index, 1) }
  },
  addRule(): Command {
    return {
      name: 'addRule',
      run(d) {
        const list = (d.rules ??= [])
        list.push({ id: uniqueKebab('rule', list.map((r) => r.id)), kind: 'valid', target: fieldIds(d)[0], expression: '',
          message: '' })
      },
    }
  },
  setRule<K extends keyof Rule>(index: number, key: K, value: Rule[K] | undefined): Command {
    return {
      name: 'setRule',
      run(d) {
        const r = d.rules![index]!
        if (value === undefined || (value === '' && key !== 'expression')) delete r[key]
        else r[key] = value
        if (key === 'kind' && value === 'eligible') delete r.target
      },
    }
  },
  removeRule(index: number): Command {
    return { name: 'removeRule', run: (d) => void d.rules!.splice(index, 1) }
  },
  /** Sets a property at a path under the template (`guide.fee.charged`, `title`); undefined removes it. */
  set(path: string, value: unknown): Command {
    return {
      name: 'set',
      run(d) {
        const keys = path.split('.')
        let node = d as unknown as Record<string, unknown>
        for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>
        const last = keys[keys.length - 1]!
        if (value === undefined) delete node[last]
        else node[last] = value
      },
    }
  },
}

function connectSteps(d: MatterTemplate, from: string, to: string) {
  const step = d.steps.find((s) => s.id === from)
  if (!step || from === to) return
  const outcome = step.outcomes[0] ?? (step.outcomes[0] = { id: 'done', label: '办结' })
  const next = (outcome.next ??= [])
  if (!next.includes(to)) next.push(to)
  delete outcome.result
}

/** A field's id is how rules and binding uses name it: renaming it renames those too. */
function renameField(d: MatterTemplate, from: string, to: string) {
  const pattern = new RegExp(`\\bform\\.${from}\\b`, 'g')
  for (const r of d.rules ?? []) {
    if (r.target === from) r.target = to
    r.expression = r.expression.replace(pattern, `form.${to}`)
  }
  for (const b of d.bindings ?? []) {
    for (const map of [b.inputs, b.outputs]) {
      if (!map) continue
      for (const [k, v] of Object.entries(map)) if (v === from) map[k] = to
    }
  }
}

function renameStep(d: MatterTemplate, from: string, to: string) {
  for (const s of d.steps) for (const o of s.outcomes) if (o.next) o.next = o.next.map((n) => (n === from ? to : n))
  for (const r of d.rules ?? []) if (r.kind === 'route' && r.target === from) r.target = to
}

/** Semantic version + one minor: 1.2.3 → 1.3.0. */
export function bumpMinor(version: string): string {
  const [major, minor] = version.split('.').map(Number)
  return `${major}.${(minor ?? 0) + 1}.0`
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0)
  return 0
}

const LAYER_WIDTH = 260
const ROW_HEIGHT = 130

/** Layers of the step graph for drawing: each step at its longest distance from the entry. */
export function layoutSteps(steps: Step[]): Record<string, { x: number; y: number }> {
  const depth: Record<string, number> = {}
  const ids = new Set(steps.map((s) => s.id))
  const visit = (id: string, d: number, seen: Set<string>) => {
    if (seen.has(id) || !ids.has(id)) return
    if ((depth[id] ?? -1) >= d) return
    depth[id] = d
    const step = steps.find((s) => s.id === id)!
    const next = new Set(seen).add(id)
    for (const o of step.outcomes) for (const n of o.next ?? []) visit(n, d + 1, next)
  }
  if (steps[0]) visit(steps[0].id, 0, new Set())
  let orphan = Math.max(0, ...Object.values(depth)) + 1
  for (const s of steps) if (depth[s.id] === undefined) depth[s.id] = orphan++
  const rows: Record<number, number> = {}
  const out: Record<string, { x: number; y: number }> = {}
  for (const s of steps) {
    const d = depth[s.id]!
    const row = (rows[d] = (rows[d] ?? -1) + 1)
    out[s.id] = { x: d * LAYER_WIDTH, y: row * ROW_HEIGHT }
  }
  return out
}

/** Which editor tab a JSON pointer into the template belongs to. */
export type EditorTab = 'basics' | 'form' | 'materials' | 'steps' | 'bindings' | 'rules'
export function tabOf(pointer: string): EditorTab {
  const head = pointer.split('/')[1] ?? ''
  if (head === 'form') return 'form'
  if (head === 'materials') return 'materials'
  if (head === 'steps') return 'steps'
  if (head === 'bindings') return 'bindings'
  if (head === 'rules') return 'rules'
  return 'basics'
}
