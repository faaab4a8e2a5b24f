export default {
  app: {
    name: '一件事 OneThing',
    subtitle: '一件事集成服务低代码平台 · 设计器',
  },
  health: {
    title: '服务状态',
    recheck: '重新检查',
    serverLabel: '服务器',
    databaseLabel: '数据库',
    versionLabel: '版本',
    server: {
      checking: '正在检查…',
      up: '服务器正常',
      down: '服务器报告异常',
      unreachable: '服务器不可达',
    },
    database: {
      checking: '正在检查…',
      up: '数据库正常',
      down: '数据库不可用',
      unknown: '数据库状态未知',
    },
  },
}
