import { useEffect, useState } from 'preact/hooks';
import type { ExtractedField, Extraction as ExtractionResult } from '../../../functions/core/extraction';
import { api, download } from '../api';
import { MARK_FIELDS, MarkSuggestions } from '../components/MarkSuggestions';
import { PageView } from '../components/PageView';
import { Problem } from '../components/Problem';
import { useAsync } from '../components/useAsync';
import { DOCUMENT_TYPE_NAMES, useI18n } from '../i18n';
import { hasRole, useSession } from '../session';
import type { EvidenceDocument } from '../types';

type Field = ExtractedField;
type Extraction = Pick<ExtractionResult, 'status' | 'engine' | 'fields' | 'warnings' | 'reason'>;

/** Fields a reviewer may add by hand when no engine found them (e.g. a signature on a scan). */
const ADDABLE = ['signature_present', 'seal_present', 'total_amount', 'settled_amount', 'amount_change', 'payment_amount', 'acknowledged_balance', 'invoice_total', 'signing_date', 'document_date'];

/**
 * Legal and finance confirm or correct what extraction read, with the page shown and the field's
 * box highlighted (DESIGN §6). Only reviewed values count for the ledger and readiness.
 */
export function ExtractionReview({ id, docId }: { id: string; docId: string }) {
  const { t, locale } = useI18n();
  const { user } = useSession();
  const document = useAsync(() => api<EvidenceDocument>('GET', `/v1/debts/${id}/documents/${docId}`), [id, docId]);
  const content = useAsync(() => download(`/v1/debts/${id}/documents/${docId}/content`), [id, docId]);
  const extraction = useAsync(() => api<Extraction>('GET', `/v1/debts/${id}/documents/${docId}/extraction`), [id, docId]);
  const [selected, setSelected] = useState<string>();
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [confirm, setConfirm] = useState<Record<string, boolean>>({});
  const [added, setAdded] = useState<{ name: string; value: string }>({ name: 'signature_present', value: 'true' });
  const [error, setError] = useState<unknown>();
  const mayReview = hasRole(user, 'legal', 'finance', 'admin');
  // Extraction runs in the background: look again while it is under way.
  const underWay = extraction.data?.status === 'pending' || extraction.data?.status === 'running';
  useEffect(() => {
    if (!underWay) return;
    const timer = setTimeout(extraction.reload, 2000);
    return () => clearTimeout(timer);
  }, [underWay, extraction.data]);
  const fields = extraction.data?.fields ?? [];
  const active = fields.find((field) => field.name === selected) ?? fields[0];

  async function submit(event: Event, extra?: { name: string; value: string }) {
    event.preventDefault();
    await review(extra ? [extra] : fields.filter((field) => confirm[field.name]).map((field) => ({ name: field.name, value: edits[field.name] ?? field.value })));
  }

  async function review(reviewed: Array<{ name: string; value: string }>) {
    setError(undefined);
    try {
      await api('POST', `/v1/debts/${id}/documents/${docId}/extraction/review`, { fields: reviewed });
      setConfirm({});
      extraction.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  const d = document.data;
  return (
    <main>
      <h1>
        {t('extraction')}: {d ? `${DOCUMENT_TYPE_NAMES[locale][d.type] ?? d.type} · ${d.title ?? d.filename}` : ''}
      </h1>
      <nav class="subnav">
        <a href={`/debts/${id}#doc-${docId}`}>{t('back')}</a>
        {extraction.data && (
          <span data-testid="extraction-status">
            {extraction.data.status} {extraction.data.engine && <span class="muted">({extraction.data.engine})</span>}
          </span>
        )}
      </nav>
      <Problem error={document.error ?? extraction.error ?? content.error} />
      {extraction.data?.reason && <p class="warn">{extraction.data.reason}</p>}
      {extraction.data?.warnings.map((warning) => (
        <p key={warning} class="warn" role="note">
          ⚠ {warning}
        </p>
      ))}
      <div class="review">
        <div>
          {content.data && d && (
            <PageView
              file={content.data}
              contentType={d.contentType}
              page={active?.page ?? 1}
              boxes={fields
                // A seal or signature is drawn where one was seen, not where a reviewer said there is none.
                .filter((f) => f.bbox && f.page === (active?.page ?? 1) && (!MARK_FIELDS[f.name] || f.value === 'true'))
                .map((f) => ({ ...(f.bbox as NonNullable<Field['bbox']>), label: f.name, active: f.name === active?.name, ...(MARK_FIELDS[f.name] ? { mark: MARK_FIELDS[f.name] } : {}) }))}
            />
          )}
        </div>
        <div>
          <MarkSuggestions fields={fields} mayReview={mayReview} onSelect={setSelected} onReview={(name, value) => void review([{ name, value }])} />
          <form onSubmit={(e) => void submit(e)} aria-label={t('extraction')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('reviewField')}</th>
                  <th scope="col">{t('reviewValue')}</th>
                  <th scope="col">{t('reviewSource')}</th>
                  {mayReview && <th scope="col">{t('reviewConfirm')}</th>}
                </tr>
              </thead>
              <tbody>
                {fields.map((field) => (
                  <tr key={field.name} class={field.name === active?.name ? 'selected' : ''} onClick={() => setSelected(field.name)}>
                    <td>
                      <button type="button" class="link" onClick={() => setSelected(field.name)}>
                        {field.name}
                      </button>
                      {field.reviewed && <span class="badge ok">{t('reviewedBy', { who: field.reviewedBy ?? '' })}</span>}
                    </td>
                    <td>
                      {mayReview ? (
                        <input
                          name={`value.${field.name}`}
                          aria-label={field.name}
                          value={edits[field.name] ?? field.value}
                          onInput={(e) => setEdits({ ...edits, [field.name]: e.currentTarget.value })}
                        />
                      ) : (
                        field.value
                      )}
                      {field.currency && <span class="muted"> {field.currency}</span>}
                    </td>
                    <td class="muted">
                      p.{field.page} · {Math.round(field.confidence * 100)}% · “{field.text}”
                    </td>
                    {mayReview && (
                      <td>
                        <input type="checkbox" name={`confirm.${field.name}`} aria-label={`${t('reviewConfirm')} ${field.name}`} checked={!!confirm[field.name]} onChange={(e) => setConfirm({ ...confirm, [field.name]: e.currentTarget.checked })} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
            {fields.length === 0 && <p>{t('none')}</p>}
            {mayReview && fields.length > 0 && (
              <button type="submit" class="primary" disabled={!Object.values(confirm).some(Boolean)}>
                {t('reviewSave')}
              </button>
            )}
          </form>
        </div>
      </div>
      {mayReview && (
        <form class="inline-form" aria-label={t('reviewAdd')} onSubmit={(e) => void submit(e, added)}>
          <h3>{t('reviewAdd')}</h3>
          <label>
            {t('reviewField')}
            <select name="addName" value={added.name} onChange={(e) => setAdded({ ...added, name: e.currentTarget.value })}>
              {ADDABLE.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('reviewValue')}
            <input name="addValue" value={added.value} onInput={(e) => setAdded({ ...added, value: e.currentTarget.value })} />
          </label>
          <button type="submit">{t('save')}</button>
        </form>
      )}
      <Problem error={error} />
    </main>
  );
}
