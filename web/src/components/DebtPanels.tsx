import { useState } from 'preact/hooks';
import { api } from '../api';
import { EVENT_TYPE_NAMES, useI18n } from '../i18n';
import { hasRole, useSession } from '../session';
import type { Debt } from '../types';
import { LimitationCountdown } from './Limitation';
import { Problem } from './Problem';
import { type JsonSchema, SchemaForm } from './SchemaForm';
import { useAsync } from './useAsync';

interface Limitation {
  status: string;
  startsOn: string | null;
  expiresOn: string | null;
  longStopOn: string | null;
  daysLeft: number | null;
  events: Array<{ date: string; type: string; documentId?: string; counted: boolean; effect: string; reason: string }>;
  explanation: string[];
  warnings: string[];
}

/** §7: the limitation period with every fact weighed and the reasoning, articles cited. */
export function LimitationPanel({ debtId }: { debtId: string }) {
  const { t, locale } = useI18n();
  const result = useAsync(() => api<Limitation>('GET', `/v1/debts/${debtId}/limitation`), [debtId]);
  const r = result.data;
  return (
    <section aria-labelledby="timeline-h">
      <h2 id="timeline-h">{t('timeline')}</h2>
      <Problem error={result.error} />
      {r && (
        <>
          <p data-testid="limitation-status">
            <strong>{r.status}</strong> · <LimitationCountdown limitation={r} />
            {r.longStopOn && <span class="muted"> · {t('longStopOn')} {r.longStopOn}</span>}
          </p>
          {r.warnings.map((warning) => (
            <p key={warning} class="warn">{warning}</p>
          ))}
          <ol class="timeline">
            {r.events.map((event, index) => (
              <li key={index} class={event.counted ? 'ok' : 'muted'}>
                <strong>{event.date}</strong> {EVENT_TYPE_NAMES[locale][event.type] ?? event.type} —{' '}
                {event.counted ? `✔ ${t('counted')}` : `✘ ${t('notCounted')}`}: {event.reason}
                {event.documentId && (
                  <>
                    {' '}
                    <a href={`#doc-${event.documentId}`}>↗</a>
                  </>
                )}
              </li>
            ))}
          </ol>
          <details>
            <summary>{t('explanation')}</summary>
            <ul>
              {r.explanation.map((line, index) => (
                <li key={index}>{line}</li>
              ))}
            </ul>
          </details>
        </>
      )}
    </section>
  );
}

interface Readiness {
  ready: boolean;
  score: number;
  checks: Array<{ id: string; status: 'pass' | 'warn' | 'fail'; title: string; detail: string; documentIds: string[]; basis?: string }>;
}

const MARK = { pass: '✔', warn: '!', fail: '✘' } as const;

