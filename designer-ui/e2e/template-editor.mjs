// 事项模板编辑器的浏览器测试：Debian 的 chromium，由 playwright-core 驱动（从不下载浏览器）。
// 用法：node e2e/template-editor.mjs <服务器地址> <截图目录>
// 由服务器的 TemplateEditorBrowserTest 启动（它先启动带国家标准目录的服务器）；全部检查通过时退出码为 0。
// 国家卫健委的模板发布员打开“出生医学证明签发”，用鼠标把数据元从左侧拖进表单，写一条有错的规则并看到服务器的提示，
// 改正后校验、发布下一个次版本，再到模板市场看到新版本。
import { chromium } from 'playwright-core'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

const [base, shots] = process.argv.slice(2)
if (!base || !shots) {
  console.error('用法：node e2e/template-editor.mjs <服务器地址> <截图目录>')
  process.exit(2)
}
mkdirSync(shots, { recursive: true })

const results = []
const check = (name, ok, detail = '') => {
  results.push({ name, ok: !!ok, detail })
  if (!ok) console.error('✗ ' + name + (detail ? '：' + detail : ''))
}
/** Waits for a condition; false (not a throw) when it never holds, so the check names what failed. */
const eventually = async (fn, timeout = 10000) => {
  const until = Date.now() + timeout
  for (;;) {
    try {
      if (await fn()) return true
    } catch {
      // not yet
    }
    if (Date.now() > until) return false
    await new Promise((r) => setTimeout(r, 150))
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
})
const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
const page = await context.newPage()
const problems = []
page.on('console', (m) => {
  // Publishing or saving with problems answers 4xx on purpose; anything else is a problem.
  // The designer has no favicon; the browser asks for one all the same.
  if (m.type() === 'error' && !/status of 4(00|22)/.test(m.text()) && !m.location().url?.endsWith('/favicon.ico')) {
    problems.push(m.text() + ' ' + (m.location().url ?? ''))
  }
})
page.on('pageerror', (e) => problems.push(String(e)))
page.on('response', (r) => {
  if (r.status() === 404) problems.push('404 ' + r.url())
})

/** A real mouse drag: press on the source, move in small steps (SortableJS's fallback follows the pointer), release on the target. */
async function drag(source, target) {
  // Like a person: scroll the form to the section; the palette has a scroll area of its own and stays in view.
  await target.scrollIntoViewIfNeeded()
  const from = await source.boundingBox()
  const to = await target.boundingBox()
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
  await page.mouse.down()
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 5, { steps: 5 })
  await page.mouse.move(to.x + to.width / 2, to.y + to.height - 8, { steps: 25 })
  await page.waitForTimeout(150)
  if (process.env.E2E_DEBUG) {
    console.error('drag', JSON.stringify({ from, to, scrollY: await page.evaluate(() => window.scrollY) }))
    await page.screenshot({ path: join(shots, 'debug-mid-drag.png') })
  }
  await page.mouse.move(to.x + to.width / 2, to.y + to.height - 6, { steps: 3 })
  await page.mouse.up()
}

const rule = () => page.locator('[data-test="rule-rule"]')
const saved = () => eventually(async () => /已保存/.test(await page.textContent('[data-test="save-state"]')), 15000)

