import type { FieldType } from '../../api'

/** 字段控件 — one kind of local field the palette offers for dragging onto the form. */
export interface PaletteItem {
  type: FieldType
  /** i18n key of its name. */
  name: string
}

export const PALETTE: ReadonlyArray<PaletteItem> = [
  { type: 'string', name: 'composer.palette.string' },
  { type: 'integer', name: 'composer.palette.integer' },
  { type: 'number', name: 'composer.palette.number' },
  { type: 'date', name: 'composer.palette.date' },
  { type: 'boolean', name: 'composer.palette.boolean' },
  { type: 'enum', name: 'composer.palette.enum' },
]

/** SortableJS group shared by the palette (clone out, never in) and the form's sections (in only). */
export const FIELD_GROUP = 'onething-fields'

/**
 * Sortable's own pointer-driven dragging rather than the browser's HTML5 drag and drop: it
 * behaves the same with a mouse, a touch screen and an automated browser.
 */
export const DRAG_OPTIONS = { forceFallback: true, fallbackTolerance: 3, animation: 120 } as const