/** §8: the ten checks, each with its documents and legal basis. */
export function ReadinessPanel({ debtId }: { debtId: string }) {
  const { t } = useI18n();
  const report = useAsync(() => api<Readiness>('GET', `/v1/debts/${debtId}/readiness`), [debtId]);
  const r = report.data;
  return (
    <section aria-labelledby="readiness-h">
      <h2 id="readiness-h">
        {t('readiness')} {r && <ReadinessBadge ready={r.ready} score={r.score} />}
      </h2>
      <Problem error={report.error} />
      {r && (
        <ul class="checklist">
          {r.checks.map((check) => (
            <li key={check.id} class={check.status === 'pass' ? 'ok' : check.status === 'warn' ? 'warn' : 'danger'} data-check={check.id}>
              <strong>
                {MARK[check.status]} {check.title}
              </strong>{' '}
              — {check.detail}
              {check.documentIds.map((id) => (
                <a key={id} href={`#doc-${id}`} title={id}>
                  {' '}
                  ↗
                </a>
              ))}
              {check.basis && (
                <div class="muted">
                  {t('basis')}: {check.basis}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ReadinessBadge({ ready, score }: { ready: boolean; score: number }) {
  const { t } = useI18n();
  return <span class={`badge ${ready ? 'ok' : 'danger'}`} data-testid="readiness-badge">{ready ? t('ready') : t('notReady')} · {t('score', { n: score })}</span>;
}

interface Template {
  id: string;
  title: string;
  documentType: string;
  schema: JsonSchema;
  example: unknown;
}

interface Signer {
  name: string;
  organization?: string;
  title?: string;
  phone?: string;
  email?: string;
}

interface CreatedRequest {
  id: string;
  status: string;
  signers: Array<{ id: string; name: string; status: string; link: string }>;
}

/** Fills a template's example with what the debt already knows, where the template has the field. */
function prefill(template: Template, debt: Debt): unknown {
  const data = structuredClone(template.example) as Record<string, any>;
  const has = (key: string) => Boolean(template.schema.properties?.[key]);
  if (has('debtor')) data.debtor = { ...data.debtor, name: debt.debtor.name, ...(debt.debtor.uscc ? { uscc: debt.debtor.uscc } : {}) };
  if (has('outstanding') && debt.ledger.outstanding) data.outstanding = debt.ledger.outstanding;
  if (has('contractNo') && debt.contractNo) data.contractNo = debt.contractNo;
  if (has('currency')) data.currency = debt.currency;
  return data;
}

/** Collector (own) and legal: have the debtor sign a visit record, acknowledgement or demand. */
export function SigningPanel({ debt }: { debt: Debt }) {
  const { t } = useI18n();
  const { user } = useSession();
  const templates = useAsync(() => api<Template[]>('GET', '/v1/templates'), []);
  const [templateId, setTemplateId] = useState<string>();
  const [data, setData] = useState<unknown>();
  const [signers, setSigners] = useState<Signer[]>([{ name: '' }]);
  const [mode, setMode] = useState<'remote' | 'in_person'>('remote');
  const [created, setCreated] = useState<CreatedRequest>();
  const [status, setStatus] = useState<{ status: string; documentId?: string }>();
  const [error, setError] = useState<unknown>();
  if (!hasRole(user, 'collector', 'legal')) return null;
  const template = templates.data?.find((candidate) => candidate.id === templateId);

  const choose = (id: string) => {
    setTemplateId(id);
    const chosen = templates.data?.find((candidate) => candidate.id === id);
    setData(chosen ? prefill(chosen, debt) : undefined);
  };

  async function submit(event: Event) {
    event.preventDefault();
    setError(undefined);
    try {
      const clean = signers.map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v)));
      setCreated(await api<CreatedRequest>('POST', `/v1/debts/${debt.id}/signing-requests`, { template: templateId, data, signers: clean, mode }));
    } catch (caught) {
      setError(caught);
    }
  }

  async function refresh() {
    if (created) setStatus(await api('GET', `/v1/debts/${debt.id}/signing-requests/${created.id}`));
  }

  return (
    <section aria-labelledby="signing-h">
      <h2 id="signing-h">{t('signingRequests')}</h2>
      {created ? (
        <div>
          <p>{t('linksOnce')}</p>
          <ul>
            {created.signers.map((signer) => (
              <li key={signer.id}>
                {signer.name}: <code data-testid="signing-link">{signer.link}</code>{' '}
                {mode === 'in_person' && <a href={new URL(signer.link).pathname}>{t('openHere')}</a>}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => void refresh()}>
            {t('refresh')}
          </button>{' '}
          {status && (
            <span>
              {t('requestStatus')}: {status.status} {status.documentId && <a href={`#doc-${status.documentId}`}>↗</a>}
            </span>
          )}
        </div>
      ) : (
        <form class="stacked wide" aria-label={t('newSigningRequest')} onSubmit={(e) => void submit(e)}>
          <label>
            {t('template')}
            <select name="template" value={templateId ?? ''} onChange={(e) => choose(e.currentTarget.value)}>
              <option value="" />
              {templates.data?.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.title} ({candidate.id})
                </option>
              ))}
            </select>
          </label>
          {template && <SchemaForm schema={template.schema} value={data} onChange={setData} />}
          <fieldset>
            <legend>{t('signers')}</legend>
            {signers.map((signer, index) => (
              <div key={index} class="row">
                {(['name', 'organization', 'title', 'phone', 'email'] as const).map((field) => (
                  <label key={field}>
                    {t(field === 'title' ? 'position' : field)}
                    <input
                      name={`signers.${index}.${field}`}
                      required={field === 'name'}
                      value={signer[field] ?? ''}
                      onInput={(e) => setSigners(signers.map((s, i) => (i === index ? { ...s, [field]: e.currentTarget.value.trim() } : s)))}
                    />
                  </label>
                ))}
                {signers.length > 1 && (
                  <button type="button" onClick={() => setSigners(signers.filter((_, i) => i !== index))}>
                    {t('remove')}
                  </button>
                )}
              </div>
            ))}
            <button type="button" onClick={() => setSigners([...signers, { name: '' }])}>
              {t('addSigner')}
            </button>
          </fieldset>
          <label>
            {t('mode')}
            <select name="mode" value={mode} onChange={(e) => setMode(e.currentTarget.value as 'remote' | 'in_person')}>
              <option value="remote">{t('remote')}</option>
              <option value="in_person">{t('in_person')}</option>
            </select>
          </label>
          <Problem error={error} />
          <button type="submit" class="primary" disabled={!template}>
            {t('send')}
          </button>
        </form>
      )}
    </section>
  );
}
