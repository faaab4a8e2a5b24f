import type { PeriodRow, RatingFigures, StepRow } from '../../api/stats'

/** Chart options for the 运营分析 dashboard, as pure functions of the figures (tested without a canvas). */

export interface ChartLabels {
  received: string
  completed: string
  completionRate: string
  median: string
  p90: string
  limit: string
  days: string
  ratings: string
  score: (n: number) => string
}

const RED = '#d9363e'
const ORANGE = '#e6a23c'
const BLUE = '#409eff'
const GREEN = '#67c23a'
const GREY = '#909399'
const LIGHT_BLUE = '#a0cfff'

/** A share as a percentage with one decimal, or a dash. */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${(share * 100).toFixed(1)}%`
}

/** Calendar hours as days with one decimal. */
export function days(hours: number | null | undefined): number | null {
  return hours === null || hours === undefined ? null : Math.round((hours / 24) * 10) / 10
}

/** Hours shown as hours under two days, as days above. */
export function duration(hours: number | null | undefined, units: { hours: string; days: string }): string {
  if (hours === null || hours === undefined) return '—'
  return hours < 48 ? `${hours.toFixed(1)} ${units.hours}` : `${(hours / 24).toFixed(1)} ${units.days}`
}

/** 办件趋势: received and completed as bars, the completion rate as a line on the right axis. */
export function trendOption(rows: PeriodRow[], l: ChartLabels) {
  return {
    grid: { left: 40, right: 44, top: 30, bottom: 24 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 11 } },
    xAxis: { type: 'category', data: rows.map((r) => r.period), axisLabel: { fontSize: 10 } },
    yAxis: [
      { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 } },
      { type: 'value', min: 0, max: 100, axisLabel: { fontSize: 10, formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { name: l.received, type: 'bar', data: rows.map((r) => r.applications.received), itemStyle: { color: BLUE } },
      { name: l.completed, type: 'bar', data: rows.map((r) => r.applications.completed), itemStyle: { color: GREEN } },
      {
        name: l.completionRate,
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        symbolSize: 4,
        itemStyle: { color: ORANGE },
        data: rows.map((r) => (r.applications.completionRate === null ? null : Math.round(r.applications.completionRate * 1000) / 10)),
      },
    ],
  }
}

/** A step's label on the chart: its matter's title and its name (its service's title when several services are drawn). */
export function stepLabel(s: Pick<StepRow, 'branchTitle' | 'name' | 'title'>, manyServices = false): string {
  return `${manyServices ? s.title : s.branchTitle}·${s.name}`
}

/** The most steps the chart draws: the slowest ones. */
export const MAX_STEPS = 12

/**
 * 环节办理时长: median and p90 per step in days as horizontal bars, the slowest on top, and the
 * promised limit (working days) drawn as a red mark on each bar's row. {@code highlight} is a step key.
 */
export function stepsOption(rows: StepRow[], l: ChartLabels, highlight?: string) {
  const steps = [...rows]
    .filter((s) => s.handling.ended > 0)
    .sort((a, b) => (b.handling.p90Hours ?? 0) - (a.handling.p90Hours ?? 0))
    .slice(0, MAX_STEPS)
    .reverse()
  const manyServices = new Set(rows.map((s) => `${s.region}/${s.slug}`)).size > 1
  const p90 = (s: StepRow) =>
    s.key === highlight ? { value: days(s.handling.p90Hours), itemStyle: { color: ORANGE } } : days(s.handling.p90Hours)
  return {
    grid: { left: 8, right: 24, top: 26, bottom: 20, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 11 } },
    xAxis: { type: 'value', name: l.days, nameGap: 4, nameTextStyle: { fontSize: 10 }, axisLabel: { fontSize: 10 } },
    yAxis: {
      type: 'category',
      data: steps.map((s) => stepLabel(s, manyServices)),
      axisLabel: { fontSize: 10, width: 150, overflow: 'truncate' },
    },
    series: [
      {
        name: l.median,
        type: 'bar',
        barGap: '-100%',
        barMaxWidth: 16,
        z: 3,
        data: steps.map((s) => days(s.handling.medianHours)),
        itemStyle: { color: BLUE },
      },
      { name: l.p90, type: 'bar', barMaxWidth: 16, z: 2, data: steps.map(p90), itemStyle: { color: LIGHT_BLUE } },
      {
        name: l.limit,
        type: 'scatter',
        z: 4,
        symbol: 'rect',
        symbolSize: [3, 18],
        itemStyle: { color: RED },
        data: steps.map((s) => s.timeLimitDays),
      },
    ],
  }
}

/** 评价分布: the count per score, the bad ones (1–2) in red. */
export function ratingOption(r: RatingFigures | null, l: ChartLabels) {
  const scores = [1, 2, 3, 4, 5] as const
  const colors = [RED, RED, GREY, BLUE, GREEN]
  return {
    grid: { left: 36, right: 12, top: 12, bottom: 24 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: scores.map((s) => l.score(s)), axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 } },
    series: [
      {
        name: l.ratings,
        type: 'bar',
        data: scores.map((s, i) => ({ value: r ? r.distribution[String(s) as '1'] : 0, itemStyle: { color: colors[i] } })),
        label: { show: true, position: 'top', fontSize: 10 },
      },
    ],
  }
}

/** Last {@code days} days up to {@code today} as ISO dates (China dates are what the API takes). */
export function lastDays(today: Date, count: number): [string, string] {
  const iso = (d: Date) => d.toISOString().slice(0, 10)
  const from = new Date(today.getTime() - (count - 1) * 86400000)
  return [iso(from), iso(today)]
}

/** Today in China as a Date at UTC midnight, whatever the browser's zone. */
export function chinaToday(now = new Date()): Date {
  return new Date(new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10) + 'T00:00:00Z')
}
