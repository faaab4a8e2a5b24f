import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import {
  ApiError,
  services,
  type CompiledRelease,
  type Diagnostic,
  type ReleaseSummary,
  type ServiceDefinition,
  type ServiceDetail,
} from '../api'
import { normalise, type Command } from './composer-commands'

/** Where a draft that could not reach the server waits (this tab only) until it can. */
export const unsavedKey = (tenant: string, slug: string) => `onething.composer.unsaved.${tenant}/${slug}`

const EDITABLE = ['members', 'ordering', 'sharedAcceptance', 'overrides', 'licences', 'endpoints'] as const

/**
 * 一件事编排 — one service's draft as the server keeps it, the commands that change it (each
 * saved at once, so nothing typed is lost), the last compile (diagnostics, figures, the preview
 * of the unified form) and the releases.
 */
export const useComposerStore = defineStore('composer', () => {
  const tenant = ref('')
  const slug = ref('')
  const service = shallowRef<ServiceDetail | null>(null)
  const definition = shallowRef<ServiceDefinition | null>(null)
  /** The newest compile's diagnostics; empty means the draft can be published. */
  const diagnostics = shallowRef<Diagnostic[]>([])
  /** The newest release the draft compiled to; kept while the draft has errors, then marked stale. */
  const preview = shallowRef<CompiledRelease | null>(null)
  const previewStale = ref(false)
  const compiled = ref(false)
  const releases = shallowRef<ReleaseSummary[]>([])
  const activeRelease = ref<number | null>(null)
  const loading = ref(false)
  const saving = ref(false)
  const compiling = ref(false)
  /** A draft kept in this tab because the server could not be reached. */
  const unsaved = ref(false)
  /** A draft from an earlier visit that never reached the server. */
  const recoverable = shallowRef<ServiceDefinition | null>(null)
  const error = shallowRef<unknown>(null)
  const undoStack = shallowRef<ServiceDefinition[]>([])

  const canPublish = computed(() => compiled.value && diagnostics.value.length === 0 && !unsaved.value && !saving.value)

  async function load(nextTenant: string, nextSlug: string) {
    tenant.value = nextTenant
    slug.value = nextSlug
    loading.value = true
    error.value = null
    service.value = definition.value = preview.value = null
    diagnostics.value = []
    undoStack.value = []
    compiled.value = unsaved.value = false
    try {
      const found = await services.get(nextTenant, nextSlug)
      service.value = found
      definition.value = normalise(found.definition)
      activeRelease.value = found.activeRelease
      const kept = sessionStorage.getItem(unsavedKey(nextTenant, nextSlug))
      recoverable.value = kept && kept !== JSON.stringify(definition.value) ? (JSON.parse(kept) as ServiceDefinition) : null
      await Promise.all([compile(), loadReleases()])
    } catch (e) {
      error.value = e
    } finally {
      loading.value = false
    }
  }

  let queue: Promise<unknown> = Promise.resolve()
  /** Saves and compiles one after another, in the order the edits were made. */
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work, work)
    queue = run.catch(() => undefined)
    return run
  }

  /**
   * Applies an edit and saves it. A refusal from the server (400 with pointers) leaves the draft
   * as it was and is thrown, so the form that made the edit keeps what was typed and shows why;
   * an unreachable server keeps the edit in this tab and says it is not saved yet.
   */
  async function apply(command: Command): Promise<void> {
    if (!definition.value) return
    const before = definition.value
    const next = command(before)
    definition.value = next
    try {
      await save(next)
      undoStack.value = [...undoStack.value, before].slice(-50)
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 0) definition.value = before
      throw e
    }
  }

  async function undo() {
    const previous = undoStack.value.at(-1)
    if (!previous) return
    undoStack.value = undoStack.value.slice(0, -1)
    definition.value = previous
    await save(previous).catch((e) => (error.value = e))
  }

  function save(next: ServiceDefinition): Promise<void> {
    return serial(async () => {
      saving.value = true
      try {
        const body: Partial<ServiceDefinition> = {}
        for (const k of EDITABLE) (body as Record<string, unknown>)[k] = next[k]
        const saved = await services.update(tenant.value, slug.value, body)
        service.value = saved
        unsaved.value = false
        sessionStorage.removeItem(unsavedKey(tenant.value, slug.value))
      } catch (e) {
        if (e instanceof ApiError && e.status === 0) {
          unsaved.value = true
          sessionStorage.setItem(unsavedKey(tenant.value, slug.value), JSON.stringify(next))
        }
        throw e
      } finally {
        saving.value = false
      }
      await compileNow()
    })
  }

  /** Saves the draft kept from an earlier visit. */
  async function recover() {
    const kept = recoverable.value
    recoverable.value = null
    if (!kept) return
    const before = definition.value
    definition.value = kept
    try {
      await save(kept)
      if (before) undoStack.value = [...undoStack.value, before]
    } catch (e) {
      error.value = e
    }
  }

  function discardRecoverable() {
    recoverable.value = null
    sessionStorage.removeItem(unsavedKey(tenant.value, slug.value))
  }

  function compile(): Promise<void> {
    return serial(compileNow)
  }

  async function compileNow() {
    compiling.value = true
    try {
      const answer = await services.compile(tenant.value, slug.value)
      diagnostics.value = answer.diagnostics
      if (answer.preview) preview.value = answer.preview
      previewStale.value = !answer.preview
      compiled.value = true
    } catch (e) {
      error.value = e
    } finally {
      compiling.value = false
    }
  }

  /** Publishes; a 422 lists every diagnostic, which then become the panel's. */
  async function publish(): Promise<number> {
    try {
      const answer = await services.publish(tenant.value, slug.value)
      activeRelease.value = answer.number
      await loadReleases()
      return answer.number
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && e.errors.length) diagnostics.value = e.errors
      throw e
    }
  }

  async function loadReleases() {
    const answer = await services.releases(tenant.value, slug.value)
    releases.value = [...answer.releases].sort((a, b) => b.number - a.number)
    activeRelease.value = answer.active
  }

  /** 回退 — makes an earlier release the one citizens get. */
  async function activate(number: number) {
    await services.activate(tenant.value, slug.value, number)
    activeRelease.value = number
  }

  /** After an upgrade the server holds a new draft: read it again. */
  async function reload() {
    const found = await services.get(tenant.value, slug.value)
    service.value = found
    definition.value = normalise(found.definition)
    undoStack.value = []
    await compile()
  }

  return {
    tenant, slug, service, definition, diagnostics, preview, previewStale, compiled, releases, activeRelease,
    loading, saving, compiling, unsaved, recoverable, error, undoStack, canPublish,
    load, apply, undo, compile, publish, loadReleases, activate, reload, recover, discardRecoverable,
  }
})
