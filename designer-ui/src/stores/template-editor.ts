import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import {
  ApiError,
  authoring,
  catalogue,
  type BindingParams,
  type DataElement,
  type FieldProblem,
  type LicenceType,
  type MatterTemplate,
  type TemplateDetail,
} from '../api'
import { bumpMinor, compareVersions, type Command } from '../pages/template-editor/commands'

/** How long the editor waits after the last change before it saves the draft on the server. */
export const SAVE_DELAY_MS = 800
/** The undo history's depth. */
export const HISTORY_LIMIT = 100
/** Where a change the server did not take yet survives a reload of the tab. */
export const backupKey = (publisher: string, slug: string, version: string) =>
  `onething.editor.backup.${publisher}/${slug}@${version}`

type Snapshot = string
const clone = (t: MatterTemplate): MatterTemplate => JSON.parse(JSON.stringify(t))

/** The problems at a pointer or under it (`/form/sections/0` holds `/form/sections/0/fields/2/label`). */
export function problemsUnder(problems: ReadonlyArray<FieldProblem>, pointer: string): FieldProblem[] {
  return problems.filter((p) => p.pointer === pointer || p.pointer.startsWith(pointer + '/'))
}

/**
 * 事项模板编辑 — one matter template's draft: loaded from the server (a draft, or the current
 * version to start the next one), changed only through commands (undo/redo), saved on the server
 * shortly after every change, checked, and published.
 */
