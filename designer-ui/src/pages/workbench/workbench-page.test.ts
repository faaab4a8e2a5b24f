import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createAppI18n } from '../../i18n'
import WorkbenchPage from './WorkbenchPage.vue'

const item = (id: number, dueDate: string, overdue: boolean) => ({
  id, application: `A${id}`, service: '新生儿出生一件事', region: '330000', branch: 'nhc/birth-medical-certificate',
  step: 'review', name: `审核 ${id}`, type: 'review', status: 'active', assignee: null, dueDate, overdue, version: 1,
})

const TASK = {
  id: 2, application_id: 'A2', service: 'newborn', region: '330000', branch: 'nhc/birth-medical-certificate', step_id: 'review',
  name: '审核 2', type: 'review', status: 'active', assignee: null, comment: null, dueDate: '2026-11-20', version: 4,
  fields: [{ key: 'motherId', label: '母亲身份证号', value: '330106********1424', masked: true }],
  materials: [{ key: 'birth', name: '出生医学证明', eLicence: 'birth-certificate' }],
  outcomes: [{ id: 'approve', label: '通过', result: 'approved' }, { id: 'reject', label: '不予通过', result: 'rejected' }],
}

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  })
}

describe('WorkbenchPage', () => {
  let complete: (init: RequestInit) => Response
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    if (url === '/api/tasks') return json({ department: 'health', departmentName: '卫生健康', items: [item(1, '2026-12-01', false), item(2, '2026-11-20', true)] })
    if (url === '/api/tasks/2') return json(TASK)
    if (url === '/api/tasks/2/complete') return complete(init)
    return json({ status: 404, title: '未找到', detail: '没有这个任务' }, 404)
  })

  beforeEach(() => {
    setActivePinia(createPinia())
    fetchMock.mockClear()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  async function openOverdueTask() {
    const wrapper = mount(WorkbenchPage, { global: { plugins: [createAppI18n()] } })
    await flushPromises()
    const rows = wrapper.findAll('[data-test="queue"] .el-table__row')
    await rows[0]!.trigger('click')
    await flushPromises()
    return wrapper
  }

  it('lists the queue by due date with the overdue task first and marked', async () => {
    const wrapper = mount(WorkbenchPage, { global: { plugins: [createAppI18n()] } })
    await flushPromises()

    const rows = wrapper.findAll('[data-test="queue"] .el-table__row')
    expect(rows.map((r) => r.text())).toEqual([expect.stringContaining('审核 2'), expect.stringContaining('审核 1')])
    expect(rows[0]!.find('[data-test="overdue"]').text()).toBe('已超期')
    expect(rows[1]!.find('[data-test="overdue"]').exists()).toBe(false)
  })

  it('shows the task with masked values, materials and outcomes, and completes it with its version', async () => {
    complete = () => json({ task: {}, process: 'running', activated: [] })
    const wrapper = await openOverdueTask()

    const task = wrapper.get('[data-test="task"]')
    expect(task.text()).toContain('330106********1424')
    expect(task.text()).toContain('已脱敏')
    expect(task.text()).toContain('出生医学证明')
    await wrapper.get('[data-test="outcomes"] input[value="approve"]').setValue(true)
    await wrapper.get('textarea').setValue('材料齐全')
    await wrapper.get('[data-test="complete"]').trigger('click')
    await flushPromises()

    const call = fetchMock.mock.calls.find(([url]) => url === '/api/tasks/2/complete')!
    expect(JSON.parse(String(call[1].body))).toEqual({ version: 4, outcome: 'approve', comment: '材料齐全' })
    expect(wrapper.text()).toContain('已办理')
  })

  it('says in Chinese that the task went stale, and offers a refresh', async () => {
    complete = () => json({ type: 'urn:onething:problem:conflict', title: '冲突', status: 409, detail: '版本已过期' }, 409)
    const wrapper = await openOverdueTask()

    await wrapper.get('[data-test="outcomes"] input[value="approve"]').setValue(true)
    await wrapper.get('[data-test="complete"]').trigger('click')
    await flushPromises()

    const stale = wrapper.get('[data-test="stale"]')
    expect(stale.text()).toContain('该任务已被他人更新，请刷新后重新办理。')
    await stale.get('button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="stale"]').exists()).toBe(false)
    expect(fetchMock.mock.calls.filter(([url]) => url === '/api/tasks/2')).toHaveLength(2)
  })
})
