// 规则求值（浏览器端）：遍历服务器用 acorn 解析、检查过的语法树，不使用 eval 或 new Function。
// 函数库与服务器沙箱（RuleSandbox.LIBRARY）语义一致；两边由同一张用例表测试。

function day(s) {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return NaN;
  return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 86400000;
}

let holidays = new Set()
let workdays = new Set()

/** The working-day calendar (holidays and adjusted working days), the server's calendar/cn-workdays.json. */
export function setCalendar(calendar) {
  holidays = new Set()
  workdays = new Set()
  for (const year of Object.values((calendar && calendar.years) || {})) {
    year.holidays.forEach((d) => holidays.add(day(d)))
    year.workdays.forEach((d) => workdays.add(day(d)))
  }
}

function workingDay(n) {
  if (workdays.has(n)) return true
  if (holidays.has(n)) return false
  const w = new Date(n * 86400000).getUTCDay()
  return w !== 0 && w !== 6
}

const validId = (id) => typeof id === 'string' && /^[0-9]{17}[0-9X]$/.test(id)

export const LIBRARY = Object.freeze({
  isEmpty: (x) => x === null || x === undefined || x === '' || (Array.isArray(x) && x.length === 0),
  len: (x) => (typeof x === 'string' || Array.isArray(x)) ? x.length : 0,
  daysBetween: (a, b) => { const d = day(b) - day(a); return isNaN(d) ? null : d; },
  ageOn: (birth, on) => {
    if (isNaN(day(birth)) || isNaN(day(on))) return null;
    const age = +on.slice(0, 4) - +birth.slice(0, 4);
    return on.slice(5) < birth.slice(5) ? age - 1 : age;
  },
  includes: (list, x) => Array.isArray(list) && list.indexOf(x) >= 0,
  startsWith: (text, prefix) => typeof text === 'string' && typeof prefix === 'string'
    && text.slice(0, prefix.length) === prefix,
  min: (a, b) => a === null || a === undefined ? b : (b === null || b === undefined ? a : (a < b ? a : b)),
  max: (a, b) => a === null || a === undefined ? b : (b === null || b === undefined ? a : (a > b ? a : b)),
  genderOf: (id) => validId(id) ? ((+id.charAt(16)) % 2 === 1 ? '1' : '2') : null,
  birthDateOf: (id) => {
    if (!validId(id)) return null
    const d = id.slice(6, 10) + '-' + id.slice(10, 12) + '-' + id.slice(12, 14)
    return isNaN(day(d)) ? null : d
  },
  workingDaysBetween: (a, b) => {
    const from = day(a), to = day(b)
    if (isNaN(from) || isNaN(to)) return null
    const sign = to < from ? -1 : 1, lo = Math.min(from, to), hi = Math.max(from, to)
    if (hi - lo > 3660) return null
    let n = 0
    for (let d = lo + 1; d <= hi; d++) if (workingDay(d)) n++
    return sign * n
  },
});

const own = (o, k) => o !== null && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, k);

class RuleError extends Error {}

function value(node, scope) {
  switch (node.type) {
    case 'Literal': return node.value;
    case 'Identifier':
      if (node.name === 'form') return scope.form;
      if (node.name === 'ctx') return scope.ctx;
      if (node.name === 'undefined') return undefined;
      throw new RuleError('unknown name ' + node.name);
    case 'ArrayExpression': return node.elements.map((e) => value(e, scope));
    case 'MemberExpression': {
      if (node.computed || node.optional) throw new RuleError('computed access');
      const target = value(node.object, scope);
      const name = node.property.name;
      if (target === null || target === undefined) throw new TypeError('Cannot read properties of ' + target);
      return own(target, name) ? target[name] : undefined;
    }
    case 'CallExpression': {
      if (node.callee.type !== 'Identifier' || !own(LIBRARY, node.callee.name)) throw new RuleError('not allowed');
      return LIBRARY[node.callee.name](...node.arguments.map((a) => value(a, scope)));
    }
    case 'UnaryExpression': {
      const v = value(node.argument, scope);
      if (node.operator === '!') return !v;
      if (node.operator === '-') return -v;
      if (node.operator === '+') return +v;
      throw new RuleError('operator ' + node.operator);
    }
    case 'LogicalExpression': {
      const left = value(node.left, scope);
      if (node.operator === '&&') return left && value(node.right, scope);
      if (node.operator === '||') return left || value(node.right, scope);
      if (node.operator === '??') return left ?? value(node.right, scope);
      throw new RuleError('operator ' + node.operator);
    }
    case 'BinaryExpression': {
      const a = value(node.left, scope);
      const b = value(node.right, scope);
      switch (node.operator) {
        case '===': return a === b;
        case '!==': return a !== b;
        case '<': return a < b;
        case '<=': return a <= b;
        case '>': return a > b;
        case '>=': return a >= b;
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        case '%': return a % b;
        default: throw new RuleError('operator ' + node.operator);
      }
    }
    case 'ConditionalExpression':
      return value(node.test, scope) ? value(node.consequent, scope) : value(node.alternate, scope);
    default:
      throw new RuleError('syntax ' + node.type);
  }
}

/**
 * Evaluates a checked rule's syntax tree against the form and context, as the server does:
 * true or false, or an error (reported, never thrown), matching the server's !!(expression).
 */
export function evaluate(ast, form, ctx) {
  try {
    return { value: !!value(ast, { form, ctx }) };
  } catch (e) {
    return { error: String(e && e.message || e) };
  }
}