export const useTemplateEditorStore = defineStore('template-editor', () => {
  const publisher = ref('')
  const slug = ref('')
  const detail = shallowRef<TemplateDetail | null>(null)
  /** The version being written, and the version it started from. */
  const version = ref('')
  const baseVersion = ref<string | null>(null)
  /** True once the server holds a draft at `version`. */
  const draftOnServer = ref(false)
  const draft = ref<MatterTemplate | null>(null)
  const loading = ref(false)
  const loadError = shallowRef<unknown>(null)
  const notMatter = ref(false)
  const restoredBackup = ref(false)

  const dirty = ref(false)
  const saving = ref(false)
  const savedAt = ref<Date | null>(null)
  const saveError = shallowRef<unknown>(null)
  /** Every problem the server named at the last save, check or publish: pointer + Chinese message. */
  const problems = ref<FieldProblem[]>([])
  const checkedValid = ref<boolean | null>(null)
  const actionError = shallowRef<unknown>(null)
  const publishing = ref(false)
  const published = ref<string | null>(null)

  const undoStack = ref<Snapshot[]>([])
  const redoStack = ref<Snapshot[]>([])
  let saveTimer: ReturnType<typeof setTimeout> | null = null
  let saveChain: Promise<void> = Promise.resolve()

  const canUndo = computed(() => undoStack.value.length > 0)
  const canRedo = computed(() => redoStack.value.length > 0)

  function reset() {
    if (saveTimer) clearTimeout(saveTimer)
    saveTimer = null
    detail.value = null
    draft.value = null
    version.value = ''
    baseVersion.value = null
    draftOnServer.value = false
    loadError.value = saveError.value = actionError.value = null
    notMatter.value = restoredBackup.value = dirty.value = false
    problems.value = []
    checkedValid.value = null
    published.value = null
    savedAt.value = null
    undoStack.value = []
    redoStack.value = []
  }

  /** Opens the newest draft, or starts the next minor version from the newest published one. */
  async function open(p: string, s: string) {
    reset()
    publisher.value = p
    slug.value = s
    loading.value = true
    try {
      const found = await catalogue.template(p, s)
      detail.value = found
      if (found.kind !== 'matter') {
        notMatter.value = true
        return
      }
      const newest = [...found.versions].sort((a, b) => compareVersions(b.version, a.version))[0]
      if (!newest) throw new ApiError({ status: 404, type: 'urn:onething:problem:not-found', title: '没有版本', detail: `${p}/${s} 没有任何版本` })
      const stored = await authoring.version<MatterTemplate>(p, s, newest.version)
      if (newest.status === 'draft') {
        version.value = newest.version
        baseVersion.value = [...found.versions].filter((v) => v.status === 'published')
          .sort((a, b) => compareVersions(b.version, a.version))[0]?.version ?? null
        draftOnServer.value = true
      } else {
        version.value = bumpMinor(newest.version)
        baseVersion.value = newest.version
      }
      const content = stored.content
      content.version = version.value
      draft.value = content
      const backup = localStorage.getItem(backupKey(p, s, version.value))
      if (backup) {
        draft.value = JSON.parse(backup) as MatterTemplate
        restoredBackup.value = true
        dirty.value = true
        scheduleSave()
      } else if (draftOnServer.value) {
        await check()
      }
    } catch (e) {
      loadError.value = e
    } finally {
      loading.value = false
    }
  }

  /** Changes the number of the version being written; only before the server holds the draft. */
  function setVersion(next: string) {
    if (draftOnServer.value || !draft.value) return
    version.value = next
    draft.value.version = next
  }

  function apply(command: Command) {
    if (!draft.value) return
    // A published version never changes: the first edit after publishing starts the next one.
    if (published.value) startNextVersion()
    undoStack.value.push(JSON.stringify(draft.value))
    if (undoStack.value.length > HISTORY_LIMIT) undoStack.value.shift()
    redoStack.value = []
    command.run(draft.value)
    changed()
  }

  function undo() {
    const previous = undoStack.value.pop()
    if (!previous || !draft.value) return
    redoStack.value.push(JSON.stringify(draft.value))
    draft.value = JSON.parse(previous)
    changed()
  }

  function redo() {
    const next = redoStack.value.pop()
    if (!next || !draft.value) return
    undoStack.value.push(JSON.stringify(draft.value))
    draft.value = JSON.parse(next)
    changed()
  }

  function changed() {
    dirty.value = true
    published.value = null
    checkedValid.value = null
    keepBackup()
    scheduleSave()
  }

  function keepBackup() {
    if (draft.value) localStorage.setItem(backupKey(publisher.value, slug.value, version.value), JSON.stringify(draft.value))
  }

  function scheduleSave() {
    if (saveTimer) clearTimeout(saveTimer)
    saveTimer = setTimeout(() => {
      saveTimer = null
      void save()
    }, SAVE_DELAY_MS)
  }

  /** Saves the draft on the server (one save at a time, in order); the answer's problems replace the old ones. */
  function save(): Promise<void> {
    if (saveTimer) {
      clearTimeout(saveTimer)
      saveTimer = null
    }
    saveChain = saveChain.then(async () => {
      if (!draft.value || !dirty.value) return
      const sent = clone(draft.value)
      const text = JSON.stringify(sent)
      saving.value = true
      try {
        const verdict = await authoring.saveDraft(publisher.value, slug.value, version.value, sent)
        draftOnServer.value = true
        saveError.value = null
        problems.value = verdict.errors
        checkedValid.value = verdict.valid
        savedAt.value = new Date()
        if (draft.value && JSON.stringify(draft.value) === text) {
          dirty.value = false
          localStorage.removeItem(backupKey(publisher.value, slug.value, version.value))
        }
      } catch (e) {
        // The change stays in the editor and in the backup; the server's problems show where they point.
        saveError.value = e
        if (e instanceof ApiError && e.errors.length) problems.value = e.errors
      } finally {
        saving.value = false
      }
    })
    return saveChain
  }

  /** Saves what is pending, then asks the server for every problem of the stored draft. */
  async function check(): Promise<boolean> {
    actionError.value = null
    await save()
    if (saveError.value || !draftOnServer.value) return false
    try {
      const verdict = await authoring.validate(publisher.value, slug.value, version.value)
      problems.value = verdict.errors
      checkedValid.value = verdict.valid
      return verdict.valid
    } catch (e) {
      actionError.value = e
      return false
    }
  }

  async function publish(): Promise<boolean> {
    actionError.value = null
    publishing.value = true
    try {
      await save()
      if (saveError.value) return false
      if (!draftOnServer.value) return false
      const answer = await authoring.publish(publisher.value, slug.value, version.value)
      published.value = answer.version
      problems.value = []
      checkedValid.value = true
      const found = await catalogue.template(publisher.value, slug.value)
      detail.value = found
      draftOnServer.value = false
      baseVersion.value = version.value
      return true
    } catch (e) {
      actionError.value = e
      if (e instanceof ApiError) problems.value = e.errors
      return false
    } finally {
      publishing.value = false
    }
  }

  /** After publishing: write the next version from the one just published. */
  function startNextVersion() {
    if (!draft.value || !published.value) return
    setVersion(bumpMinor(published.value))
    published.value = null
    undoStack.value = []
    redoStack.value = []
  }

  function problemsAt(pointer: string): FieldProblem[] {
    return problemsUnder(problems.value, pointer)
  }

  return {
    publisher, slug, detail, version, baseVersion, draftOnServer, draft, loading, loadError, notMatter, restoredBackup,
    dirty, saving, savedAt, saveError, problems, checkedValid, actionError, publishing, published, canUndo, canRedo,
    open, setVersion, apply, undo, redo, save, check, publish, startNextVersion, problemsAt,
  }
})

