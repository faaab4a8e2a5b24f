export { default as HighlightedText } from './HighlightedText.vue'
export { parseHighlight, type HighlightPart } from './highlighted-text'
