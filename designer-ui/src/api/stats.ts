import { api } from './index'

/** The shapes of /api/stats/… (docs/stats.md); shares are fractions, hours calendar hours, null when nothing to divide. */

export interface Timing {
  ended: number
  meanHours: number | null
  medianHours: number | null
  p90Hours: number | null
}

export interface TagCount {
  tag: string
  count: number
}

export interface RatingFigures {
  count: number
  mean: number | null
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>
  bad: number
  badShare: number | null
  badTags: TagCount[]
}

/** 办件数据 — the figures of a group of applications. */
export interface ApplicationFigures {
  applications: {
    received: number
    completed: number
    rejected: number
    completionRate: number | null
    rejectionRate: number | null
    supplementRate: number | null
  }
  handling: Timing & { onTimeShare: number | null }
  overdueOpenSteps: number
  ratings: RatingFigures
}

export interface ServiceRow extends ApplicationFigures {
  key: string
  region: string
  regionName: string | null
  slug: string
  title: string
  activeRelease: number | null
  promisedWorkingDays: number | null
  offlineVisits: number | null
}

export interface PeriodRow extends ApplicationFigures {
  key: string
  period: string
}

/** 环节数据 — the figures of a group of step instances. */
export interface StepFigures {
  worked: number
  rejected: number
  rejectionRate: number | null
  supplementRate: number | null
  handling: Timing
  onTimeShare: number | null
  overdueNow: number
  overdueShare: number | null
}

export interface StepRow extends StepFigures {
  key: string
  region: string
  slug: string
  title: string
  step: string
  branch: string
  stepId: string
  branchTitle: string
  name: string
  department: string
  departmentName: string
  timeLimitDays: number | null
}

export interface BranchRow extends StepFigures {
  key: string
  region: string
  slug: string
  title: string
  branch: string
  branchTitle: string
  ratings: RatingFigures
}

export type Hotspot = (StepRow | BranchRow) & { rank: number; value: number }

export interface HotspotAnswer {
  minSample: number
  limit: number
  steps: { slowest: Hotspot[]; mostOverdue: Hotspot[] }
  matters: { slowest: Hotspot[]; mostOverdue: Hotspot[]; mostBadRatings: Hotspot[] }
}

export interface TemplateUse {
  template: string
  kind: 'package' | 'matter'
  title: string | null
  provinces: string[]
  provinceCount: number
  serviceCount: number
  publishedCount: number
  totals: { received: number; completed: number; completionRate: number | null; ratings: number; ratingMean: number | null }
  services: Array<
    { region: string; regionName: string; slug: string; title: string; version: string | null; activeRelease: number | null } & Partial<
      Pick<ApplicationFigures, 'applications' | 'handling' | 'ratings'>
    >
  >
}

export type Granularity = 'day' | 'week' | 'month'

export interface StatsFilter {
  region?: string
  service?: string
  from?: string
  to?: string
}

interface Rows<T> {
  rows: T[]
}

export type Dimension = 'all' | 'service' | 'region' | 'release' | Granularity | 'branch' | 'step' | 'department'

export const stats = {
  figures: (f: StatsFilter, by: Dimension) =>
    api.get<Rows<ApplicationFigures & { key: string }>>('/api/stats/figures', { ...f, by }).then((a) => a.rows),
  services: (f: StatsFilter) => api.get<Rows<ServiceRow>>('/api/stats/figures', { ...f, by: 'service' }).then((a) => a.rows),
  trend: (f: StatsFilter, by: Granularity) => api.get<Rows<PeriodRow>>('/api/stats/figures', { ...f, by }).then((a) => a.rows),
  steps: (f: StatsFilter) => api.get<Rows<StepRow>>('/api/stats/figures', { ...f, by: 'step' }).then((a) => a.rows),
  hotspots: (f: StatsFilter, limit = 8, min = 5) => api.get<HotspotAnswer>('/api/stats/hotspots', { ...f, limit, min }),
  templates: (from?: string, to?: string) =>
    api.get<{ templates: TemplateUse[] }>('/api/stats/templates', { from, to }).then((a) => a.templates),
}
