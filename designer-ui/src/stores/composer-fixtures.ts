import type { CompiledRelease, ServiceDetail } from '../api'

/** A small newborn service and its compile, as the server answers them; for the composer's tests. */
export const SERVICE: ServiceDetail = {
  region: '330000',
  slug: 'newborn-hz',
  title: '新生儿出生一件事',
  fromPackage: 'national/newborn',
  activeRelease: null,
  definition: {
    members: [
      { template: 'nhc/birth-medical-certificate', version: '1.1.0' },
      { template: 'mps/birth-registration', version: '1.0.0' },
    ],
    ordering: [{ before: 'nhc/birth-medical-certificate', after: 'mps/birth-registration', reason: '落户须凭出生医学证明' }],
    sharedAcceptance: {},
    overrides: [],
    licences: [],
    endpoints: {},
  },
}

export const PREVIEW: CompiledRelease = {
  region: '330000',
  title: '新生儿出生一件事',
  members: SERVICE.definition.members,
  schema: {
    properties: {
      mother_person_idNumber: { title: '母亲公民身份号码', type: 'string', maxLength: 18 },
      father_person_nationality: { title: '父亲国籍', type: 'string' },
    },
    required: ['mother_person_idNumber'],
  },
  layout: [
    {
      id: 'section-1',
      title: '父母信息',
      fields: [
        { key: 'mother_person_idNumber', label: '母亲公民身份号码', widget: 'text', required: true },
        { key: 'father_person_nationality', label: '父亲国籍', widget: 'text', required: false },
      ],
    },
  ],
  provenance: {
    mother_person_idNumber: {
      element: 'person.idNumber',
      role: 'mother',
      sensitivity: 'sensitive',
      sources: [
        { template: 'mps/birth-registration', version: '1.0.0', field: 'motherId', required: true, locked: false },
        { template: 'nhc/birth-medical-certificate', version: '1.1.0', field: 'motherId', required: true, locked: true },
      ],
    },
    father_person_nationality: {
      element: 'person.nationality',
      role: 'father',
      sensitivity: 'personal',
      sources: [{ template: 'mps/birth-registration', version: '1.0.0', field: 'fatherNationality', required: false, locked: false }],
    },
  },
  materials: [],
  process: {
    acceptance: { id: 'shared-accept', name: '一窗受理', department: 'data', timeLimitDays: 0 },
    branches: [
      { matter: 'nhc/birth-medical-certificate', version: '1.1.0', title: '出生医学证明签发', department: 'health', steps: [], days: 5, after: [] },
      {
        matter: 'mps/birth-registration',
        version: '1.0.0',
        title: '出生登记（落户）',
        department: 'public-security',
        steps: [],
        days: 5,
        after: [{ matter: 'nhc/birth-medical-certificate', reason: '落户须凭出生医学证明' }],
      },
    ],
    criticalPath: { days: 10, matters: ['nhc/birth-medical-certificate', 'mps/birth-registration'] },
  },
  bindings: [],
  responsibilities: {},
  figures: { fields: { asked: 2, memberSum: 3 }, materials: { asked: 1, memberSum: 2, waived: 0 }, workingDays: { promised: 10, memberSum: 10 } },
  suggestions: [
    {
      kind: 'suggestion',
      type: 'e-licence',
      message: '材料“出生医学证明”可由电子证照“birth-certificate”代替',
      evidence: { material: 'birth', licenceType: 'birth-certificate' },
    },
  ],
  contentHash: 'x',
}

export function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  })
}
