import { api, download, saveBlob } from '../api';
import { Problem } from '../components/Problem';
import { useAsync } from '../components/useAsync';
import { formatInstant, shortHash } from '../format';
import { useI18n } from '../i18n';
import { hasRole, useSession } from '../session';
import type { AuditEvent, Page } from '../types';

interface Verification {
  valid: boolean;
  length: number;
  firstInvalidSeq?: number;
  reason?: string;
  blobs: { checked: number; mismatched: Array<{ documentId: string }> };
}

/** A debt's audit chain with its verification badge; auditors and admins can export all chains. */
export function AuditTrail({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const { user } = useSession();
  const events = useAsync(() => api<Page<AuditEvent>>('GET', `/v1/debts/${id}/audit?limit=500`), [id]);
  const verification = useAsync(() => api<Verification>('GET', `/v1/debts/${id}/audit/verify`), [id]);
  const v = verification.data;
  return (
    <main>
      <h1>{t('audit')}</h1>
      <nav class="subnav">
        <a href={`/debts/${id}`}>{t('back')}</a>
        {hasRole(user, 'auditor', 'admin') && (
          <button type="button" onClick={() => void download('/v1/audit/export').then((blob) => saveBlob(blob, 'audit.jsonl'))}>
            {t('export')}
          </button>
        )}
      </nav>
      {v && (
        <p class={`badge-line ${v.valid ? 'ok' : 'danger'}`} role="status" data-testid="chain-status">
          {v.valid ? `✔ ${t('chainValid', { n: v.length, b: v.blobs.checked })}` : `✘ ${t('chainInvalid')}: ${v.reason ?? ''} ${v.blobs.mismatched.length ? `(${v.blobs.mismatched.length} files changed)` : ''}`}
        </p>
      )}
      <Problem error={events.error ?? verification.error} />
      <table class="audit">
        <thead>
          <tr>
            <th scope="col">{t('seq')}</th>
            <th scope="col">{t('at')}</th>
            <th scope="col">{t('actor')}</th>
            <th scope="col">{t('action')}</th>
            <th scope="col">{t('subject')}</th>
            <th scope="col">{t('hash')}</th>
          </tr>
        </thead>
        <tbody>
          {events.data?.items.map((event) => (
            <tr key={event.seq} class={v?.firstInvalidSeq === event.seq ? 'void' : ''}>
              <td class="num">{event.seq}</td>
              <td>{formatInstant(event.at, locale)}</td>
              <td>
                {event.actor.id} <span class="muted">({event.actor.role})</span>
              </td>
              <td>{event.action}</td>
              <td>
                <code>{event.subject}</code>
              </td>
              <td>
                <code title={event.hash}>{shortHash(event.hash)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
