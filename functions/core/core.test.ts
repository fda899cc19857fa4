import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { canonicalJson, EMPTY_HEAD, eventHash, GENESIS_HASH, nextEvent, sha256Hex, verifyChain, type AuditEvent } from './audit-chain';
import { debtVisibleTo, ledgerOf, paymentProblem, statusChangeAllowed } from './debt';
import { roleToAddDocument, roleToVoidDocument } from './document-types';
import { UnsupportedMediaError, ValidationError } from './errors';
import { downloadDisposition, nameForType, safeFilename } from './filename';
import { nestsDeeperThan } from './json-depth';
import { addYears, daysBetween, isLegalDate, legalDateAt } from './legal-date';
import { formatMoney, moneySchema, sumMoney } from './money';
import { createDebtSchema } from './schemas';
import { isValidUscc, usccCheckCharacter } from './uscc';

describe('money', () => {
  it('accepts decimal strings and prints exactly two decimals', () => {
    expect(moneySchema.parse('1234567.8')).toBe('1234567.80');
    expect(moneySchema.parse('0')).toBe('0.00');
  });

  it('refuses JSON numbers, more than two decimals, signs, exponents and separators', () => {
    for (const bad of [12.5, '1.234', '-1.00', '1e3', '1,000.00', ' 1.00', '', '01.00']) {
      expect(moneySchema.safeParse(bad).success, String(bad)).toBe(false);
    }
    expect(moneySchema.safeParse(12.5).error?.issues[0]?.message).toMatch(/never a number/);
  });

  it('adds without floating-point error', () => {
    // Prepare: 0.1 + 0.2 is 0.30000000000000004 in floating point.
    // Act
    const total = sumMoney(['0.10', '0.20', '999999999999999.99']);
    // Assess
    expect(formatMoney(total)).toBe('1000000000000000.29');
  });
});

