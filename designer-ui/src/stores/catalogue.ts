import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { catalogue, type SearchAnswer } from '../api'

export const FACETS = ['kind', 'publisher', 'department', 'stage', 'status'] as const
export type FacetKey = (typeof FACETS)[number]
export const PAGE_SIZE = 10

/** 模板市场检索 — the query, the chosen facet values and the page, kept while the user looks at other screens. */
export const useCatalogueStore = defineStore('catalogue', () => {
  const q = ref('')
  const filters = ref<Record<FacetKey, string[]>>({ kind: [], publisher: [], department: [], stage: [], status: [] })
  const page = ref(1)
  const answer = shallowRef<SearchAnswer | null>(null)
  const loading = ref(false)
  const error = shallowRef<unknown>(null)
  let latest = 0

  async function search() {
    const call = ++latest
    loading.value = true
    error.value = null
    try {
      const next = await catalogue.search({ q: q.value.trim(), ...filters.value, page: page.value, size: PAGE_SIZE })
      if (call === latest) answer.value = next
    } catch (e) {
      if (call === latest) error.value = e
    } finally {
      if (call === latest) loading.value = false
    }
  }

  function toggle(facet: FacetKey, value: string) {
    const chosen = filters.value[facet]
    filters.value[facet] = chosen.includes(value) ? chosen.filter((v) => v !== value) : [...chosen, value]
    page.value = 1
    return search()
  }

  function clearFilters() {
    FACETS.forEach((f) => (filters.value[f] = []))
    page.value = 1
    return search()
  }

  return { q, filters, page, answer, loading, error, search, toggle, clearFilters }
})
