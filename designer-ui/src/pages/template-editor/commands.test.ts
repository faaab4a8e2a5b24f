import { describe, expect, it } from 'vitest'
import type { DataElement, MatterTemplate } from '../../api'
import { matter } from './test-fixtures'
import { bumpMinor, commands, compareVersions, fieldIdFor, layoutSteps, locateField, tabOf, uniqueId } from './commands'

const EMAIL: DataElement = { id: 'person.email', label: '电子邮箱', type: 'string', sensitivity: 'personal', set: 'mps/person', setTitle: '自然人' }
const run = (d: MatterTemplate, c: { run(d: MatterTemplate): void }) => (c.run(d), d)

describe('editor commands', () => {
  it.each([
    ['person.idNumber', undefined, 'idNumber'],
    ['person.idNumber', 'applicant', 'idNumber'],
    ['person.idNumber', 'mother', 'motherIdNumber'],
    ['birth.weight', 'newborn', 'newbornWeight'],
  ])('names a field for %s under role %s: %s', (element, role, id) => {
    expect(fieldIdFor(element, role)).toBe(id)
  })

  it('gives the next free id', () => {
    expect(uniqueId('email', ['name'])).toBe('email')
    expect(uniqueId('email', ['email', 'email2'])).toBe('email3')
  })

  it('drops an element into a section at the position it was dropped', () => {
    const d = run(matter(), commands.addElementField(0, 1, EMAIL))
    expect(d.form.sections[0]!.fields.map((f) => f.id)).toEqual(['name', 'email', 'note'])
    expect(d.form.sections[0]!.fields[1]).toEqual({ id: 'email', element: 'person.email', required: false })
    run(d, commands.addElementField(1, 0, EMAIL))
    expect(d.form.sections[1]!.fields[0]!.id).toBe('email2')
  })

  it('adds a local field with a label and a sensitivity', () => {
    const d = run(matter(), commands.addLocalField(1, 0, 'enum', '选项'))
    expect(d.form.sections[1]!.fields[0]).toMatchObject({ type: 'enum', label: '选项', sensitivity: 'personal' })
    expect(d.form.sections[1]!.fields[0]!.constraints!.options).toHaveLength(2)
  })

  it.each([
    ['within a section', 'name', 0, 1, [['note', 'name'], []]],
    ['to another section', 'note', 1, 0, [['name'], ['note']]],
  ])('moves a field %s', (_, id, section, index, expected) => {
    const d = run(matter(), commands.moveField(id as string, section as number, index as number))
    expect(d.form.sections.map((s) => s.fields.map((f) => f.id))).toEqual(expected)
  })

  it('moves a section', () => {
    const d = run(matter(), commands.moveSection(0, 1))
    expect(d.form.sections.map((s) => s.id)).toEqual(['b', 'a'])
  })

  it('renaming a field renames it in rules and binding uses', () => {
    const d = run(matter(), commands.setField('name', 'id', 'applicantName'))
    expect(locateField(d, 'applicantName')).toEqual({ section: 0, index: 0 })
    expect(d.rules![0]!.target).toBe('applicantName')
    expect(d.rules![0]!.expression).toBe("form.applicantName !== '' && form.nameX !== null")
    expect(d.bindings![0]!.inputs).toEqual({ name: 'applicantName' })
  })

  it('an emptied property is removed, not left blank', () => {
    const d = run(matter(), commands.setField('note', 'label', ''))
    expect(d.form.sections[0]!.fields[1]).not.toHaveProperty('label')
  })

  it('connecting steps turns an end into a branch, removing a step ends the branches into it', () => {
    const d = run(matter(), commands.addStep('制证'))
    expect(d.steps[2]!.id).toBe('step')
    run(d, commands.connect('decide', 'step'))
    expect(d.steps[1]!.outcomes[0]).toEqual({ id: 'yes', label: '准予', next: ['step'] })
    run(d, commands.removeStep('step'))
    expect(d.steps[1]!.outcomes[0]).toEqual({ id: 'yes', label: '准予', result: 'approved' })
  })

  it('sets nested properties of the guide', () => {
    const d = run(matter(), commands.set('guide.options.commitment', true))
    expect(d.guide.options).toEqual({ commitment: true })
    run(d, commands.set('guide.fee.amount', undefined))
    expect(d.guide.fee).toEqual({ charged: false })
  })

  it('lays the steps out in layers from the entry', () => {
    expect(layoutSteps(matter().steps)).toEqual({ accept: { x: 0, y: 0 }, decide: { x: 260, y: 0 } })
  })

  it.each([
    ['1.0.0', '1.1.0'],
    ['2.3.4', '2.4.0'],
  ])('bumps %s to %s', (from, to) => expect(bumpMinor(from)).toBe(to))

  it('orders versions numerically', () => {
    expect(['1.10.0', '1.9.0', '1.2.0'].sort(compareVersions)).toEqual(['1.2.0', '1.9.0', '1.10.0'])
  })

  it.each([
    ['/form/sections/0/fields/1/label', 'form'],
    ['/rules/2/expression', 'rules'],
    ['/steps/1/outcomes/0/next/0', 'steps'],
    ['/guide/timeLimitDays', 'basics'],
    ['/title', 'basics'],
    ['', 'basics'],
  ])('puts the problem at %s on the %s tab', (pointer, tab) => expect(tabOf(pointer)).toBe(tab))
})
