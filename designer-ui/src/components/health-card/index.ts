export { default as HealthCard } from './HealthCard.vue'
export { healthTagType, type HealthTagType } from './health-card'
