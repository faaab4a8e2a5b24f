export { default as PointerErrors } from './PointerErrors.vue'
