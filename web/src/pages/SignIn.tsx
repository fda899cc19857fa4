import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { Problem } from '../components/Problem';
import { useAsync } from '../components/useAsync';
import { useI18n } from '../i18n';
import type { User } from '../session';
import { startHostedSignIn } from '../cognito';

interface Health {
  mode: 'embedded' | 'aws';
}

interface AuthOptions {
  demo: boolean;
  setupNeeded: boolean;
  sso: boolean;
}

/**
 * Embedded mode: login and password (and the authenticator code when the account has one); in
 * demo mode also the demo users. On AWS the company's Cognito hosted UI signs people in. The
 * session lives in an HttpOnly cookie the server sets: nothing is kept by this script.
 */
export function SignIn({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const { t } = useI18n();
  const health = useAsync(() => api<Health>('GET', '/health'), []);
  const options = useAsync(async () => (health.data?.mode === 'embedded' ? api<AuthOptions>('GET', '/v1/auth/options') : undefined), [health.data?.mode]);
  const users = useAsync(async () => (options.data?.demo ? (await api<{ items: User[] }>('GET', '/v1/auth/dev-users')).items : []), [options.data?.demo]);
  const [needsCode, setNeedsCode] = useState(false);
  const [error, setError] = useState<unknown>();

  async function signInAs(userId: string) {
    const session = await api<{ user: User }>('POST', '/v1/auth/dev-login', { userId });
    onSignedIn(session.user);
  }

  async function signIn(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const code = String(form.get('totp') ?? '');
    try {
      const session = await api<{ user: User }>('POST', '/v1/auth/login', { login: form.get('login'), password: form.get('password'), ...(code ? { totp: code } : {}) });
      onSignedIn(session.user);
    } catch (failure) {
      if (failure instanceof ApiError && failure.type.endsWith(':totp-required')) {
        setNeedsCode(true);
        setError(undefined);
      } else setError(failure);
    }
  }

  return (
    <main class="sign-in">
      <h1>{t('appTitle')}</h1>
      <Problem error={health.error ?? options.error ?? users.error ?? error} />
      {health.data?.mode === 'aws' && (
        <button type="button" class="primary" onClick={() => void startHostedSignIn()}>
          {t('signInCognito')}
        </button>
      )}
      {options.data?.setupNeeded && <p role="status">{t('setupNeeded')}</p>}
      {options.data && !options.data.setupNeeded && (
        <form class="stacked" aria-label={t('signIn')} onSubmit={(event) => void signIn(event)}>
          <label>
            {t('loginName')}
            <input name="login" autocomplete="username" required />
          </label>
          <label>
            {t('password')}
            <input name="password" type="password" autocomplete="current-password" required />
          </label>
          {needsCode && (
            <label>
              {t('totpCode')} <span class="muted">{t('totpCodeHint')}</span>
              <input name="totp" inputMode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required />
            </label>
          )}
          <button type="submit" class="primary">
            {t('signIn')}
          </button>
        </form>
      )}
      {options.data?.demo && (
        <section aria-labelledby="demo-users">
          <h2 id="demo-users">{t('signInAs')}</h2>
          <ul class="user-list">
            {users.data?.map((user) => (
              <li key={user.id}>
                <button type="button" data-user={user.id} onClick={() => void signInAs(user.id)}>
                  <strong>{user.name}</strong> <span class="muted">{user.id} · {user.roles.join(', ')}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