/** 数据元与证照 — the palette: every element and licence type of the published element sets, and the binding templates. */
export const usePaletteStore = defineStore('template-palette', () => {
  const elements = shallowRef<DataElement[]>([])
  const licenceTypes = shallowRef<LicenceType[]>([])
  const bindings = shallowRef<{ ref: string; title: string; version: string }[]>([])
  const bindingParams = ref<Record<string, BindingParams>>({})
  const loaded = ref(false)
  const error = shallowRef<unknown>(null)
  let loading: Promise<void> | null = null

  function load(): Promise<void> {
    if (loaded.value) return Promise.resolve()
    loading ??= (async () => {
      try {
        const [sets, bindingList] = await Promise.all([authoring.list({ kind: 'element' }), authoring.list({ kind: 'binding' })])
        const contents = await Promise.all(sets.map((s) => authoring.version<ElementSet>(s.publisher, s.slug, s.version)))
        const els: DataElement[] = []
        const licences: LicenceType[] = []
        contents.forEach((c, i) => {
          const set = sets[i]!
          for (const e of c.content.elements ?? []) els.push({ ...e, set: `${set.publisher}/${set.slug}`, setTitle: set.title })
          for (const l of c.content.licenceTypes ?? []) licences.push({ id: l.id, name: l.name })
        })
        elements.value = els
        licenceTypes.value = licences
        bindings.value = bindingList.map((b) => ({ ref: `${b.publisher}/${b.slug}`, title: b.title, version: b.version }))
        loaded.value = true
      } catch (e) {
        error.value = e
        loading = null
      }
    })()
    return loading
  }

  /** A binding template's purposes and parameter names, fetched once. */
  async function paramsOf(ref: string): Promise<BindingParams | null> {
    if (bindingParams.value[ref]) return bindingParams.value[ref]!
    const found = bindings.value.find((b) => b.ref === ref)
    if (!found) return null
    const [p, s] = ref.split('/') as [string, string]
    const stored = await authoring.version<BindingContent>(p, s, found.version)
    const params: BindingParams = {
      purposes: stored.content.purposes ?? [],
      inputs: (stored.content.inputs ?? []).map((x) => x.name),
      outputs: (stored.content.outputs ?? []).map((x) => x.name),
    }
    bindingParams.value = { ...bindingParams.value, [ref]: params }
    return params
  }

  function element(id: string | undefined): DataElement | undefined {
    return id ? elements.value.find((e) => e.id === id) : undefined
  }

  return { elements, licenceTypes, bindings, bindingParams, loaded, error, load, paramsOf, element }
})

interface ElementSet {
  elements?: Omit<DataElement, 'set' | 'setTitle'>[]
  licenceTypes?: { id: string; name: string }[]
}

interface BindingContent {
  purposes?: string[]
  inputs?: { name: string }[]
  outputs?: { name: string }[]
}
