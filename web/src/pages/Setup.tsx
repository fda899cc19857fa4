import { useState } from 'preact/hooks';
import { api } from '../api';
import { Problem } from '../components/Problem';
import { useI18n } from '../i18n';
import type { User } from '../session';

/**
 * `/setup#<token>`: creates the first admin with the one-time token the service printed at its
 * first start. The token is in the fragment, so it never reaches a server log or a Referer.
 */
export function Setup({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>();
  const token = location.hash.slice(1);

  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    try {
      const session = await api<{ user: User }>('POST', '/v1/auth/setup', { token, login: form.get('login'), name: form.get('name'), password: form.get('password') });
      history.replaceState(null, '', '/profile');
      onSignedIn(session.user);
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <main class="sign-in">
      <h1>{t('firstAdmin')}</h1>
      {!token ? (
        <p role="alert">{t('setupLinkInvalid')}</p>
      ) : (
        <form class="stacked" aria-label={t('firstAdmin')} onSubmit={(event) => void submit(event)}>
          <label>
            {t('fullName')}
            <input name="name" autocomplete="name" required />
          </label>
          <label>
            {t('loginName')}
            <input name="login" autocomplete="username" required />
          </label>
          <label>
            {t('password')}
            <input name="password" type="password" autocomplete="new-password" minLength={10} required />
          </label>
          <Problem error={error} />
          <button type="submit" class="primary">
            {t('create')}
          </button>
        </form>
      )}
    </main>
  );
}
