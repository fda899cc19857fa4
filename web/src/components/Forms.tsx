import { useState } from 'preact/hooks';
import { api } from '../api';
import { EVENT_TYPE_NAMES, useI18n } from '../i18n';
import { Problem } from './Problem';

const EVENT_TYPES = ['demand', 'acknowledgement', 'partial_payment', 'repayment_plan', 'suit_filed', 'arbitration_filed', 'payment_order', 'suspension_start', 'suspension_end'];

/** A small form that posts its fields once (with an Idempotency-Key, so a double click is harmless). */
function useSubmit(path: string, onDone: () => void) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event, body: Record<string, string | undefined>) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const clean = Object.fromEntries(Object.entries(body).filter(([, v]) => v));
      await api('POST', path, clean, { 'idempotency-key': crypto.randomUUID() });
      (event.target as HTMLFormElement).reset();
      onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}

const value = (form: HTMLFormElement, name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() || undefined;

/** Finance: record a payment. */
export function PaymentForm({ debtId, onDone }: { debtId: string; onDone: () => void }) {
  const { t } = useI18n();
  const { error, busy, submit } = useSubmit(`/v1/debts/${debtId}/payments`, onDone);
  return (
    <form class="inline-form" aria-label={t('payment')} onSubmit={(e) => void submit(e, { amount: value(e.currentTarget, 'amount'), date: value(e.currentTarget, 'date'), reference: value(e.currentTarget, 'reference') })}>
      <h3>{t('payment')}</h3>
      <label>
        {t('amount')}
        <input name="amount" required inputMode="decimal" pattern="\d+(\.\d{1,2})?" />
      </label>
      <label>
        {t('date')}
        <input name="date" type="date" required />
      </label>
      <label>
        {t('reference')}
        <input name="reference" />
      </label>
      <button type="submit" disabled={busy}>
        {t('save')}
      </button>
      <Problem error={error} />
    </form>
  );
}

/** Collector (own debts) and legal: record a limitation-relevant event. */
export function LimitationEventForm({ debtId, onDone }: { debtId: string; onDone: () => void }) {
  const { t, locale } = useI18n();
  const { error, busy, submit } = useSubmit(`/v1/debts/${debtId}/events`, onDone);
  return (
    <form class="inline-form" aria-label={t('limitationEvent')} onSubmit={(e) => void submit(e, { type: value(e.currentTarget, 'type'), date: value(e.currentTarget, 'date'), note: value(e.currentTarget, 'note') })}>
      <h3>{t('limitationEvent')}</h3>
      <label>
        {t('eventType')}
        <select name="type">
          {EVENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {EVENT_TYPE_NAMES[locale][type]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('date')}
        <input name="date" type="date" required />
      </label>
      <label>
        {t('note')}
        <input name="note" />
      </label>
      <button type="submit" disabled={busy}>
        {t('save')}
      </button>
      <Problem error={error} />
    </form>
  );
}
