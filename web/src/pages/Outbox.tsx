import { api } from '../api';
import { Problem } from '../components/Problem';
import { useAsync } from '../components/useAsync';
import { formatInstant } from '../format';
import { useI18n } from '../i18n';
import type { Page } from '../types';

interface Message {
  id: string;
  sentAt: string;
  kind: string;
  to: { name?: string; email?: string; phone?: string; userId?: string };
  subject: string;
  text: string;
}

/** Admin, embedded mode: what the Notifier "sent" (one-time codes, links, limitation warnings). */
export function Outbox() {
  const { t, locale } = useI18n();
  const messages = useAsync(() => api<Page<Message>>('GET', '/v1/dev/outbox?limit=200'), []);
  return (
    <main>
      <h1>{t('outbox')}</h1>
      <Problem error={messages.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('at')}</th>
            <th scope="col">{t('type')}</th>
            <th scope="col">{t('signers')}</th>
            <th scope="col">{t('title')}</th>
          </tr>
        </thead>
        <tbody>
          {messages.data?.items.map((message) => (
            <tr key={message.id}>
              <td>{formatInstant(message.sentAt, locale)}</td>
              <td>{message.kind}</td>
              <td>{message.to.name ?? message.to.userId} <span class="muted">{message.to.phone ?? message.to.email ?? ''}</span></td>
              <td>
                <details>
                  <summary>{message.subject}</summary>
                  <pre class="message">{message.text}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
