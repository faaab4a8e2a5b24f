import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { tasks, type TaskDetail, type TaskQueue } from '../api'

/** 审批工作台 — the clerk's queue and the task open beside it. */
export const useWorkbenchStore = defineStore('workbench', () => {
  const queue = shallowRef<TaskQueue | null>(null)
  const task = shallowRef<TaskDetail | null>(null)
  const loading = ref(false)
  const error = shallowRef<unknown>(null)

  /** Soonest due first; tasks without a due date last. */
  const items = computed(() =>
    [...(queue.value?.items ?? [])].sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999')),
  )

  async function load() {
    loading.value = true
    error.value = null
    try {
      queue.value = await tasks.queue()
    } catch (e) {
      error.value = e
    } finally {
      loading.value = false
    }
  }

  async function open(id: number) {
    task.value = await tasks.task(id)
  }

  return { queue, items, task, loading, error, load, open }
})