try {
  // ---- Sign in as the National Health Commission's publisher. ----
  await page.goto(base + '/designer/sign-in?redirect=/templates')
  await page.click('[data-test="user-select"]')
  await page.keyboard.type('publisher-nhc')
  await page.locator('.el-select-dropdown__item:visible', { hasText: 'publisher-nhc' }).first().click()
  await page.click('[data-test="sign-in"]')
  await page.waitForURL('**/designer/templates')
  check('发布员的菜单有“事项模板编辑”', await page.locator('[data-test="menu-templates"]').isVisible())
  await page.click('[data-test="edit-birth-medical-certificate"]')
  await page.waitForSelector('[data-test="editor-title"]')
  check('编辑器打开出生医学证明签发', (await page.textContent('[data-test="editor-title"]')).includes('出生医学证明签发'))
  const from = ((await page.textContent('.template-editor__version')) || '').match(/基于 (\d+)\.(\d+)\.\d+/)
  const version = from ? `${from[1]}.${Number(from[2]) + 1}.0` : '?'
  check('从当前版本开始编写下一个次版本', await page.inputValue('[data-test="editor-version"]') === version, from?.[0])

  // ---- Drag the e-mail element from the palette into the applicant section. ----
  await page.fill('[data-test="palette-search"]', '邮箱')
  const source = page.locator('[data-test="palette-person.email"]')
  check('搜索数据元“邮箱”找到 person.email', await eventually(() => source.isVisible()))
  await drag(source, page.locator('[data-test="drop-applicant"]'))
  const box = await source.boundingBox()
  check('拖动时数据元面板仍在视口内', box && box.y >= 0 && box.y + box.height <= 768, JSON.stringify(box))
  const dropped = page.locator('[data-test="section-applicant"] [data-test="field-email"]')
  check('拖入后“电子邮箱”出现在申请人分组中', await eventually(() => dropped.isVisible(), 5000))
  check('新字段显示数据元的标签', ((await dropped.textContent()) || '').includes('电子邮箱'))
  check('字段属性面板打开', await page.locator('[data-test="field-properties"]').isVisible())
  await page.fill('[data-test="prop-label"]', '申请人电子邮箱')
  await page.press('[data-test="prop-label"]', 'Tab')
  check('修改标签后字段卡片随之改变', await eventually(async () => ((await dropped.textContent()) || '').includes('申请人电子邮箱')))
  check('草稿保存到服务器', await saved())
  await page.screenshot({ path: join(shots, 'designer-template-editor.png') })

  // ---- Reloading loses nothing: the draft is on the server. ----
  await page.reload()
  await page.waitForSelector('[data-test="editor-title"]')
  check('刷新后草稿仍在（字段保留）', await eventually(() => page.locator('[data-test="field-email"]').isVisible()))
  check('刷新后继续编写同一草稿版本', await page.inputValue('[data-test="editor-version"]') === version)

  // ---- A rule with a mistake: the server's message shows next to it as it is typed. ----
  await page.click('[data-test="tab-rules"]')
  const rulesBefore = await page.locator('.rule-editor').count()
  await page.click('[data-test="add-rule"]')
  const expression = rule().locator('textarea[data-test="rule-expression"]')
  await expression.click()
  await page.keyboard.type('isEmpty(form.emial) || len(form.email) <= 100', { delay: 15 })
  const findings = rule().locator('[data-test="rule-findings"]')
  check('规则中写错的字段名由服务器当场指出',
    await eventually(async () => ((await findings.textContent()) || '').includes('规则引用了不存在的字段 form.emial')),
    await rule().textContent())
  await rule().scrollIntoViewIfNeeded()
  check('出错的位置被标出', ((await findings.locator('mark').first().textContent()) || '') === 'form.emial')
  await rule().locator('input[placeholder="不满足时给申请人的提示"]').fill('电子邮箱不能超过 100 个字符')
  await rule().locator('input[placeholder="不满足时给申请人的提示"]').press('Tab')
  check('有错的规则也保存为草稿', await saved())
  await page.click('[data-test="check"]')
  const list = page.locator('[data-test="problems"]')
  check('校验列出规则的问题和它的位置',
    await eventually(async () => ((await list.textContent()) || '').includes(`/rules/${rulesBefore}/expression`)), await page.textContent('body'))
  await page.screenshot({ path: join(shots, 'designer-template-editor-rule-error.png') })

  await expression.fill('isEmpty(form.email) || len(form.email) <= 100')
  await expression.press('Tab')
  check('改正后提示“表达式检查通过”', await eventually(() => rule().locator('[data-test="rule-ok"]').isVisible()))

  // ---- Validate, then publish the new version. ----
  check('改正后的规则已保存', await saved())
  await page.click('[data-test="check"]')
  check('校验通过', await eventually(() => page.locator('[data-test="valid"]').isVisible()),
    (await page.locator('[data-test="problems"]').count()) ? await page.textContent('[data-test="problems"]') : '')
  // The steps as a graph: every step of the template is a node.
  await page.click('[data-test="tab-steps"]')
  check('办理环节以图显示', await eventually(async () => (await page.locator('[data-test^="step-"].step-node').count()) === 7))
  await page.locator('[data-test="step-review"]').click()
  check('选中环节显示其办理结果', await eventually(() => page.locator('[data-test="step-properties"]').isVisible()))
  await page.screenshot({ path: join(shots, 'designer-template-editor-steps.png') })
  await page.click('[data-test="publish"]')
  await page.locator('.el-popconfirm button', { hasText: '发布新版本' }).click()
  const published = page.locator('[data-test="published"]')
  check(`发布成功并显示 ${version}`, await eventually(async () => ((await published.textContent()) || '').includes(`已发布 ${version}`)))

  // ---- The new version is in the catalogue. ----
  await page.click('text=到模板市场查看')
  await page.waitForURL('**/designer/catalogue')
  const search = page.locator('input[data-test="search"], [data-test="search"] input').first()
  const hits = page.locator('[data-test="hit"]')
  const newHit = async () => (await hits.allTextContents()).findIndex((t) => t.includes(`birth-medical-certificate · v${version}`))
  // The index follows the catalogue through LISTEN/NOTIFY: search again until the new version is in.
  check(`模板市场检索到新版本 v${version}`, await eventually(async () => {
    await search.fill('出生医学证明签发')
    await search.press('Enter')
    return eventually(async () => (await newHit()) >= 0, 3000)
  }, 15000), (await hits.allTextContents()).slice(0, 2).join(' | '))
  await hits.nth(Math.max(0, await newHit())).click()
  check(`模板详情的当前版本是 ${version}`, await eventually(async () =>
    ((await page.locator('.el-drawer').textContent()) || '').includes(version)))
  check('编辑器页面没有脚本错误', problems.length === 0, problems.join('；'))
} catch (e) {
  check('浏览器测试未出异常', false, String((e && e.stack) || e))
  await page.screenshot({ path: join(shots, 'designer-template-editor-failure.png') }).catch(() => {})
} finally {
  await browser.close()
}

console.log(JSON.stringify({ results }, null, 1))
process.exit(results.every((r) => r.ok) ? 0 : 1)
