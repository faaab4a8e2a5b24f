// 运营分析看板的浏览器测试：Debian 的 chromium，由 playwright-core 驱动（从不下载浏览器），视口 1366×768。
// 用法：node e2e/dashboard.mjs <服务器地址> <截图目录> <默认时间范围内浙江的受理件数>
// 由服务器的 DashboardBrowserTest 启动（它先写入生成的办件历史）；全部检查通过时退出码为 0。
import { chromium } from 'playwright-core'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

const [base, shots, expectedReceived] = process.argv.slice(2)
if (!base || !shots || !expectedReceived) {
  console.error('用法：node e2e/dashboard.mjs <服务器地址> <截图目录> <受理件数>')
  process.exit(2)
}
mkdirSync(shots, { recursive: true })

const results = []
const check = (name, ok, detail = '') => {
  results.push({ name, ok: !!ok, detail })
  if (!ok) console.error('✗ ' + name + (detail ? '：' + detail : ''))
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
})

/** A page signed in as a demo user: the token is put where the designer keeps it, before it loads. */
async function signedIn(user) {
  const answer = await fetch(base + '/api/auth/dev-login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user }),
  }).then((r) => r.json())
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
  await context.addInitScript((token) => sessionStorage.setItem('onething.designer.token', token), answer.token)
  const page = await context.newPage()
  page.problems = []
  // A failed request shows as a console error too; the response hook below names its address (and
  // Chromium's own /favicon.ico request, which the designer does not serve, is not one of ours).
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) page.problems.push(m.text()) })
  page.on('pageerror', (e) => page.problems.push(String(e)))
  page.on('response', (r) => { if (r.status() >= 400) page.problems.push(`${r.status()} ${r.url()}`) })
  return page
}

/** Waits until the figures are in and the charts have drawn. */
async function loaded(page) {
  await page.waitForSelector('[data-test="kpi-received"]', { timeout: 30000 })
  await page.waitForSelector('[data-test="chart-steps"] canvas', { timeout: 30000 })
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(1200) // the charts' entry animation
}

try {
  const page = await signedIn('admin-330000')
  await page.goto(base + '/designer/dashboard')
  await loaded(page)
  check('菜单中有“运营分析”', await page.locator('[data-test="menu-dashboard"]').count() === 1)
  const received = (await page.textContent('[data-test="kpi-received"] .kpi__value') || '').trim()
  check('受理件数与生成的历史一致', received === expectedReceived, `页面 ${received}，应为 ${expectedReceived}`)
  check('趋势图已绘制', await page.locator('[data-test="chart-trend"] canvas').count() > 0)
  check('评价分布图已绘制', await page.locator('[data-test="chart-ratings"] canvas').count() > 0)
  check('有差评标签', await page.locator('[data-test="bad-tags"] .bad-tags__row').count() > 0)
  const hotspots = page.locator('[data-test="hotspots"] .el-table__row')
  check('热点表列出环节', await hotspots.count() > 0)
  const bottom = await page.locator('.panel--hotspots').evaluate((e) => e.getBoundingClientRect().bottom)
  check('1366×768 一屏内看全（热点表底边在视口内）', bottom <= 768, `底边 ${bottom}px`)
  const wide = await page.evaluate(() => document.documentElement.scrollWidth)
  check('没有横向滚动条', wide <= 1366, `页面宽 ${wide}px`)
  await page.screenshot({ path: join(shots, 'designer-dashboard.png') })

  // A hotspot's step link filters the dashboard to its service and marks the step.
  const link = page.locator('[data-test="hotspot-step"]').first()
  const stepName = (await link.textContent() || '').trim()
  await link.click()
  await page.waitForURL(/service=/)
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(800)
  check('热点链接按服务筛选', /service=3[0-9]{5}(%2F|\/)/.test(page.url()), page.url())
  check('热点链接标出环节', /step=/.test(page.url()), page.url())
  check('服务筛选框显示该服务', ((await page.locator('[data-test="filter-service"]').textContent()) || '').length > 0 ||
    await page.locator('[data-test="filter-service"] .el-select__selected-item').count() > 0, stepName)
  await page.screenshot({ path: join(shots, 'designer-dashboard-service.png') })
  check('看板没有脚本错误', page.problems.length === 0, page.problems.join('；'))

  // The centre: every standard template's adoption across provinces.
  const centre = await signedIn('auditor-national')
  await centre.goto(base + '/designer/dashboard')
  await loaded(centre)
  await centre.getByRole('tab', { name: '标准模板采用' }).click()
  await centre.waitForSelector('[data-test="templates"] .el-table__row')
  check('国家平台看到标准模板的采用情况', await centre.locator('[data-test="templates"] .el-table__row').count() >= 3)
  await centre.locator('[data-test="templates"] .el-table__expand-icon').nth(1).click()
  await centre.waitForSelector('[data-test="template-services"] .el-table__row')
  check('展开模板可见各地区服务的数据', await centre.locator('[data-test="template-services"] .el-table__row').count() >= 2)
  await centre.waitForTimeout(500)
  await centre.screenshot({ path: join(shots, 'designer-dashboard-templates.png') })
  check('国家平台页面没有脚本错误', centre.problems.length === 0, centre.problems.join('；'))
} catch (e) {
  check('浏览器测试未出异常', false, String(e && e.stack || e))
} finally {
  await browser.close()
}

console.log(JSON.stringify({ results }, null, 1))
process.exit(results.every((r) => r.ok) ? 0 : 1)
