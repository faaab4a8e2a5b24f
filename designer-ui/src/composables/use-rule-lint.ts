import { ref, shallowRef, watch, type Ref } from 'vue'
import { authoring, type RuleFinding } from '../api'

/** How long typing must pause before the server is asked. */
export const LINT_DELAY_MS = 300

/**
 * 规则边写边查 — asks the server's rule checker about an expression whenever the author pauses
 * typing; only the answer to the latest text counts.
 */
export function useRuleLint(expression: Ref<string>, fields: Ref<string[]>, delay = LINT_DELAY_MS) {
  const findings = ref<RuleFinding[]>([])
  const checking = ref(false)
  const checked = ref<string | null>(null)
  const error = shallowRef<unknown>(null)
  let timer: ReturnType<typeof setTimeout> | null = null
  let latest = 0

  async function run() {
    const call = ++latest
    const text = expression.value
    checking.value = true
    try {
      const answer = await authoring.checkRule(text, fields.value)
      if (call !== latest) return
      findings.value = answer.errors
      checked.value = text
      error.value = null
    } catch (e) {
      if (call === latest) error.value = e
    } finally {
      if (call === latest) checking.value = false
    }
  }

  watch(
    [expression, fields],
    () => {
      if (timer) clearTimeout(timer)
      timer = setTimeout(run, delay)
    },
    { immediate: true, deep: true },
  )

  /** The expression cut around a finding's span, for marking it. */
  function excerpt(f: RuleFinding): { before: string; part: string; after: string } | null {
    const text = checked.value
    if (text === null || f.start === undefined || f.end === undefined) return null
    const end = Math.max(f.end, Math.min(text.length, f.start + 1))
    return { before: text.slice(0, f.start), part: text.slice(f.start, end) || ' ', after: text.slice(end) }
  }

  return { findings, checking, checked, error, excerpt, run }
}
