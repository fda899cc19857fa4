import { useEffect, useState } from 'preact/hooks';
import { api, download, saveBlob, sendWithProgress } from '../api';
import { shortHash, formatSize } from '../format';
import { useI18n } from '../i18n';
import { VerificationResult, type Verification } from '../pages/VerifyPdf';
import { hasRole, useSession } from '../session';
import type { Debt, Page } from '../types';
import { Problem } from './Problem';
import { useAsync } from './useAsync';

interface Packet {
  id: string;
  status: 'building' | 'ready' | 'failed';
  createdAt?: string;
  pdf?: { sha256: string; size: number };
  zip?: { sha256: string; size: number };
  error?: string;
}

/**
 * Legal hands the file off (frozen, readiness report sealed) and assembles litigation packets;
 * legal, auditors and admins download them and check the packet's seal (DESIGN §8, §10).
 */
export function HandoffPanel({ debt, onChanged }: { debt: Debt; onChanged: () => void }) {
  const { t } = useI18n();
  const { user } = useSession();
  const readers = hasRole(user, 'legal', 'auditor', 'admin');
  const packets = useAsync(async () => (readers ? (await api<Page<Packet>>('GET', `/v1/debts/${debt.id}/packets`)).items : []), [debt.id, debt.version]);
  const [note, setNote] = useState('');
  const [override, setOverride] = useState('');
  const [error, setError] = useState<unknown>();
  const [verified, setVerified] = useState<Record<string, Verification>>({});
  const building = packets.data?.some((packet) => packet.status === 'building');
  useEffect(() => {
    if (!building) return;
    const timer = setTimeout(packets.reload, 1500);
    return () => clearTimeout(timer);
  }, [building, packets.data]);
  if (!readers) return null;

  async function run(action: () => Promise<unknown>) {
    setError(undefined);
    try {
      await action();
      onChanged();
      packets.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  async function verify(packet: Packet) {
    const pdf = await download(`/v1/debts/${debt.id}/packets/${packet.id}/pdf`);
    const form = new FormData();
    form.set('file', pdf, 'packet.pdf');
    const result = await sendWithProgress<Verification>('POST', '/v1/verify', form, () => undefined);
    setVerified({ ...verified, [packet.id]: result });
  }

  return (
    <section aria-labelledby="handoff-h">
      <h2 id="handoff-h">{t('handoff')}</h2>
      {debt.status === 'open' && hasRole(user, 'legal') && (
        <form
          class="stacked"
          aria-label={t('handoff')}
          onSubmit={(event) => {
            event.preventDefault();
            void run(() => api('POST', `/v1/debts/${debt.id}/handoff`, { ...(note ? { note } : {}), ...(override ? { override: { reason: override } } : {}) }));
          }}
        >
          <label>
            {t('note')}
            <input name="note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </label>
          <label>
            {t('overrideReason')}
            <input name="override" value={override} placeholder={t('overrideHint')} onInput={(e) => setOverride(e.currentTarget.value)} />
          </label>
          <button type="submit" class="primary">
            {t('handOff')}
          </button>
        </form>
      )}
      {debt.status === 'handed_off' && <p class="badge-line ok">{t('handedOffNotice')}</p>}
      <Problem error={error} />
      <h3>{t('packets')}</h3>
      {hasRole(user, 'legal') && (
        <button type="button" onClick={() => void run(() => api('POST', `/v1/debts/${debt.id}/packets`, {}))}>
          {t('newPacket')}
        </button>
      )}
      {(packets.data ?? []).length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <table class="packets">
          <tbody>
            {packets.data?.map((packet) => (
              <tr key={packet.id} data-packet-status={packet.status}>
                <td>
                  <code>{packet.id.slice(0, 8)}</code>
                </td>
                <td>{packet.status}{packet.error && <span class="danger"> {packet.error}</span>}</td>
                <td>
                  {packet.pdf && (
                    <>
                      <button type="button" onClick={() => void download(`/v1/debts/${debt.id}/packets/${packet.id}/pdf`).then((b) => saveBlob(b, `packet-${packet.id}.pdf`))}>
                        PDF
                      </button>{' '}
                      <span class="muted">{formatSize(packet.pdf.size)} · {shortHash(packet.pdf.sha256)}</span>
                    </>
                  )}
                </td>
                <td>
                  {packet.zip && (
                    <button type="button" onClick={() => void download(`/v1/debts/${debt.id}/packets/${packet.id}/zip`).then((b) => saveBlob(b, `packet-${packet.id}.zip`))}>
                      ZIP
                    </button>
                  )}
                </td>
                <td>
                  {packet.status === 'ready' && (
                    <button type="button" onClick={() => void verify(packet).catch(setError)}>
                      {t('verifyPdf')}
                    </button>
                  )}
                  {verified[packet.id] && <VerificationResult result={verified[packet.id] as Verification} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
