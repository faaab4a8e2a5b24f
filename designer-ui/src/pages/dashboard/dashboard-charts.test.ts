import { describe, expect, it } from 'vitest'
import type { PeriodRow, StepRow } from '../../api/stats'
import { chinaToday, days, duration, lastDays, percent, ratingOption, stepsOption, trendOption, type ChartLabels } from './dashboard-charts'

const labels: ChartLabels = {
  received: '受理', completed: '办结', completionRate: '办结率', median: '中位数', p90: '90% 分位', limit: '承诺时限',
  days: '天', ratings: '评价数', score: (n) => `${n} 分`,
}

const step = (key: string, median: number | null, p90: number | null, limit: number | null, ended = 10, slug = 'newborn') =>
  ({
    key, region: '330000', slug, title: slug === 'newborn' ? '新生儿出生一件事' : '户口迁移一件事', branchTitle: '出生医学证明', name: key,
    timeLimitDays: limit, handling: { ended, medianHours: median, p90Hours: p90 },
  }) as StepRow

describe('dashboard charts', () => {
  it.each([
    [null, '—'],
    [0, '0.0%'],
    [0.8, '80.0%'],
    [0.12345, '12.3%'],
  ])('percent(%s) = %s', (share, text) => {
    expect(percent(share)).toBe(text)
  })

  it.each([
    [null, '—'],
    [5, '5.0 小时'],
    [47.9, '47.9 小时'],
    [72, '3.0 天'],
  ])('duration(%s) = %s', (hours, text) => {
    expect(duration(hours, { hours: '小时', days: '天' })).toBe(text)
  })

  it('converts hours to days with one decimal', () => {
    expect(days(36)).toBe(1.5)
    expect(days(null)).toBeNull()
  })

  it('draws steps slowest on top with the promised limit on each row and the chosen step marked', () => {
    const option = stepsOption([step('b', 30, 120, 2), step('a', 10, 48, 3), step('never', null, null, 1, 0)], labels, 'b')
    // ECharts draws a category axis bottom-up: the slowest step is last.
    expect(option.yAxis.data).toEqual(['出生医学证明·a', '出生医学证明·b'])
    expect(option.series[0]!.data).toEqual([0.4, 1.3])
    expect(option.series[1]!.data).toEqual([2, { value: 5, itemStyle: { color: '#e6a23c' } }])
    expect(option.series[2]!.data).toEqual([3, 2])
    expect(option.series[2]!.name).toBe('承诺时限')
  })

  it('names the service when steps of several services are drawn, and draws the slowest twelve', () => {
    const rows = Array.from({ length: 14 }, (_, i) => step(`s${i}`, i, i * 10 + 10, 1, 10, i % 2 ? 'hukou' : 'newborn'))
    const option = stepsOption(rows, labels)
    expect(option.yAxis.data).toHaveLength(12)
    expect(option.yAxis.data.at(-1)).toBe('户口迁移一件事·s13')
    expect(option.yAxis.data[0]).toBe('新生儿出生一件事·s2')
  })

  it('draws the trend as volume bars and the completion rate in percent', () => {
    const row = (period: string, received: number, completed: number, rate: number | null) =>
      ({ period, applications: { received, completed, completionRate: rate } }) as PeriodRow
    const option = trendOption([row('2026-03', 10, 8, 0.8), row('2026-04', 0, 0, null)], labels)
    expect(option.xAxis.data).toEqual(['2026-03', '2026-04'])
    expect(option.series.map((s) => s.data)).toEqual([[10, 0], [8, 0], [80, null]])
  })

  it('colours bad ratings red', () => {
    const option = ratingOption({ count: 6, mean: 3, distribution: { 1: 1, 2: 1, 3: 1, 4: 1, 5: 2 }, bad: 2, badShare: 0.33, badTags: [] }, labels)
    expect(option.xAxis.data).toEqual(['1 分', '2 分', '3 分', '4 分', '5 分'])
    expect(option.series[0]!.data.map((d) => d.value)).toEqual([1, 1, 1, 1, 2])
    expect(option.series[0]!.data[0]!.itemStyle.color).toBe(option.series[0]!.data[1]!.itemStyle.color)
  })

  it('takes today in China and the last days up to it', () => {
    expect(chinaToday(new Date('2026-11-26T17:30:00Z')).toISOString().slice(0, 10)).toBe('2026-11-27')
    expect(lastDays(new Date('2026-03-10T00:00:00Z'), 10)).toEqual(['2026-03-01', '2026-03-10'])
  })
})
