// 申请表单的实时联动：字段的显示/隐藏与必填随填写即时变化，规则与服务器一致（见 rules.js）。
// 没有 JavaScript 时表单照常可用：服务器在提交后给出同样的结果。
import { evaluate, setCalendar } from './rules.js';

const form = document.getElementById('apply');
if (form && form.dataset.rules) {
  const { rules, ctx, calendar } = JSON.parse(form.dataset.rules);
  setCalendar(calendar);

  const readForm = () => {
    const data = {};
    for (const wrap of form.querySelectorAll('[data-field]')) {
      const key = wrap.dataset.field;
      const inputs = form.querySelectorAll('[name="' + CSS.escape(key) + '"]');
      let v = null;
      for (const input of inputs) {
        if (input.type === 'radio') { if (input.checked) v = input.value; }
        else if (input.type === 'checkbox') { v = input.checked ? true : null; }
        else if (input.value !== '') {
          v = input.type === 'number' && input.value.trim() !== '' && !isNaN(+input.value) ? +input.value : input.value;
        }
      }
      data[key] = v;
    }
    return data;
  };

  const apply = () => {
    const data = readForm();
    const hidden = new Set();
    const required = new Set();
    for (const rule of rules) {
      const r = evaluate(rule.ast, data, ctx);
      if (r.error !== undefined) continue;
      if (rule.kind === 'visible' && !r.value) hidden.add(rule.target);
      if (rule.kind === 'required' && r.value) required.add(rule.target);
    }
    for (const wrap of form.querySelectorAll('[data-field]')) {
      const key = wrap.dataset.field;
      const ruled = rules.some((r) => r.target === key && (r.kind === 'visible' || r.kind === 'required'));
      if (!ruled) continue;
      wrap.hidden = hidden.has(key);
      const isRequired = required.has(key) && !hidden.has(key);
      for (const input of wrap.querySelectorAll('input, select, textarea')) {
        if (rules.some((r) => r.target === key && r.kind === 'required')) {
          input.required = isRequired;
          input.setAttribute('aria-required', String(isRequired));
        }
      }
      const mark = wrap.querySelector('label .req, legend .req');
      if (rules.some((r) => r.target === key && r.kind === 'required')) {
        if (isRequired && !mark) {
          const label = wrap.querySelector('label, legend');
          const star = document.createElement('span');
          star.className = 'req';
          star.setAttribute('aria-hidden', 'true');
          star.textContent = '*';
          label.insertBefore(star, label.querySelector('.tag'));
        } else if (!isRequired && mark) {
          mark.remove();
        }
      }
    }
  };

  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  apply();
  const summary = document.getElementById('error-summary');
  if (summary) summary.focus();
}
