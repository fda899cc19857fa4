import { useState } from 'preact/hooks';
import { type DocumentType, roleToVoidDocument, TYPES_ALLOWED_AFTER_HANDOFF } from '../../../functions/core/document-types';
import { api, download, saveBlob } from '../api';
import { LimitationPanel, ReadinessPanel, SigningPanel } from '../components/DebtPanels';
import { LimitationEventForm, PaymentForm } from '../components/Forms';
import { HandoffPanel } from '../components/HandoffPanel';
import { DebtManagementPanel } from './management/DebtManagementPanel';
import { LimitationCountdown } from '../components/Limitation';
import { Problem } from '../components/Problem';
import { Uploader } from '../components/Uploader';
import { useAsync } from '../components/useAsync';
import { formatAmount, formatInstant, formatSize, shortHash } from '../format';
import { DOCUMENT_TYPE_NAMES, type MessageKey, useI18n } from '../i18n';
import { hasRole, useSession } from '../session';
import type { Debt, EvidenceDocument, Page } from '../types';

/** The file of one debt: summary, ledger, limitation, documents, and what the user may add. */
export function DebtFile({ id }: { id: string }) {
  const { t } = useI18n();
  const { user } = useSession();
  const debt = useAsync(() => api<Debt>('GET', `/v1/debts/${id}`), [id]);
  const documents = useAsync(() => api<Page<EvidenceDocument>>('GET', `/v1/debts/${id}/documents?limit=500`), [id]);
  // Readiness and limitation depend on everything in the file: remount them after each change.
  const [generation, setGeneration] = useState(0);
  const reload = () => {
    debt.reload();
    documents.reload();
    setGeneration((g) => g + 1);
  };
  if (debt.error) return <main><Problem error={debt.error} /><a href="/">{t('back')}</a></main>;
  if (!debt.data) return <main aria-busy="true" />;
  const d = debt.data;
  return (
    <main>
      <h1>{d.debtor.name}</h1>
      <nav class="subnav" aria-label={t('summary')}>
        <a href="/">{t('back')}</a>
        {hasRole(user, 'legal', 'auditor', 'admin') && <a href={`/debts/${id}/audit`}>{t('audit')}</a>}
      </nav>
      <section class="cards">
        <article aria-labelledby="summary-h">
          <h2 id="summary-h">{t('summary')}</h2>
          <dl>
            <dt>{t('uscc')}</dt>
            <dd>{d.debtor.uscc ?? '—'}</dd>
            <dt>{t('project')}</dt>
            <dd>{d.project?.name ?? '—'}</dd>
            <dt>{t('contractNo')}</dt>
            <dd>{d.contractNo ?? '—'}</dd>
            <dt>{t('dueDate')}</dt>
            <dd>{d.dueDate ?? '—'}</dd>
            <dt>{t('status')}</dt>
            <dd>{t(d.status as MessageKey)}</dd>
            <dt>{t('assignees')}</dt>
            <dd>{Object.entries(d.assignees).map(([slot, userId]) => `${t(slot as MessageKey)}: ${userId}`).join(' · ') || '—'}</dd>
          </dl>
        </article>
        <article aria-labelledby="ledger-h">
          <h2 id="ledger-h">{t('ledger')}</h2>
          <dl class="ledger">
            <dt>{t('principal')}</dt>
            <dd class="num" data-testid="principal">{formatAmount(d.ledger.principal, d.currency)}</dd>
            <dt>{t('paid')}</dt>
            <dd class="num" data-testid="paid">{formatAmount(d.ledger.paid, d.currency)}</dd>
            <dt>{t('outstanding')}</dt>
            <dd class="num" data-testid="outstanding">{formatAmount(d.ledger.outstanding, d.currency)}</dd>
          </dl>
        </article>
        <article aria-labelledby="limitation-h">
          <h2 id="limitation-h">{t('limitation')}</h2>
          <p>
            <LimitationCountdown limitation={d.limitation} />
          </p>
        </article>
      </section>
      <ReadinessPanel key={`r${generation}`} debtId={id} />
      <LimitationPanel key={`l${generation}`} debtId={id} />
      <section aria-labelledby="documents-h">
        <h2 id="documents-h">{t('documents')}</h2>
        <Problem error={documents.error} />
        <DocumentTable debt={d} documents={documents.data?.items ?? []} onChanged={reload} />
        <Uploader debt={d} onUploaded={reload} />
      </section>
      <section class="cards">
        {hasRole(user, 'finance', 'admin') && d.status !== 'closed' && <PaymentForm debtId={id} onDone={reload} />}
        {hasRole(user, 'collector', 'legal') && <LimitationEventForm debtId={id} onDone={reload} />}
      </section>
      <SigningPanel debt={d} />
      <HandoffPanel debt={d} onChanged={reload} />
      <DebtManagementPanel debt={d} onChanged={reload} />
    </main>
  );
}

