import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES, roleToAddDocument } from './document-types';
import { ROLES } from './roles';
import { batesNumber, caseReference, EXHIBIT_KINDS, exhibitPath, handoffSchema } from './packet';

const ID = '01900000-0000-7000-8000-00000abcdef9';

describe('caseReference', () => {
  it.each([
    ['HT-2023-001', 'HT-2023-001'],
    ['HT/2023 第001号', 'HT-2023-001'],
    ['  ht.2023.001  ', 'HT-2023-001'],
    ['ＨＴ２０２３', 'HT2023'],
    ['A'.repeat(30), 'A'.repeat(24)],
    [`${'B'.repeat(23)}-C`, 'B'.repeat(23)],
  ])('sanitises the contract number %j to %j', (contractNo, expected) => {
    expect(caseReference({ id: ID, contractNo })).toBe(expected);
  });

  it.each([[undefined], ['合同'], ['--//--']])('falls back to a short debt id when the contract number is %j', (contractNo) => {
    expect(caseReference({ id: ID, ...(contractNo !== undefined ? { contractNo } : {}) })).toBe('D0ABCDEF9');
  });
});

describe('numbering', () => {
  it('pads running page numbers to six digits', () => {
    expect(batesNumber('HT-1', 1)).toBe('HT-1-000001');
    expect(batesNumber('HT-1', 1234567)).toBe('HT-1-1234567');
  });

  it('names exhibit files so they sort in exhibit order', () => {
    expect(exhibitPath(3, 12, 'visa', 'v.png')).toBe('exhibits/03-visa-v.png');
    expect(exhibitPath(7, 120, 'contract', '合同.pdf')).toBe('exhibits/007-contract-合同.pdf');
  });
});

describe('document types at handoff', () => {
  it('gives every type a name and a purpose in both languages', () => {
    for (const type of DOCUMENT_TYPES) {
      expect(Object.values(EXHIBIT_KINDS[type]).every((text) => text.trim().length > 0), type).toBe(true);
    }
  });

  it('lets no role upload a readiness report', () => {
    expect(roleToAddDocument([...ROLES], 'readiness_report')).toBeUndefined();
  });
});

describe('handoffSchema', () => {
  it('takes a note and an override with a reason of at least 10 characters', () => {
    expect(handoffSchema.parse({ note: ' n ', override: { reason: '  debtor is leaving  ' } })).toEqual({ note: 'n', override: { reason: 'debtor is leaving' } });
    expect(handoffSchema.parse({})).toEqual({});
  });

  it.each([[{ override: {} }], [{ override: { reason: '   short   ' } }], [{ override: { reason: 'long enough reason', extra: 1 } }], [{ force: true }]])('refuses %j', (body) => {
    expect(handoffSchema.safeParse(body).success).toBe(false);
  });
});
