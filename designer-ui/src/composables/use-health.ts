import { computed, shallowRef } from 'vue'

/** 健康状态 — UP or DOWN, as the server reports it. */
export type HealthStatus = 'UP' | 'DOWN'

/** The body of GET /health: the same shape with HTTP 200 (UP) and 503 (DOWN). */
export interface HealthReport {
  status: HealthStatus
  database: { status: HealthStatus; detail?: string }
  version?: string
}

export type ServerState = 'checking' | 'up' | 'down' | 'unreachable'
export type DatabaseState = 'checking' | 'up' | 'down' | 'unknown'

/** Root-relative, so it reaches the server both behind /designer/ and through the dev proxy. */
export const DEFAULT_HEALTH_URL = '/health'
export const DEFAULT_HEALTH_TIMEOUT_MS = 5000

export interface UseHealthOptions {
  url?: string
  timeoutMs?: number
}

type Answer =
  | { kind: 'checking' }
  | { kind: 'answered'; report: HealthReport }
  | { kind: 'unreachable' }

export function useHealth(options: UseHealthOptions = {}) {
  const url = options.url ?? DEFAULT_HEALTH_URL
  const timeoutMs = options.timeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS
  const answer = shallowRef<Answer>({ kind: 'checking' })
  let latestCall = 0

  const report = computed(() => (answer.value.kind === 'answered' ? answer.value.report : null))

  const server = computed<ServerState>(() => {
    if (answer.value.kind !== 'answered') return answer.value.kind
    return answer.value.report.status === 'UP' ? 'up' : 'down'
  })

  const database = computed<DatabaseState>(() => {
    if (answer.value.kind === 'checking') return 'checking'
    if (answer.value.kind === 'unreachable') return 'unknown'
    return answer.value.report.database.status === 'UP' ? 'up' : 'down'
  })

  async function check(): Promise<void> {
    const call = ++latestCall
    answer.value = { kind: 'checking' }
    const next = await ask(url, timeoutMs)
    // A slow answer to an earlier check must not overwrite a newer one.
    if (call === latestCall) answer.value = next
  }

  return { server, database, report, check }
}

async function ask(url: string, timeoutMs: number): Promise<Answer> {
  try {
    const response = await fetch(url, {
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    })
    // 503 carries the same body as 200, so the body decides, not the status code.
    const body: unknown = await response.json()
    return isHealthReport(body) ? { kind: 'answered', report: body } : { kind: 'unreachable' }
  } catch {
    // No connection, a timeout, or a body that is not JSON (a proxy's error page, say).
    return { kind: 'unreachable' }
  }
}

function isHealthReport(body: unknown): body is HealthReport {
  if (typeof body !== 'object' || body === null) return false
  const { status, database } = body as { status?: unknown; database?: unknown }
  return (
    isHealthStatus(status) &&
    typeof database === 'object' &&
    database !== null &&
    isHealthStatus((database as { status?: unknown }).status)
  )
}

function isHealthStatus(value: unknown): value is HealthStatus {
  return value === 'UP' || value === 'DOWN'
}
