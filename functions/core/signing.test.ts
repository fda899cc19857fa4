import { describe, expect, it } from 'vitest';
import { blockedReason, effectiveStatus, maskContact, roleToRequestSigning, type SignerState, signBodySchema } from './signing';

const now = new Date('2026-11-29T02:00:00.000Z');
const signer = (index: number, status: SignerState['status'] = 'pending'): SignerState => ({ id: `s${index}`, index, name: `Signer ${index}`, status });

describe('signing rules', () => {
  it('lets signers act in order only, and not once the request is over', () => {
    const request = { status: 'pending' as const, expiresAt: '2026-12-01T00:00:00.000Z', signers: [signer(0), signer(1)] };
    expect(blockedReason(request, request.signers[0]!, now)).toBeUndefined();
    expect(blockedReason(request, request.signers[1]!, now)).toMatchObject({ kind: 'order', message: 'waiting for Signer 0 to sign first' });
    const afterFirst = { ...request, signers: [signer(0, 'signed'), signer(1)] };
    expect(blockedReason(afterFirst, afterFirst.signers[1]!, now)).toBeUndefined();
    expect(blockedReason({ ...request, status: 'declined' }, request.signers[0]!, now)?.kind).toBe('gone');
    expect(blockedReason(request, request.signers[0]!, new Date('2026-12-01T00:00:00.000Z'))?.message).toContain('expired');
    expect(blockedReason(request, signer(0, 'locked'), now)?.kind).toBe('locked');
    expect(blockedReason(request, signer(0, 'signed'), now)?.kind).toBe('gone');
  });

  it('shows an open request past its expiry as expired, and nothing else changes', () => {
    expect(effectiveStatus({ status: 'pending', expiresAt: '2026-11-29T01:59:59.999Z' }, now)).toBe('expired');
    expect(effectiveStatus({ status: 'signed', expiresAt: '2026-11-29T01:59:59.999Z' }, now)).toBe('signed');
  });

  it('admits requesters by document type', () => {
    expect(roleToRequestSigning(['collector'], 'visit_record')).toBe('collector');
    expect(roleToRequestSigning(['legal'], 'visit_record')).toBeUndefined();
    expect(roleToRequestSigning(['legal'], 'responsibility_book')).toBe('legal');
    expect(roleToRequestSigning(['finance', 'admin'], 'acknowledgement')).toBeUndefined();
  });

  it('masks contacts, keeping enough to recognise them', () => {
    expect(maskContact('+86 138 1234 5678')).toBe('+86 1•••••••••678');
    expect(maskContact('li.lei@example.cn')).toBe('l•••@example.cn');
  });

  it('a signature needs code, consent and signature; a decline carries only its reason', () => {
    expect(signBodySchema.safeParse({ otp: '123456', consent: true, signature: { kind: 'typed', text: '王五' } }).success).toBe(true);
    expect(signBodySchema.safeParse({ decline: { reason: '金额不对' } }).success).toBe(true);
    const paths = (body: unknown) => signBodySchema.safeParse(body).error?.issues.map((issue) => issue.path.join('.'));
    expect(paths({ signature: { kind: 'typed', text: 'x' } })).toEqual(['otp', 'consent']);
    expect(paths({ decline: { reason: 'no' }, otp: '123456' })).toEqual(['otp']);
    expect(paths({ otp: '12345', consent: true, signature: { kind: 'typed', text: 'x' } })).toEqual(['otp']);
  });
});
