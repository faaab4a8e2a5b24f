// 办事页面的浏览器测试：Debian 的 chromium，由 playwright-core 驱动（从不下载浏览器）。
// 用法：node e2e/citizen-pages.mjs <服务器地址> <截图目录>
// 由服务器的 CitizenPagesBrowserTest 启动（它先启动服务器和部门模拟器）；全部检查通过时退出码为 0。
import { chromium } from 'playwright-core'
import { choices, daysAgo, newborn } from './newborn-form.mjs'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

const [base, shots] = process.argv.slice(2)
if (!base || !shots) {
  console.error('用法：node e2e/citizen-pages.mjs <服务器地址> <截图目录>')
  process.exit(2)
}
mkdirSync(shots, { recursive: true })

const LI_NA = '330106199208151424'
const ZHANG_WEI = '330106199003071236'

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

async function newPage(javaScriptEnabled) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled, locale: 'zh-CN' })
  const page = await context.newPage()
  page.problems = []
  page.on('console', (m) => {
    // A form sent back with errors answers 422 on purpose; anything else is a problem.
    if (m.type() === 'error' && !m.text().includes('status of 422')) page.problems.push(m.text())
  })
  page.on('pageerror', (e) => page.problems.push(String(e)))
  return page
}

async function login(page, user, next) {
  await page.goto(base + '/s/login?next=' + encodeURIComponent(next))
  await page.check('#u-' + user)
  await Promise.all([page.waitForURL('**' + next), page.click('form[action="/s/login"] button[type=submit]')])
}

const selects = { newborn_person_ethnicity: '01' }

async function fillNewborn(page, { except = [] } = {}) {
  for (const [k, v] of Object.entries(newborn)) if (!except.includes(k)) await page.fill('#f-' + k, v)
  for (const [k, v] of Object.entries(choices)) {
    const radio = page.locator(`input[name="${k}"][value="${v}"]`)
    if (await radio.count()) await radio.check()
    else await page.selectOption('#f-' + k, v)
  }
  for (const [k, v] of Object.entries(selects)) await page.selectOption('#f-' + k, v)
}

try {
  // ---- Without JavaScript: the whole journey, errors from the server. ----
  const page = await newPage(false)
  await page.goto(base + '/s/330000')
  check('服务列表按人生阶段分组', await page.locator('h2', { hasText: '出生' }).count() === 1)
  await page.screenshot({ path: join(shots, 'services-390.png') })
  await page.goto(base + '/s/330000/newborn')
  check('办事指南列出可由电子证照代替的材料', await page.getByText('可由电子证照代替，无需提交').count() > 0)
  await page.screenshot({ path: join(shots, 'guide-390.png') })

  await login(page, 'citizen-lina', '/s/330000/newborn/apply')
  check('登录后表单带出申请人身份号码', await page.inputValue('#f-applicant_person_idNumber') === LI_NA)
  check('证照免提交写明用了哪张电子证照', await page.getByText('J330106-2019-000518').count() > 0)
  await page.fill('#f-mother_person_idNumber', LI_NA)
  await page.fill('#f-father_person_idNumber', ZHANG_WEI)
  await page.click('button[value=prefill]')
  check('带出信息后父亲姓名来自人口库', await page.inputValue('#f-father_person_name') === '张伟')
  check('带出的字段标明来源', await page.getByText('来自全国人口信息管理系统').count() > 0)
  await page.locator('#f-father_person_name').scrollIntoViewIfNeeded()
  await page.screenshot({ path: join(shots, 'apply-prefilled-390.png') })

  await fillNewborn(page, { except: ['newborn_person_name'] })
  await page.check('input[name="mohrss_social_security_card_application__deliveryMethod"][value="post"]')
  await page.click('button[value=submit]')
  check('无脚本：错误汇总在页首', await page.locator('#error-summary li').count() >= 3)
  check('无脚本：错误显示在字段旁', (await page.textContent('#e-newborn_person_name') || '').includes('新生儿姓名'))
  check('无脚本：错误链接指向字段', await page.locator('#error-summary a[href="#f-newborn_person_name"]').count() === 1)
  check('无脚本：选择邮寄后服务器显示邮寄地址', await page.locator('[data-field="applicant_address_region"]').isVisible())
  check('无脚本：已填内容保留', await page.inputValue('#f-newborn_birth_institution') === newborn.newborn_birth_institution)
  await page.screenshot({ path: join(shots, 'apply-errors-nojs-390.png') })

  await page.fill('#f-newborn_person_name', '张小满')
  await page.check('input[name="mohrss_social_security_card_application__deliveryMethod"][value="branch"]')
  await page.setInputFiles('input[name="material-6"]', { name: '接种记录.pdf', mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n%vaccination record\n%%EOF\n') })
  await page.click('button[value=submit]')
  await page.waitForURL('**/s/me/applications/*')
  check('提交后显示回执和申请编号', /330000-\d{8}-\d{6}/.test(await page.textContent('.receipt .number') || ''))
  await page.screenshot({ path: join(shots, 'receipt-390.png') })
  check('无脚本页面没有错误', page.problems.length === 0, page.problems.join('；'))

  // ---- With JavaScript: fields show, hide and become required live. ----
  const live = await newPage(true)
  await login(live, 'citizen-zhangwei', '/s/330000/newborn/apply')
  const region = live.locator('[data-field="applicant_address_region"]')
  check('有脚本：邮寄地址起初隐藏', !(await region.isVisible()))
  await live.check('input[name="mohrss_social_security_card_application__deliveryMethod"][value="post"]')
  check('有脚本：选择邮寄后立即显示邮寄地址', await region.isVisible())
  check('有脚本：邮寄地址立即变为必填', await live.locator('#f-applicant_address_region').evaluate((e) => e.required))
  await live.check('input[name="mohrss_social_security_card_application__deliveryMethod"][value="branch"]')
  check('有脚本：改为网点领取后再隐藏', !(await region.isVisible()))
  const late = live.locator('[data-field="mps_birth_registration__lateRegistrationReason"]')
  await live.fill('#f-newborn_person_birthDate', daysAgo(5))
  check('有脚本：出生 5 天不显示逾期原因', !(await late.isVisible()))
  await live.fill('#f-newborn_person_birthDate', daysAgo(40))
  check('有脚本：出生 40 天显示逾期原因', await late.isVisible())
  await live.check('input[name="mohrss_social_security_card_application__deliveryMethod"][value="post"]')
  await region.scrollIntoViewIfNeeded()
  await live.screenshot({ path: join(shots, 'apply-live-390.png') })
  check('有脚本：没有脚本错误或 CSP 拦截', live.problems.length === 0, live.problems.join('；'))
} catch (e) {
  check('浏览器测试未出异常', false, String(e && e.stack || e))
} finally {
  await browser.close()
}

console.log(JSON.stringify({ results }, null, 1))
process.exit(results.every((r) => r.ok) ? 0 : 1)
