import { describe, expect, it } from 'vitest'
import type { CompiledProcess, ReformSuggestion, ServiceDefinition } from '../api'
import {
  addField,
  addOverride,
  diagnosticTarget,
  kebab,
  lockedBy,
  nextLocalFieldId,
  normalise,
  processGraph,
  removeOrdering,
  setEndpoint,
  suggestionCommand,
} from './composer-commands'

const definition = (): ServiceDefinition =>
  normalise({
    members: [
      { template: 'nhc/birth-medical-certificate', version: '1.1.0' },
      { template: 'mps/birth-registration', version: '1.0.0' },
    ],
    ordering: [{ before: 'nhc/birth-medical-certificate', after: 'mps/birth-registration', reason: '落户须凭出生医学证明' }],
    overrides: [{ id: 'ov-hide', op: 'hide', field: 'father_person_nationality' }],
  })

const suggestion = (type: string, evidence: Record<string, unknown>): ReformSuggestion => ({ kind: 'suggestion', type, message: '…', evidence })

describe('composer commands', () => {
  it('adds a local field as an addField override with an id of its own, leaving the draft it was given alone', () => {
    const before = definition()
    const after = addField({ id: 'streetOffice', type: 'string', label: '户籍所在街道（乡镇）', required: true, section: '申请人' })(before)
    expect(before.overrides).toHaveLength(1)
    expect(after.overrides[1]).toEqual({
      id: 'ov-street-office',
      op: 'addField',
      section: '申请人',
      field: { id: 'streetOffice', type: 'string', label: '户籍所在街道（乡镇）', required: true },
    })
    const again = addField({ id: 'streetOffice', type: 'string', label: '街道', required: false })(after)
    expect(again.overrides[2]!.id).toBe('ov-street-office-2')
  })

  it('makes choice fields carry their options as constraints', () => {
    const after = addField({ id: 'visit', type: 'enum', label: '到场', required: false, options: [{ value: '1', label: '是' }] })(definition())
    expect(after.overrides[1]).toMatchObject({ field: { constraints: { options: [{ value: '1', label: '是' }] } } })
  })

  it('numbers local field ids past those already added', () => {
    const one = addField({ id: nextLocalFieldId(definition()), type: 'string', label: 'a', required: false })(definition())
    expect(nextLocalFieldId(one)).toBe('localField2')
  })

  it('names other overrides by kind and target, within the id pattern', () => {
    const after = addOverride({ op: 'relabel', field: 'applicant_person_mobile', label: '联系手机' })(definition())
    expect(after.overrides[1]!.id).toBe('ov-relabel-applicant-person-mobile')
    expect(after.overrides[1]!.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/)
  })

  it.each([
    ['birthPlaceCategory', 'birth-place-category'],
    ['街道', 'x'],
    ['9lives', 'x-9lives'],
  ])('kebab(%s) = %s', (text, id) => expect(kebab(text)).toBe(id))

  it('keeps only the endpoint settings that are filled in, and removes an endpoint', () => {
    const set = setEndpoint('nhc/birth-certificate-lookup', { baseUrl: ' http://sim ', secretRef: '', secretHeader: 'X-Api-Key' })(definition())
    expect(set.endpoints).toEqual({ 'nhc/birth-certificate-lookup': { baseUrl: 'http://sim', secretHeader: 'X-Api-Key' } })
    expect(setEndpoint('nhc/birth-certificate-lookup', null)(set).endpoints).toEqual({})
  })

  it.each([
    ['e-licence', { licenceType: 'birth-certificate' }, (d: ServiceDefinition) => d.licences, ['birth-certificate']],
    ['parallel', { before: 'nhc/birth-medical-certificate', after: 'mps/birth-registration' }, (d: ServiceDefinition) => d.ordering, []],
    ['commitment', { matter: 'mps/birth-registration' }, (d: ServiceDefinition) => d.overrides.map((o) => o.op), ['hide', 'useCommitment']],
    ['minimum-necessary', { field: 'father_person_email' }, (d: ServiceDefinition) => d.overrides.map((o) => ('field' in o ? o.field : '')), ['father_person_nationality', 'father_person_email']],
  ])('takes a %s suggestion in one command', (type, evidence, part, expected) => {
    const command = suggestionCommand(suggestion(type, evidence))
    expect(command).not.toBeNull()
    expect(part(command!(definition()))).toEqual(expected)
  })

  it('offers no command for what the composer cannot decide (filing instead of approval)', () => {
    expect(suggestionCommand(suggestion('filing', { matter: 'samr/x' }))).toBeNull()
  })

  it('removes exactly one ordering constraint', () => {
    expect(removeOrdering('nhc/birth-medical-certificate', 'mps/birth-registration')(definition()).ordering).toEqual([])
  })

  it.each([
    ['/overrides/0', { tab: 'overrides', index: 0, key: 'ov-hide' }],
    ['/overrides/0/constraints', { tab: 'overrides', index: 0, key: 'ov-hide' }],
    ['/ordering/0/before', { tab: 'process', index: 0 }],
    ['/endpoints/nhc~1birth-certificate-lookup/baseUrl', { tab: 'endpoints', key: 'nhc/birth-certificate-lookup' }],
    ['/members/1', { tab: 'members', index: 1 }],
    ['/members/1/form/sections/0/fields/2/constraints', { tab: 'form', index: 1 }],
  ])('a diagnostic at %s leads to %o', (pointer, target) => {
    expect(diagnosticTarget(pointer, definition())).toEqual(target)
  })

  it('names the members that locked a field', () => {
    expect(
      lockedBy({
        element: 'person.idNumber',
        role: 'mother',
        sensitivity: 'sensitive',
        sources: [
          { template: 'nhc/a', version: '1.0.0', field: 'x', required: true, locked: true },
          { template: 'mps/b', version: '1.0.0', field: 'y', required: true, locked: false },
          { override: 'ov-x' },
        ],
      }),
    ).toEqual(['nhc/a'])
  })

  it('lays the process out with parallel branches in one column and an ordered one after', () => {
    const process: CompiledProcess = {
      acceptance: { id: 'shared-accept', name: '一窗受理', department: 'data', timeLimitDays: 0 },
      branches: [
        { matter: 'a/first', version: '1.0.0', title: '出生医学证明', department: 'health', steps: [], days: 5, after: [] },
        { matter: 'b/second', version: '1.0.0', title: '落户', department: 'police', steps: [], days: 5, after: [{ matter: 'a/first', reason: '凭证' }] },
        { matter: 'c/third', version: '1.0.0', title: '接种', department: 'health', steps: [], days: 1, after: [] },
      ],
      criticalPath: { days: 10, matters: ['a/first', 'b/second'] },
    }
    const { nodes, edges } = processGraph(process, (n) => `${n}天`)
    const x = (id: string) => nodes.find((n) => n.id === id)!.position.x
    expect(x('a/first')).toBe(x('c/third'))
    expect(x('b/second')).toBeGreaterThan(x('a/first'))
    expect(x('end')).toBeGreaterThan(x('b/second'))
    expect(edges.map((e) => e.id).sort()).toEqual(
      ['a/first->b/second', 'acceptance->a/first', 'acceptance->c/third', 'b/second->end', 'c/third->end'].sort(),
    )
    expect(edges.find((e) => e.id === 'a/first->b/second')!.ordered).toBe(true)
    expect(nodes.find((n) => n.id === 'c/third')!.critical).toBe(false)
    expect(nodes.find((n) => n.id === 'end')!.detail).toBe('10天')
  })
})
