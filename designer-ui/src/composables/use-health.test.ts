import { afterEach, describe, expect, it, vi } from 'vitest'
import { createAppI18n } from '../i18n'
import { useHealth, type HealthReport } from './use-health'

const UP: HealthReport = {
  status: 'UP',
  database: { status: 'UP', detail: 'PostgreSQL 15.14' },
  version: '0.1.0-SNAPSHOT',
}
const DOWN: HealthReport = {
  status: 'DOWN',
  database: { status: 'DOWN', detail: 'Connection refused' },
  version: '0.1.0-SNAPSHOT',
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  })
}

const { t } = createAppI18n().global

describe('useHealth', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it.each([
    {
      name: 'UP with 200',
      answer: () => Promise.resolve(json(200, UP)),
      server: 'up',
      database: 'up',
      shown: ['服务器正常', '数据库正常'],
    },
    {
      name: 'DOWN with 503',
      answer: () => Promise.resolve(json(503, DOWN)),
      server: 'down',
      database: 'down',
      shown: ['服务器报告异常', '数据库不可用'],
    },
    {
      name: 'fetch rejects',
      answer: () => Promise.reject(new TypeError('Failed to fetch')),
      server: 'unreachable',
      database: 'unknown',
      shown: ['服务器不可达', '数据库状态未知'],
    },
    {
      name: 'a body that is not JSON',
      answer: () =>
        Promise.resolve(
          new Response('<html>502 Bad Gateway</html>', {
            status: 502,
            headers: { 'Content-Type': 'text/html' },
          }),
        ),
      server: 'unreachable',
      database: 'unknown',
      shown: ['服务器不可达', '数据库状态未知'],
    },
    {
      name: 'JSON that is not a health report',
      answer: () => Promise.resolve(json(200, { status: 'OK' })),
      server: 'unreachable',
      database: 'unknown',
      shown: ['服务器不可达', '数据库状态未知'],
    },
  ] as const)('$name → $shown', async ({ answer, server, database, shown }) => {
    const fetchMock = vi.fn(answer)
    vi.stubGlobal('fetch', fetchMock)
    const health = useHealth()

    await health.check()

    expect(fetchMock).toHaveBeenCalledWith('/health', expect.anything())
    expect(health.server.value).toBe(server)
    expect(health.database.value).toBe(database)
    expect([t(`health.server.${health.server.value}`), t(`health.database.${health.database.value}`)]).toEqual(
      shown,
    )
  })

  it('is checking until the server answers', async () => {
    let answer!: (response: Response) => void
    vi.stubGlobal('fetch', () => new Promise<Response>((resolve) => (answer = resolve)))
    const health = useHealth()

    const checked = health.check()
    expect(health.server.value).toBe('checking')
    expect(health.database.value).toBe('checking')

    answer(json(200, UP))
    await checked
    expect(health.server.value).toBe('up')
    expect(health.report.value?.version).toBe('0.1.0-SNAPSHOT')
  })

  it('keeps the newest answer when an older check finishes last', async () => {
    const answers: Array<(response: Response) => void> = []
    vi.stubGlobal('fetch', () => new Promise<Response>((resolve) => answers.push(resolve)))
    const health = useHealth()

    const first = health.check()
    const second = health.check()
    answers[1]!(json(200, UP))
    await second
    answers[0]!(json(503, DOWN))
    await first

    expect(health.server.value).toBe('up')
    expect(health.database.value).toBe('up')
  })
})
