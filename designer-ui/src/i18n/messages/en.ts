import type { MessageSchema } from '..'

export default {
  app: {
    name: 'OneThing 一件事',
    subtitle: 'Low-code platform for integrated services · Designer',
  },
  health: {
    title: 'Service status',
    recheck: 'Check again',
    serverLabel: 'Server',
    databaseLabel: 'Database',
    versionLabel: 'Version',
    server: {
      checking: 'Checking…',
      up: 'Server is up',
      down: 'Server reports a problem',
      unreachable: 'Server unreachable',
    },
    database: {
      checking: 'Checking…',
      up: 'Database is up',
      down: 'Database unavailable',
      unknown: 'Database status unknown',
    },
  },
} satisfies MessageSchema
