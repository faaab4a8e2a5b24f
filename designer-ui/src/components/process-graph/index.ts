export { default as ProcessGraph } from './ProcessGraph.vue'
