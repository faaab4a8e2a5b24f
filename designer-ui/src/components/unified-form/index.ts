export { default as UnifiedForm } from './UnifiedForm.vue'
export * from './unified-form'
