export { default as TemplateDrawer } from './TemplateDrawer.vue'
