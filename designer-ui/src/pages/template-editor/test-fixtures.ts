import type { MatterTemplate } from '../../api'

/** A small matter for the editor's tests: two sections, two steps, one binding use, one rule. */
export function matter(): MatterTemplate {
  return {
    kind: 'matter', publisher: 'nhc', slug: 'test', version: '1.0.0', title: '测试事项', subject: 'person', department: 'health',
    guide: { conditions: ['条件'], legalBasis: [{ name: '《法》' }], timeLimitDays: 2, fee: { charged: false }, channels: ['online'], offlineVisits: 0 },
    form: {
      sections: [
        { id: 'a', title: 'A', fields: [{ id: 'name', element: 'person.name', required: true }, { id: 'note', type: 'string', label: '备注' }] },
        { id: 'b', title: 'B', fields: [] },
      ],
    },
    steps: [
      { id: 'accept', name: '受理', type: 'accept', department: 'health', timeLimitDays: 0, outcomes: [{ id: 'ok', label: '受理', next: ['decide'] }] },
      { id: 'decide', name: '决定', type: 'decide', department: 'health', timeLimitDays: 1, outcomes: [{ id: 'yes', label: '准予', result: 'approved' }] },
    ],
    bindings: [{ id: 'prefill', binding: 'mps/population-identity', version: '^1.0.0', purpose: 'prefill', inputs: { name: 'name' } }],
    rules: [{ id: 'r', kind: 'valid', target: 'name', expression: "form.name !== '' && form.nameX !== null", message: 'x' }],
  }
}

