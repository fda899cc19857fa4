import { useState } from 'preact/hooks';
import { LIMITATION_EVENT_TYPES } from '../../../functions/core/limitation-event-types';
import { api } from '../api';
import { EVENT_TYPE_NAMES, type MessageKey, useI18n } from '../i18n';
import { Problem } from './Problem';

interface FieldSpec {
  name: string;
  label: MessageKey;
  kind?: 'date' | 'money' | 'choice';
  required?: boolean;
  options?: Array<[value: string, label: string]>;
}

/**
 * A small form that posts its non-empty fields once (with an Idempotency-Key, so a double click is
 * harmless) and shows the server's problem when refused.
 */
function PostForm({ title, path, fields, onDone }: { title: MessageKey; path: string; fields: FieldSpec[]; onDone: () => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const body = Object.fromEntries(
      fields.flatMap(({ name }) => {
        const value = (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim();
        return value ? [[name, value]] : [];
      }),
    );
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', path, body, { 'idempotency-key': crypto.randomUUID() });
      form.reset();
      onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="inline-form" aria-label={t(title)} onSubmit={(e) => void submit(e)}>
      <h3>{t(title)}</h3>
      {fields.map((field) => (
        <label key={field.name}>
          {t(field.label)}
          {field.kind === 'choice' ? (
            <select name={field.name}>
              {field.options?.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          ) : field.kind === 'date' ? (
            <input name={field.name} type="date" required={field.required} />
          ) : (
            <input name={field.name} required={field.required} {...(field.kind === 'money' ? { inputMode: 'decimal', pattern: '\\d+(\\.\\d{1,2})?' } : {})} />
          )}
        </label>
      ))}
      <button type="submit" disabled={busy}>
        {t('save')}
      </button>
      <Problem error={error} />
    </form>
  );
}

/** Finance: record a payment. */
export function PaymentForm({ debtId, onDone }: { debtId: string; onDone: () => void }) {
  return (
    <PostForm
      title="payment"
      path={`/v1/debts/${debtId}/payments`}
      onDone={onDone}
      fields={[
        { name: 'amount', label: 'amount', kind: 'money', required: true },
        { name: 'date', label: 'date', kind: 'date', required: true },
        { name: 'reference', label: 'reference' },
      ]}
    />
  );
}

/** Collector (own debts) and legal: record a limitation-relevant event. */
export function LimitationEventForm({ debtId, onDone }: { debtId: string; onDone: () => void }) {
  const { locale } = useI18n();
  return (
    <PostForm
      title="limitationEvent"
      path={`/v1/debts/${debtId}/events`}
      onDone={onDone}
      fields={[
        { name: 'type', label: 'eventType', kind: 'choice', options: LIMITATION_EVENT_TYPES.map((type) => [type, EVENT_TYPE_NAMES[locale][type] ?? type]) },
        { name: 'date', label: 'date', kind: 'date', required: true },
        { name: 'note', label: 'note' },
      ]}
    />
  );
}