/** Voiding follows the same freeze as adding: after handoff only filings and letters change. */
function mayVoid(debt: Debt, document: EvidenceDocument): boolean {
  if (debt.status === 'closed' || document.type === 'readiness_report') return false;
  return debt.status === 'open' || TYPES_ALLOWED_AFTER_HANDOFF.includes(document.type as DocumentType);
}

function DocumentTable({ debt, documents, onChanged }: { debt: Debt; documents: EvidenceDocument[]; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const { user } = useSession();
  const [voiding, setVoiding] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  if (documents.length === 0) return <p>{t('none')}</p>;

  async function save(document: EvidenceDocument) {
    try {
      saveBlob(await download(`/v1/debts/${debt.id}/documents/${document.id}/content`), document.filename);
    } catch (caught) {
      setError(caught);
    }
  }

  async function voidDocument(event: Event, document: EvidenceDocument) {
    event.preventDefault();
    const reason = ((event.currentTarget as HTMLFormElement).elements.namedItem('reason') as HTMLInputElement).value;
    try {
      await api('POST', `/v1/debts/${debt.id}/documents/${document.id}/void`, { reason });
      setVoiding(undefined);
      onChanged();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <>
      <Problem error={error} />
      <table class="documents">
        <thead>
          <tr>
            <th scope="col">{t('type')}</th>
            <th scope="col">{t('file')}</th>
            <th scope="col">{t('hash')}</th>
            <th scope="col">{t('extraction')}</th>
            <th scope="col">{t('uploadedBy')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {documents.map((document) => (
            <tr key={document.id} id={`doc-${document.id}`} class={document.status === 'void' ? 'void' : ''}>
              <td>
                {DOCUMENT_TYPE_NAMES[locale][document.type] ?? document.type}
                {document.version > 1 && <span class="muted"> v{document.version}</span>}
                {document.status === 'void' && <span class="badge danger" title={document.voidReason}>{t('voided')}</span>}
              </td>
              <td>
                {document.title ?? document.filename} <span class="muted">{formatSize(document.size)}</span>
              </td>
              <td>
                <code title={document.sha256}>{shortHash(document.sha256)}</code>
              </td>
              <td>
                <a href={`/debts/${debt.id}/documents/${document.id}/review`}>{document.extraction.status}</a>
              </td>
              <td>
                {document.uploadedBy} <span class="muted">{formatInstant(document.uploadedAt, locale)}</span>
              </td>
              <td class="actions">
                <button type="button" onClick={() => void save(document)}>
                  {t('download')}
                </button>
                {document.status === 'active' && mayVoid(debt, document) && roleToVoidDocument(user.roles, document.uploadedAs as never) && (
                  <button type="button" onClick={() => setVoiding(voiding === document.id ? undefined : document.id)}>
                    {t('void')}
                  </button>
                )}
                {voiding === document.id && (
                  <form class="inline-form" onSubmit={(e) => void voidDocument(e, document)}>
                    <label>
                      {t('voidReason')}
                      <input name="reason" required minLength={3} />
                    </label>
                    <button type="submit">{t('void')}</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
