// 设计器的端到端测试：Debian 的 chromium，由 playwright-core 驱动（从不下载浏览器）。
// 用法：node e2e/designer.mjs <服务器地址> <截图目录> <部门系统地址>
// 由服务器的 DesignerBrowserTest 启动（它先启动服务器和部门模拟器）；全部检查通过时退出码为 0。
// (1) 浙江省管理员在模板市场用 xse 找到新生儿出生一件事，安装，新建服务并在编排器里用鼠标拖放添加一个本地字段，发布；
// (2) 群众在发布的页面上填写（含这个本地字段）并提交；(3) 综合窗口在审批工作台办理这件申请。
import { chromium } from 'playwright-core'
import { choices, daysAgo, newborn } from './newborn-form.mjs'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

const [base, shots, departments] = process.argv.slice(2)
if (!base || !shots || !departments) {
  console.error('用法：node e2e/designer.mjs <服务器地址> <截图目录> <部门系统地址>')
  process.exit(2)
}
mkdirSync(shots, { recursive: true })

// Its own service, so that nothing depends on the demo services the province may already have.
const SLUG = 'newborn-e2e-' + Date.now().toString(36)
const STREET = '户籍所在街道（乡镇）'
const STREET_VALUE = '西湖区北山街道'
const LI_NA = '330106199208151424'
const ZHANG_WEI = '330106199003071236'
const started = Date.now()

/** An Element Plus input by its data-test: the attribute lands on the <input> itself, or on its wrapper. */
const inp = (name) => `input[data-test=${name}], textarea[data-test=${name}], [data-test=${name}] input`

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

async function newPage(viewport) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' })
  const page = await context.newPage()
  page.setDefaultTimeout(15000)
  page.problems = []
  page.on('console', (m) => {
    // Refusals the test provokes on purpose answer 400/422, and the pages have no favicon; anything else is a problem.
    if (m.type() === 'error' && !/status of (400|422)/.test(m.text()) && !m.location().url.endsWith('/favicon.ico')) {
      page.problems.push(`${m.text()} (${m.location().url})`)
    }
  })
  page.on('pageerror', (e) => page.problems.push(String(e)))
  page.on('response', (r) => {
    if (r.status() >= 400 && ![400, 422].includes(r.status())) page.problems.push(`${r.status()} ${r.url()}`)
  })
  return page
}

async function signIn(page, user, landing) {
  await page.goto(base + '/designer/sign-in')
  await page.click('[data-test=user-select]')
  await page.keyboard.type(user)
  await page.locator('.el-select-dropdown__item:visible', { hasText: user }).first().click()
  await page.click('[data-test=sign-in]')
  await page.waitForURL('**' + landing)
}

/** A real drag with the mouse: press, move in steps (SortableJS follows the pointer), release. */
async function drag(page, source, target) {
  const from = await source.boundingBox()
  const to = await target.boundingBox()
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
  await page.mouse.down()
  await page.mouse.move(from.x + from.width / 2 + 8, from.y + from.height / 2 + 8, { steps: 4 })
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 20 })
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2 + 4, { steps: 4 })
  await page.mouse.up()
}

/** Element Plus animates tabs and tags in: a screenshot waits for them to settle. */
const settle = (page) => page.waitForTimeout(400)

/** The 390×844 frame is taller than a 1366×768 window: the window grows for its picture, then shrinks back. */
async function phoneShot(page, frame, name) {
  await page.setViewportSize({ width: 1366, height: 1300 })
  await frame.scrollIntoViewIfNeeded()
  await settle(page)
  await frame.screenshot({ path: join(shots, name) })
  await page.setViewportSize({ width: 1366, height: 768 })
}


