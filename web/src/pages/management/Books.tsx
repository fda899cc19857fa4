import { useState } from 'preact/hooks';
import { api } from '../../api';
import { Problem } from '../../components/Problem';
import { useAsync } from '../../components/useAsync';
import { formatAmount } from '../../format';
import { hasRole, useSession } from '../../session';
import { ratio, useManagementText } from './messages';

interface Book {
  id: string;
  responsibleId: string;
  responsibleName: string;
  coverage: { debtIds: string[] } | { unitId: string };
  currency: string;
  target: string;
  periodStart: string;
  deadline: string;
  debtIds: string[];
  progress: { recovered: string; target: string; percent: string; state: string; cancelReason?: string };
  signingStatus: string;
  evidenceDocumentId?: string;
  signing?: { debtId: string };
}

/** Legal: send a book for signature (remote: the signer gets a one-time link and code). */
function SignBookForm({ book, onSent }: { book: Book; onSent: () => void }) {
  const { m } = useManagementText();
  const [form, setForm] = useState({ company: '', name: book.responsibleName, phone: '' });
  const [error, setError] = useState<unknown>();
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', `/v1/responsibility-books/${book.id}/signing-requests`, { company: { name: form.company }, mode: 'remote', signers: [{ name: form.name, phone: form.phone }] }, { 'idempotency-key': crypto.randomUUID() });
      onSent();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <form class="filters" onSubmit={submit} aria-label={`${m('sendForSignature')} ${book.responsibleName}`}>
      <label>
        {m('companyName')}
        <input value={form.company} required onInput={(e) => setForm({ ...form, company: e.currentTarget.value })} />
      </label>
      <label>
        {m('signerName')}
        <input value={form.name} required onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
      </label>
      <label>
        {m('signerPhone')}
        <input type="tel" value={form.phone} required onInput={(e) => setForm({ ...form, phone: e.currentTarget.value })} />
      </label>
      <button type="submit">{m('sendForSignature')}</button>
      <Problem error={error} />
    </form>
  );
}

const EMPTY = { responsibleId: '', unitId: '', debtIds: '', target: '', periodStart: '', deadline: '', rewardTerms: '', penaltyTerms: '' };

/** Art. 6: responsibility books with progress; finance and admin add them, collectors see their own. */
export function Books() {
  const { m } = useManagementText();
  const { user } = useSession();
  const [overdue, setOverdue] = useState(false);
  const books = useAsync(() => api<{ items: Book[] }>('GET', `/v1/responsibility-books${overdue ? '?overdue=true' : ''}`), [overdue]);
  const [form, setForm] = useState(EMPTY);
  const [error, setError] = useState<unknown>();
  const manages = hasRole(user, 'finance', 'admin');
  const signs = hasRole(user, 'legal');
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    const ids = form.debtIds.split(',').map((s) => s.trim()).filter(Boolean);
    try {
      await api('POST', '/v1/responsibility-books', {
        responsibleId: form.responsibleId,
        coverage: ids.length > 0 ? { debtIds: ids } : { unitId: form.unitId },
        target: form.target,
        periodStart: form.periodStart,
        deadline: form.deadline,
        ...(form.rewardTerms ? { rewardTerms: form.rewardTerms } : {}),
        ...(form.penaltyTerms ? { penaltyTerms: form.penaltyTerms } : {}),
      });
      setForm(EMPTY);
      books.reload();
    } catch (e) {
      setError(e);
    }
  };
  const field = (name: keyof typeof EMPTY, label: string, type: 'text' | 'date' = 'text', required = false) => (
    <label>
      {label}
      {type === 'date' ? (
        <input type="date" value={form[name]} required={required} onInput={(e) => setForm({ ...form, [name]: e.currentTarget.value })} />
      ) : (
        <input type="text" value={form[name]} required={required} onInput={(e) => setForm({ ...form, [name]: e.currentTarget.value })} />
      )}
    </label>
  );
  return (
    <section aria-labelledby="books">
      <h2 id="books">{m('booksTab')}</h2>
      <label>
        <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.currentTarget.checked)} /> {m('overdueOnly')}
      </label>
      <Problem error={books.error} />
      {books.data?.items.length === 0 && <p>{m('none')}</p>}
      {(books.data?.items.length ?? 0) > 0 && (
        <table data-testid="books">
          <thead>
            <tr>
              <th scope="col">{m('responsible')}</th>
              <th scope="col">{m('coverage')}</th>
              <th scope="col">{m('periodStart')}</th>
              <th scope="col">{m('deadline')}</th>
              <th scope="col" class="num">{m('target')}</th>
              <th scope="col">{m('progress')}</th>
              <th scope="col">{m('state')}</th>
              <th scope="col">{m('signing')}</th>
            </tr>
          </thead>
          <tbody>
            {books.data?.items.map((book) => (
              <tr key={book.id} class={book.progress.state === 'overdue' ? 'overdue' : ''}>
                <td>{book.responsibleName}</td>
                <td>{'unitId' in book.coverage ? `${m('unit')} ${book.coverage.unitId}` : `${book.debtIds.length} ${m('debts')}`}</td>
                <td>{book.periodStart}</td>
                <td>{book.deadline}</td>
                <td class="num">{formatAmount(book.target, book.currency)}</td>
                <td>
                  <progress max={1} value={ratio(book.progress.recovered, book.progress.target)} aria-label={m('progress')} /> {formatAmount(book.progress.recovered)} ({book.progress.percent}%)
                </td>
                <td title={book.progress.cancelReason}>{m(book.progress.state)}</td>
                <td>
                  {book.evidenceDocumentId && book.signing ? <a href={`/debts/${book.signing.debtId}`}>{m(book.signingStatus)}</a> : m(book.signingStatus)}
                  {signs && (book.signingStatus === 'draft' || book.signingStatus === 'declined' || book.signingStatus === 'expired') && <SignBookForm book={book} onSent={books.reload} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {manages && (
        <form class="stacked" onSubmit={submit} aria-label={m('createBook')}>
          <h3>{m('createBook')}</h3>
          {field('responsibleId', m('responsible'), 'text', true)}
          {field('unitId', m('unit'))}
          {field('debtIds', m('debtIds'))}
          {field('target', m('target'), 'text', true)}
          {field('periodStart', m('periodStart'), 'date', true)}
          {field('deadline', m('deadline'), 'date', true)}
          {field('rewardTerms', m('rewardTerms'))}
          {field('penaltyTerms', m('penaltyTerms'))}
          <Problem error={error} />
          <button type="submit">{m('createBook')}</button>
        </form>
      )}
    </section>
  );
}
