// @vitest-environment node
// The browser's half of the shared rule table (the server's half is SharedRuleCasesTest):
// rules.js, as the citizen pages serve it, walking acorn's tree, gives exactly the table's results.
import { describe, expect, it } from 'vitest'
import { parseExpressionAt } from 'acorn'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
// @ts-expect-error plain JavaScript module served to browsers
import { evaluate, setCalendar } from '../../../server/src/main/resources/pages/assets/rules.js'

interface Case { expression: string; form: Record<string, unknown>; expected: boolean | 'error' }

const table = JSON.parse(readFileSync(fileURLToPath(
  new URL('../../../server/src/test/resources/rules/shared-cases.json', import.meta.url)), 'utf8')) as
  { ctx: Record<string, unknown>; cases: Case[] }

setCalendar(JSON.parse(readFileSync(fileURLToPath(
  new URL('../../../server/src/main/resources/calendar/cn-workdays.json', import.meta.url)), 'utf8')))

describe('rules.js against the shared table', () => {
  it('has the cases', () => {
    expect(table.cases.length).toBeGreaterThan(30)
  })
  for (const c of table.cases) {
    it(c.expression, () => {
      const ast = parseExpressionAt(c.expression, 0, { ecmaVersion: 2022 })
      const result = evaluate(ast, c.form, table.ctx) as { value?: boolean; error?: string }
      if (c.expected === 'error') {
        expect(result.error).toBeDefined()
      } else {
        expect(result.error).toBeUndefined()
        expect(result.value).toBe(c.expected)
      }
    })
  }
  it('refuses what the checker would refuse, without evaluating text', () => {
    const ast = parseExpressionAt("this.constructor.constructor('return this')()", 0, { ecmaVersion: 2022 })
    expect(evaluate(ast, {}, table.ctx).error).toBeDefined()
    const call = parseExpressionAt("form.name.substring(0, 1) === 'x'", 0, { ecmaVersion: 2022 })
    expect(evaluate(call, { name: 'xy' }, table.ctx).error).toBeDefined()
  })
})