let applicationNumber = null
try {
  // ---- (1) 省管理员：模板市场 → 安装 → 新建服务 → 编排（拖放添加本地字段）→ 发布 ----
  const admin = await newPage({ width: 1366, height: 768 })
  await signIn(admin, 'admin-330000', '/designer/catalogue')
  const search = admin.locator(inp('search'))
  await search.click()
  await search.type('xse', { delay: 60 })
  await search.press('Enter')
  const hit = admin.locator('[data-test=hit]', { hasText: '新生儿出生一件事' }).first()
  await hit.waitFor()
  check('模板市场：输入拼音首字母 xse 找到新生儿出生一件事', await hit.isVisible())
  await settle(admin)
  await admin.screenshot({ path: join(shots, 'designer-catalogue.png') })
  await hit.click()
  await admin.click('[data-test=install]')
  await admin.locator('[data-test=installed]').waitFor()
  check('安装后显示已安装到 330000', (await admin.textContent('[data-test=installed]')).includes('330000'))
  await admin.click('[data-test=compose]')
  await admin.waitForURL((u) => u.pathname === '/designer/services')
  check('从模板市场带着套餐来到新建服务', (await admin.inputValue(inp('create-package'))) === 'national/newborn')
  // 服务代码写错：服务器的中文说明显示在对话框里，已填的内容不丢。
  await admin.fill(inp('create-slug'), 'Bad Slug')
  await admin.fill(inp('create-title'), '新生儿出生一件事（测试）')
  await admin.click('[data-test=create-submit]')
  const createProblem = admin.locator('[data-test=create-dialog] .problem-alert')
  await createProblem.waitFor()
  check('服务代码不合规时在原处显示服务器的中文说明', (await createProblem.textContent()).includes('请填写服务代码'))
  check('出错后已填的名称仍在', (await admin.inputValue(inp('create-title'))) === '新生儿出生一件事（测试）')
  await admin.fill(inp('create-slug'), SLUG)
  await admin.click('[data-test=create-submit]')
  await admin.waitForURL('**/designer/services/' + SLUG)
  await admin.locator('[data-test=unified-form]').waitFor()
  check('编排器打开新服务', (await admin.textContent('[data-test=service-title]')).includes('新生儿出生一件事（测试）'))
  check('统一表单显示字段由哪些事项需要', await admin.locator('.unified-form__asked', { hasText: '5 个事项需要' }).count() > 0)
  check('发布方锁定的字段标明锁定', await admin.locator('[data-test=locked]').count() > 0)
  const figuresBefore = await admin.textContent('[data-test=figures]')
  check('显示字段、材料、时限与各事项之和', /字段 \d+（原 \d+）/.test(figuresBefore) && /时限 \d+ 天（原 \d+）/.test(figuresBefore), figuresBefore)
  const asked = (text) => Number(/字段 (\d+)/.exec(text)?.[1])

  // 用鼠标把“文本”控件拖到“申请人”一节。
  const section = admin.locator('.unified-form__section').first()
  const sectionTitle = (await section.locator('.unified-form__section-title').textContent()).trim()
  await drag(admin, admin.locator('[data-test=palette-string]'), section.locator('.unified-form__field').last())
  const dialog = admin.locator('[data-test=field-dialog]')
  await dialog.locator(inp('field-label-input')).waitFor()
  check('拖放后询问字段名称，并说明加在哪一节', (await dialog.textContent()).includes(sectionTitle))
  await dialog.locator(inp('field-label-input')).fill(STREET)
  await dialog.locator(inp('field-id-input')).fill('街道')
  await dialog.locator('[data-test=field-required]').click()
  await dialog.locator('[data-test=field-save]').click()
  const fieldProblem = dialog.locator('.problem-alert')
  await fieldProblem.waitFor()
  check('字段代码不合规：服务器的说明和 JSON 指针显示在对话框里', (await fieldProblem.textContent()).includes('/overrides/0/field/id'),
    await fieldProblem.textContent())
  check('出错后已填的字段名称不丢', (await dialog.locator(inp('field-label-input')).inputValue()) === STREET)
  await dialog.locator(inp('field-id-input')).fill('streetOffice')
  await dialog.locator('[data-test=field-save]').click()
  await dialog.waitFor({ state: 'hidden' })
  const added = admin.locator('[data-field="local__streetOffice"]')
  await added.waitFor()
  check('本地字段出现在统一表单中并标为本地', (await added.textContent()).includes(STREET) && (await added.textContent()).includes('本地'))
  check('本地字段加在拖放的那一节', await section.locator('[data-field="local__streetOffice"]').count() === 1)
  await admin.waitForFunction(() => !document.querySelector('[data-test=save-state]')?.textContent?.includes('保存中'))
  check('字段数随之加一', asked(await admin.textContent('[data-test=figures]')) === asked(figuresBefore) + 1)
  await added.scrollIntoViewIfNeeded()
  await settle(admin)
  await admin.screenshot({ path: join(shots, 'designer-composer.png') })

  // 草稿存在服务器上：重新载入后字段仍在。
  await admin.reload()
  await admin.locator('[data-field="local__streetOffice"]').waitFor()
  check('重新载入草稿后本地字段仍在', await admin.locator('[data-field="local__streetOffice"]').count() === 1)

  // 接口配置：所有接口指向部门系统（统一设置）。
  await admin.click('.el-tabs__item:has-text("接口配置")')
  await admin.fill(inp('all-base-url'), departments)
  await admin.fill(inp('all-secret-ref'), 'SIMULATOR_KEY')
  await admin.fill(inp('all-secret-header'), 'X-Api-Key')
  await admin.click('[data-test=apply-all]')
  await admin.waitForFunction(() => !document.querySelector('[data-test=endpoints]')?.textContent?.includes('未配置'), null, { timeout: 5000 })
    .catch(() => {})
  await settle(admin)
  await admin.screenshot({ path: join(shots, 'designer-endpoints.png') })
  const unset = await admin.locator('[data-test=endpoints] .el-table__row:has(.el-tag:has-text("未配置")) code').allTextContents()
  check('统一设置后每个接口都已配置', unset.length === 0, unset.join('、'))

  // 流程图与建议。
  await admin.click('.el-tabs__item:has-text("流程")')
  await admin.locator('[data-test=process-graph] .process-graph__node').first().waitFor()
  check('流程图画出一窗受理、各事项分支和办结', await admin.locator('[data-test=process-graph] .process-graph__node').count() >= 7)
  await settle(admin)
  await admin.screenshot({ path: join(shots, 'designer-process.png') })
  await admin.click('.el-tabs__item:has-text("流程再造")')
  await admin.locator('[data-test=suggestions]').waitFor()
  await settle(admin)
  await admin.screenshot({ path: join(shots, 'designer-suggestions.png') })

  await admin.click('.el-tabs__item:has-text("责任分工")')
  await admin.locator('[data-test=responsibilities] .el-table__row').first().waitFor()
  check('责任分工图列出各部门的环节、字段和材料', await admin.locator('[data-test=responsibilities] .el-table__row').count() >= 4)
  await settle(admin)
  await admin.screenshot({ path: join(shots, 'designer-responsibility.png') })

  // 一个会被拒绝的覆盖：隐藏锁定字段的菜单项不可用（锁定项看得见也改不了）。
  await admin.click('.el-tabs__item:has-text("统一表单")')
  const lockedField = admin.locator('.unified-form__field:has([data-test=locked])').first()
  await lockedField.locator('[data-test^=field-menu-]').click()
  const hideItem = admin.locator('.el-dropdown-menu__item:visible', { hasText: '隐藏' })
  check('锁定字段不能隐藏（菜单项不可用并说明原因）', (await hideItem.getAttribute('aria-disabled')) === 'true'
    && (await hideItem.textContent()).includes('已锁定'))
  await admin.keyboard.press('Escape')

  // 手机尺寸预览草稿的申请表（尚未发布）。
  await admin.click('.el-tabs__item:has-text("预览")')
  const frame = admin.locator('[data-test=preview-frame]')
  await frame.waitFor()
  const box = await frame.boundingBox()
  check('预览框为 390×844', Math.round(box.width) === 390 && Math.round(box.height) === 844, JSON.stringify(box))
  const framed = admin.frameLocator('[data-test=preview-frame]')
  await framed.locator('#f-local__streetOffice').waitFor()
  check('草稿预览：服务器渲染的申请表里有本地字段，并标明是未发布的草稿',
    (await framed.locator('label[for="f-local__streetOffice"]').textContent()).includes(STREET)
    && (await framed.locator('body').textContent()).includes('尚未发布的草稿'))
  await phoneShot(admin, frame, 'designer-preview-draft-390.png')

  check('没有问题时可以发布', (await admin.textContent('[data-test=diagnostics-count]')).includes('可以发布'))
  await admin.click('[data-test=publish]')
  await admin.locator('[data-test=published]').waitFor()
  check('发布成功显示第 1 版', (await admin.textContent('[data-test=published]')).includes('第 1 版'))
  check('标题处显示生效第 1 版', (await admin.textContent('[data-test=active-release]')).includes('生效第 1 版'))

  // 手机尺寸预览生效中的版本：群众看到的办事指南。
  await admin.click('[data-test=preview-source] label:has-text("生效版本")')
  await admin.waitForFunction(() => document.querySelector('[data-test=preview-frame]')?.getAttribute('src')?.startsWith('/s/330000/'))
  await framed.locator('h1', { hasText: '新生儿出生一件事（测试）' }).waitFor()
  check('预览框里是群众看到的办事指南', (await framed.locator('body').textContent()).includes('新生儿出生一件事（测试）'))
  await phoneShot(admin, frame, 'designer-preview-390.png')
  check('设计器页面没有脚本错误', admin.problems.length === 0, admin.problems.join('；'))

  // ---- (2) 群众：在发布的页面上填写并提交 ----
  const citizen = await newPage({ width: 390, height: 844 })
  await citizen.goto(base + `/s/330000/${SLUG}`)
  check('发布的服务有办事指南', (await citizen.textContent('body')).includes('新生儿出生一件事（测试）'))
  const next = `/s/330000/${SLUG}/apply`
  await citizen.goto(base + '/s/login?next=' + encodeURIComponent(next))
  await citizen.check('#u-citizen-lina')
  await Promise.all([citizen.waitForURL('**' + next), citizen.click('form[action="/s/login"] button[type=submit]')])
  check('本地字段出现在群众的申请表上', (await citizen.textContent('label[for="f-local__streetOffice"]'))?.includes(STREET))
  await citizen.fill('#f-mother_person_idNumber', LI_NA)
  await citizen.fill('#f-father_person_idNumber', ZHANG_WEI)
  await citizen.click('button[value=prefill]')
  check('带出信息：父亲姓名来自部门系统（接口配置生效）', (await citizen.inputValue('#f-father_person_name')) === '张伟')
  for (const [k, v] of Object.entries(newborn)) await citizen.fill('#f-' + k, v)
  for (const [k, v] of Object.entries(choices)) {
    const radio = citizen.locator(`input[name="${k}"][value="${v}"]`)
    if (await radio.count()) await radio.check()
    else await citizen.selectOption('#f-' + k, v)
  }
  await citizen.selectOption('#f-newborn_person_ethnicity', '01')
  await citizen.check('input[name="mohrss_social_security_card_application__deliveryMethod"][value="branch"]')
  for (const input of await citizen.locator('input[type=file]').all()) {
    await input.setInputFiles({ name: '材料.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%material\n%%EOF\n') })
  }
  // 不填本地必填字段：服务器在字段旁说明。
  await citizen.click('button[value=submit]')
  await citizen.locator('#e-local__streetOffice').waitFor()
  check('本地必填字段没填时在字段旁提示', (await citizen.textContent('#e-local__streetOffice')).includes(STREET))
  for (const input of await citizen.locator('input[type=file]').all()) {
    if (await input.isVisible()) {
      await input.setInputFiles({ name: '材料.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%material\n%%EOF\n') })
    }
  }
  await citizen.fill('#f-local__streetOffice', STREET_VALUE)
  await citizen.click('button[value=submit]')
  await citizen.waitForURL('**/s/me/applications/*')
  applicationNumber = /330000-\d{8}-\d{6}/.exec((await citizen.textContent('.receipt .number')) || '')?.[0] ?? null
  check('提交后显示回执和申请编号', applicationNumber !== null)
  await citizen.screenshot({ path: join(shots, 'designer-citizen-receipt-390.png') })

  // ---- (3) 综合窗口：在审批工作台受理 ----
  const clerk = await newPage({ width: 1366, height: 768 })
  await signIn(clerk, 'clerk-330000-data', '/designer/workbench')
  const row = clerk.locator('[data-test=queue] .el-table__row', { hasText: '新生儿出生一件事（测试）' })
  await row.waitFor()
  check('审批工作台列出这件申请的一窗受理', await row.count() === 1 && (await row.textContent()).includes('一窗受理'))
  await row.click()
  const task = clerk.locator('[data-test=task]')
  await task.waitFor()
  check('任务就是群众提交的那件申请', (await task.textContent()).includes(applicationNumber))
  check('任务中可见本地字段的填写内容', (await task.textContent()).includes(STREET_VALUE), await task.textContent())
  await clerk.locator('[data-test=outcomes] .el-radio').first().click()
  await clerk.fill('[data-test=task] textarea', '材料齐全，予以受理')
  await settle(clerk)
  await clerk.screenshot({ path: join(shots, 'designer-workbench.png') })
  await clerk.click('[data-test=complete]')
  await clerk.getByText('已办理').first().waitFor()
  check('办理后显示已办理', await clerk.getByText('已办理').count() > 0)
  check('工作台页面没有脚本错误', clerk.problems.length === 0, clerk.problems.join('；'))
} catch (e) {
  check('浏览器测试未出异常', false, String((e && e.stack) || e))
  let n = 0
  for (const context of browser.contexts()) {
    for (const page of context.pages()) await page.screenshot({ path: join(shots, `designer-failure-${++n}.png`) }).catch(() => {})
  }
} finally {
  await browser.close()
}

console.log(JSON.stringify({ slug: SLUG, application: applicationNumber, seconds: Math.round((Date.now() - started) / 1000), results }, null, 1))
process.exit(results.every((r) => r.ok) ? 0 : 1)
