export { default as LazyInput } from './LazyInput.vue'
