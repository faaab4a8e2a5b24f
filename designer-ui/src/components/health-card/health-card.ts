import type { DatabaseState, ServerState } from '../../composables/use-health'

export type HealthTagType = 'success' | 'danger' | 'info'

/** The Element Plus tag colour for a server or database state. */
export function healthTagType(state: ServerState | DatabaseState): HealthTagType {
  switch (state) {
    case 'up':
      return 'success'
    case 'down':
    case 'unreachable':
      return 'danger'
    case 'checking':
    case 'unknown':
      return 'info'
  }
}
