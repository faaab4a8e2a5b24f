import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { createAppI18n } from '../../i18n'
import DashboardPage from './DashboardPage.vue'

// No canvas in jsdom: the charts are a plain element here (their options are tested in dashboard-charts.test.ts).
vi.mock('vue-echarts', async () => {
  const { defineComponent, h } = await import('vue')
  return { default: defineComponent({ name: 'VChart', props: ['option'], render: () => h('div', { class: 'chart-stub' }) }) }
})

const figures = (received: number) => ({
  applications: { received, completed: 80, rejected: 5, completionRate: 0.8, rejectionRate: 0.05, supplementRate: 0.125 },
  handling: { ended: 85, meanHours: 60, medianHours: 50.5, p90Hours: 130, onTimeShare: 0.9 },
  overdueOpenSteps: 3,
  ratings: { count: 40, mean: 4.1, distribution: { 1: 2, 2: 2, 3: 6, 4: 10, 5: 20 }, bad: 4, badShare: 0.1, badTags: [{ tag: '办理慢', count: 3 }] },
})

const slowStep = {
  key: '330000/newborn|nhc/birth-medical-certificate#review', region: '330000', slug: 'newborn', title: '新生儿出生一件事',
  step: 'nhc/birth-medical-certificate#review', branch: 'nhc/birth-medical-certificate', stepId: 'review',
  branchTitle: '出生医学证明', name: '材料审核', department: 'health', departmentName: '卫生健康委', timeLimitDays: 3,
  worked: 120, rejected: 2, rejectionRate: 0.02, supplementRate: 0.1, onTimeShare: 0.7, overdueNow: 2, overdueShare: 0.31,
  handling: { ended: 120, meanHours: 50, medianHours: 40, p90Hours: 96.5 }, rank: 1, value: 96.5,
}

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  })
}

describe('DashboardPage', () => {
  const fetchMock = vi.fn(async (url: string) => {
    const u = new URL(url, 'http://x')
    const by = u.searchParams.get('by')
    if (u.pathname === '/api/stats/figures' && by === 'all') return json({ rows: [{ key: 'all', ...figures(100) }] })
    if (u.pathname === '/api/stats/figures' && by === 'service') {
      return json({ rows: [{ key: '330000/newborn', region: '330000', slug: 'newborn', title: '新生儿出生一件事', ...figures(100) }] })
    }
    if (u.pathname === '/api/stats/figures' && by === 'region') return json({ rows: [{ key: '330000', region: '330000', regionName: '浙江省', ...figures(100) }] })
    if (u.pathname === '/api/stats/figures' && by === 'step') return json({ rows: [slowStep] })
    if (u.pathname === '/api/stats/figures') return json({ rows: [{ key: '2026-03', period: '2026-03', ...figures(100) }] })
    if (u.pathname === '/api/stats/hotspots') {
      return json({ minSample: 5, limit: 8, steps: { slowest: [slowStep], mostOverdue: [] }, matters: { slowest: [], mostOverdue: [], mostBadRatings: [] } })
    }
    return json({ status: 403, type: 'urn:onething:problem:forbidden', title: '无权访问', detail: '您无权访问“440000”的数据。' }, 403)
  })

  beforeEach(() => {
    setActivePinia(createPinia())
    fetchMock.mockClear()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  async function open(path = '/dashboard') {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/dashboard', name: 'dashboard', component: DashboardPage }],
    })
    await router.push(path)
    const wrapper = mount(DashboardPage, {
      global: { plugins: [createAppI18n(), router] },
    })
    await flushPromises()
    return { wrapper, router }
  }

  it('shows the key figures, the bad tags and the hotspots with links to the service and the step', async () => {
    const { wrapper } = await open('/dashboard?from=2026-03-01&to=2026-03-31')
    expect(wrapper.get('[data-test="kpi-received"]').text()).toContain('100')
    expect(wrapper.get('[data-test="kpi-completionRate"]').text()).toContain('80.0%')
    expect(wrapper.get('[data-test="kpi-medianHandling"]').text()).toContain('2.1 天')
    expect(wrapper.get('[data-test="kpi-overdueNow"]').classes()).toContain('kpi--alert')
    expect(wrapper.get('[data-test="kpi-ratingMean"]').text()).toContain('40 条评价')
    expect(wrapper.get('[data-test="bad-tags"]').text()).toContain('办理慢')
    const service = wrapper.get('[data-test="hotspot-service"]')
    expect(service.text()).toBe('新生儿出生一件事')
    expect(service.attributes('href')).toContain('service=330000/newborn')
    const step = wrapper.get('[data-test="hotspot-step"]')
    expect(step.text()).toBe('出生医学证明·材料审核')
    expect(step.attributes('href')).toContain('step=330000/newborn|nhc/birth-medical-certificate%23review')
    const calls = fetchMock.mock.calls.map(([url]) => String(url))
    expect(calls).toContainEqual(expect.stringContaining('/api/stats/figures?from=2026-03-01&to=2026-03-31&by=all'))
    expect(calls).toContainEqual(expect.stringContaining('by=week'))
  })

  it('asks for one service when the address names it', async () => {
    await open('/dashboard?service=330000/newborn&by=month&from=2026-01-01&to=2026-06-30')
    const calls = fetchMock.mock.calls.map(([url]) => String(url))
    expect(calls).toContainEqual('/api/stats/figures?service=330000%2Fnewborn&from=2026-01-01&to=2026-06-30&by=month')
    expect(calls).toContainEqual(expect.stringContaining('/api/stats/hotspots?service=330000%2Fnewborn'))
  })

  it('shows the server’s refusal in Chinese', async () => {
    fetchMock.mockImplementationOnce(async () =>
      json({ status: 403, type: 'urn:onething:problem:forbidden', title: '无权访问', detail: '您无权访问“440000”的数据。' }, 403),
    )
    const { wrapper } = await open('/dashboard?region=440000')
    expect(wrapper.text()).toContain('您无权访问“440000”的数据。')
  })
})
