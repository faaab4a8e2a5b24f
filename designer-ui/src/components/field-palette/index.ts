export { default as FieldPalette } from './FieldPalette.vue'
export * from './field-palette'
