import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { Problem } from '../components/Problem';
import { useI18n } from '../i18n';
import type { Debt } from '../types';

const FIELDS = ['debtorName', 'uscc', 'projectName', 'contractNo', 'principal', 'dueDate', 'collector', 'sales', 'legal'] as const;
type Field = (typeof FIELDS)[number];

/** Finance / admin: open the file of a new debt. Empty fields are left out, never sent as "". */
export function NewDebt() {
  const { t } = useI18n();
  const { route } = useLocation();
  const [form, setForm] = useState<Record<Field, string>>(Object.fromEntries(FIELDS.map((f) => [f, ''])) as Record<Field, string>);
  const [error, setError] = useState<unknown>();
  const set = (field: Field) => (event: Event) => setForm({ ...form, [field]: (event.currentTarget as HTMLInputElement).value.trim() });
  const optional = (value: string) => value || undefined;

  async function submit(event: Event) {
    event.preventDefault();
    setError(undefined);
    try {
      const debt = await api<Debt>('POST', '/v1/debts', {
        debtor: { name: form.debtorName, uscc: optional(form.uscc) },
        project: form.projectName ? { name: form.projectName, kind: 'other' } : undefined,
        contractNo: optional(form.contractNo),
        principal: optional(form.principal),
        dueDate: optional(form.dueDate),
        assignees: { collector: optional(form.collector), sales: optional(form.sales), legal: optional(form.legal) },
      }, { 'idempotency-key': crypto.randomUUID() });
      route(`/debts/${debt.id}`);
    } catch (caught) {
      setError(caught);
    }
  }

  const labels: Record<Field, string> = {
    debtorName: t('debtor'), uscc: t('uscc'), projectName: t('project'), contractNo: t('contractNo'), principal: `${t('principal')} (CNY)`,
    dueDate: t('dueDate'), collector: t('collector'), sales: t('sales'), legal: t('legal'),
  };
  return (
    <main>
      <h1>{t('newDebt')}</h1>
      <form class="stacked" onSubmit={(e) => void submit(e)}>
        {FIELDS.map((field) => (
          <label key={field}>
            {labels[field]}
            {field === 'debtorName' && <span class="muted"> ({t('required')})</span>}
            {field === 'dueDate' ? (
              <input name={field} type="date" value={form[field]} onInput={set(field)} />
            ) : (
              <input
                name={field}
                value={form[field]}
                required={field === 'debtorName'}
                {...(field === 'principal' ? { inputMode: 'decimal', pattern: '\\d+(\\.\\d{1,2})?' } : {})}
                onInput={set(field)}
              />
            )}
          </label>
        ))}
        <Problem error={error} />
        <button type="submit" class="primary">
          {t('create')}
        </button>
      </form>
    </main>
  );
}
