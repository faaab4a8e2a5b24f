import type { FieldProvenance, LayoutField, Override } from '../../api'
import { askedBy, lockedBy } from '../../stores/composer-commands'

/** The field overrides a province can make from the form itself. */
export type FieldAction = 'relabel' | 'help' | 'require' | 'tighten' | 'hide'

/** What the form shows about one field: who asks it, who locked it, what the province changed. */
export interface FieldView {
  field: LayoutField
  matters: string[]
  localOverride: string | null
  locked: string[]
  overrides: Override[]
  /** Why an action is refused, by action (absent = allowed). */
  refused: Partial<Record<FieldAction, string>>
}

/** The short name of a member (`nhc/birth-medical-certificate` → `birth-medical-certificate`) for tags. */
export const shortRef = (ref: string) => ref.slice(ref.indexOf('/') + 1)

export function fieldView(field: LayoutField, p: FieldProvenance | undefined, overrides: Override[]): FieldView {
  const { matters, override } = askedBy(p)
  const locked = lockedBy(p)
  const mine = overrides.filter((o) => 'field' in o && o.field === field.key)
  const refused: FieldView['refused'] = {}
  if (locked.length) {
    refused.hide = 'composer.form.refusedLocked'
  } else if (field.required) refused.hide = 'composer.form.refusedRequired'
  if (field.required) refused.require = 'composer.form.refusedAlreadyRequired'
  if (field.origin === 'process') {
    refused.hide = refused.require = 'composer.form.refusedProcess'
  }
  return { field, matters, localOverride: override, locked, overrides: mine, refused }
}