describe('USCC (GB 32100-2015)', () => {
  it('accepts a code whose check character matches', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  it('refuses a wrong check character, forbidden letters, wrong length and lower case', () => {
    for (const bad of ['91350100M000100Y4Z', '91350100M000100Y44', '91350100M000100I43', '91350100M000100Y4', '91350100m000100y43']) {
      expect(isValidUscc(bad), bad).toBe(false);
    }
  });

  it('detects every single-character substitution', () => {
    const valid = '91350100M000100Y43';
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (let position = 0; position < 18; position++) {
      for (const replacement of alphabet) {
        if (replacement === valid[position]) continue;
        const changed = valid.slice(0, position) + replacement + valid.slice(position + 1);
        expect(isValidUscc(changed), changed).toBe(false);
      }
    }
  });
});

describe('legal dates', () => {
  it('knows real calendar dates', () => {
    expect(isLegalDate('2024-02-29')).toBe(true);
    expect(isLegalDate('2023-02-29')).toBe(false);
    expect(isLegalDate('2026-13-01')).toBe(false);
    expect(isLegalDate('2026-1-01')).toBe(false);
  });

  it('takes "today" in the debt time zone', () => {
    expect(legalDateAt(new Date('2026-11-28T16:30:00.000Z'), 'Asia/Shanghai')).toBe('2026-11-29');
    expect(legalDateAt(new Date('2026-11-28T16:30:00.000Z'), 'Europe/London')).toBe('2026-11-28');
  });

  it('adds years with the month-end rule of Art. 202', () => {
    expect(addYears('2021-06-30', 3)).toBe('2024-06-30');
    expect(addYears('2024-02-29', 3)).toBe('2027-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(daysBetween('2026-11-29', '2027-01-31')).toBe(63);
  });
});

describe('debts', () => {
  const debt = { principal: '1000.00', paid: '400.00', currency: 'CNY' as const };

  it('computes the ledger exactly', () => {
    expect(ledgerOf(debt)).toEqual({ principal: '1000.00', paid: '400.00', outstanding: '600.00', currency: 'CNY' });
    expect(ledgerOf({ installments: [{ dueDate: '2026-01-01', amount: '0.10' }, { dueDate: '2026-02-01', amount: '0.20' }], paid: '0.00', currency: 'CNY' }).outstanding).toBe('0.30');
  });

  it('refuses payments above the outstanding balance or of zero', () => {
    expect(paymentProblem(debt, '600.00')).toBeUndefined();
    expect(paymentProblem(debt, '600.01')).toMatch(/exceeds the outstanding balance 600.00/);
    expect(paymentProblem(debt, '0.00')).toMatch(/more than zero/);
  });

  it('shows a debt to see-all roles and to its own collector and sales owner only', () => {
    const assigned = { assignees: { collector: 'collector-1', sales: 'sales-1' } };
    expect(debtVisibleTo({ id: 'auditor-1', name: '', roles: ['auditor'] }, assigned)).toBe(true);
    expect(debtVisibleTo({ id: 'collector-1', name: '', roles: ['collector'] }, assigned)).toBe(true);
    expect(debtVisibleTo({ id: 'collector-2', name: '', roles: ['collector'] }, assigned)).toBe(false);
    expect(debtVisibleTo({ id: 'sales-1', name: '', roles: ['collector'] }, assigned)).toBe(false);
    expect(debtVisibleTo({ id: 'sales-1', name: '', roles: ['sales'] }, assigned)).toBe(true);
  });

  it('allows only forward status changes', () => {
    expect(statusChangeAllowed('open', 'closed')).toBe(true);
    expect(statusChangeAllowed('closed', 'open')).toBe(false);
    expect(statusChangeAllowed('handed_off', 'open')).toBe(false);
  });

  it('checks that instalments add up to the principal', () => {
    const result = createDebtSchema.safeParse({
      debtor: { name: 'A' },
      principal: '10.00',
      installments: [{ dueDate: '2026-01-01', amount: '4.00' }, { dueDate: '2026-02-01', amount: '5.00' }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/add up to 9.00/);
  });
});

describe('document permissions (DESIGN §5)', () => {
  it('lets each role add only its types', () => {
    expect(roleToAddDocument(['sales'], 'visa')).toBe('sales');
    expect(roleToAddDocument(['collector'], 'visa')).toBeUndefined();
    expect(roleToAddDocument(['collector'], 'visit_record')).toBe('collector');
    expect(roleToAddDocument(['admin'], 'invoice')).toBe('admin');
    expect(roleToAddDocument(['auditor'], 'correspondence')).toBeUndefined();
    expect(roleToAddDocument(['legal'], 'court_filing')).toBe('legal');
    expect(roleToAddDocument(['finance'], 'court_filing')).toBeUndefined();
  });

  it('lets the uploader role or legal void', () => {
    expect(roleToVoidDocument(['sales'], 'sales')).toBe('sales');
    expect(roleToVoidDocument(['legal'], 'sales')).toBe('legal');
    expect(roleToVoidDocument(['finance'], 'sales')).toBeUndefined();
    expect(roleToVoidDocument(['auditor'], 'auditor')).toBeUndefined();
  });
});

describe('file names', () => {
  it('keeps names, normalises them and replaces reserved characters', () => {
    expect(safeFilename(' 合同 2026?.pdf ')).toBe('合同 2026_.pdf');
    expect(safeFilename('e\u0301.pdf')).toBe('é.pdf');
    expect(safeFilename('借条 (第2版).pdf')).toBe('借条 (第2版).pdf');
  });

  it('refuses path-like, empty and control-character names', () => {
    for (const bad of ['../../etc/passwd', 'a/b.pdf', 'C:\\x.pdf', '..', '   ', 'a\u0000.pdf', 'x'.repeat(201)]) {
      expect(() => safeFilename(bad), JSON.stringify(bad)).toThrow(ValidationError);
    }
  });

  it.each([
    ['a right-to-left override', 'invoice\u202Efdp.exe', '202E'],
    ['a left-to-right embedding', 'a\u202Ab.pdf', '202A'],
    ['a right-to-left isolate', 'a\u2067b.pdf', '2067'],
    ['a right-to-left mark', 'a\u200Fb.pdf', '200F'],
    ['a zero-width space', 'contract\u200B.pdf', '200B'],
    ['a byte-order mark', '\uFEFFscan.pdf', 'FEFF'],
    ['an Arabic letter mark', 'a\u061Cb.pdf', '061C'],
    ['a line separator', 'a\u2028b.pdf', '2028'],
  ])('refuses a name with %s, naming the character', (_what, name, codePoint) => {
    expect(() => safeFilename(name)).toThrow(new RegExp(`invisible formatting character \\(U\\+${codePoint}`));
  });

  it('keeps an extension of the sniffed type, gives a bare name one, refuses any other', () => {
    expect(nameForType('Scan.JPEG', 'image/jpeg')).toBe('Scan.JPEG');
    expect(nameForType('结算单', 'application/pdf')).toBe('结算单.pdf');
    expect(nameForType('合同 v2.1', 'application/pdf')).toBe('合同 v2.1.pdf');
    for (const bad of ['evil.html', 'evil.exe', 'scan.png', 'x.pdf.svg']) {
      expect(() => nameForType(bad, 'application/pdf'), bad).toThrow(UnsupportedMediaError);
    }
    expect(() => nameForType('evil.html', 'application/pdf')).toThrow('the file name ends in .html but its bytes are application/pdf; name it .pdf');
  });

  it('offers PDFs and images inline and TIFF as an attachment, with an RFC 8187 name', () => {
    expect(downloadDisposition('合同.pdf', 'application/pdf')).toBe(`inline; filename="__.pdf"; filename*=UTF-8''%E5%90%88%E5%90%8C.pdf`);
    expect(downloadDisposition("it's (1).png", 'image/png')).toBe(`inline; filename="it's (1).png"; filename*=UTF-8''it%27s%20%281%29.png`);
    expect(downloadDisposition('a"b\\c.tif', 'image/tiff')).toBe(`attachment; filename="a_b_c.tif"; filename*=UTF-8''a%22b%5Cc.tif`);
  });
});

describe('JSON nesting depth', () => {
  it('counts objects and arrays, not brackets inside strings', () => {
    expect(nestsDeeperThan('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(nestsDeeperThan('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(nestsDeeperThan('{"a":"[[[[{{{{\\"[[["}', 1)).toBe(false);
    expect(nestsDeeperThan('{'.repeat(500_000), 64)).toBe(true);
  });
});

describe('audit chain', () => {
  const actor = { id: 'finance-1', role: 'finance' as const };
  const chainOf = (length: number): AuditEvent[] => {
    const events: AuditEvent[] = [];
    let head = EMPTY_HEAD;
    for (let i = 0; i < length; i++) {
      const event = nextEvent(head, { at: `2026-11-29T00:00:0${i}.000Z`, actor, action: 'test', subject: 'debt/1', details: { i, amount: '1.00' } });
      events.push(event);
      head = { seq: event.seq, hash: event.hash };
    }
    return events;
  };

  it('uses RFC 8785 canonical JSON', () => {
    // RFC 8785 §3.2.2.3 and key ordering by UTF-16 code units.
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: 1e21, d: 0.000001 })).toBe('{"a":[true,null,"x"],"b":1,"c":1e+21,"d":0.000001}');
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '\ud83d\ude00': 3 })).toBe('{"\\r":2,"€":1,"😀":3}');
  });

  it('hashes prevHash joined with the canonical event', () => {
    const [first] = chainOf(1) as [AuditEvent];
    const { hash, ...rest } = first;
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(hash).toBe(sha256Hex(GENESIS_HASH + canonicalJson(rest)));
    expect(eventHash(first)).toBe(hash);
  });

  it('verifies an intact chain against its head', () => {
    const events = chainOf(5);
    const last = events.at(-1) as AuditEvent;
    expect(verifyChain(events, { seq: 5, hash: last.hash })).toEqual({ valid: true, length: 5, head: { seq: 5, hash: last.hash } });
  });

  it('finds the first changed, removed or reordered event and a stale head', () => {
    const events = chainOf(5);
    const head = { seq: 5, hash: (events.at(-1) as AuditEvent).hash };
    const changed = events.map((e) => (e.seq === 3 ? { ...e, details: { i: 2, amount: '100.00' } } : e));
    expect(verifyChain(changed, head)).toMatchObject({ valid: false, firstInvalidSeq: 3 });
    expect(verifyChain(events.filter((e) => e.seq !== 2), head)).toMatchObject({ valid: false, firstInvalidSeq: 2 });
    expect(verifyChain(events.slice(0, 4), head)).toMatchObject({ valid: false, firstInvalidSeq: 5 });
    expect(verifyChain(events, { seq: 5, hash: GENESIS_HASH })).toMatchObject({ valid: false });
  });

  it('keeps amounts as strings through hashing', () => {
    const [event] = chainOf(1) as [AuditEvent];
    expect(new Decimal(event.details.amount as string).toFixed(2)).toBe('1.00');
  });
});
