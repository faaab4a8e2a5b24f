export { default as ProblemAlert } from './ProblemAlert.vue'
