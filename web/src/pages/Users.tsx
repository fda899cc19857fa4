import { useState } from 'preact/hooks';
import { ROLES, type Role } from '../../../functions/core/roles';
import { api } from '../api';
import { Problem } from '../components/Problem';
import { useAsync } from '../components/useAsync';
import { useI18n } from '../i18n';
import { type User, useSession } from '../session';

interface Account extends User {
  login: string;
  status: 'active' | 'disabled';
  method: 'password' | 'demo' | 'oidc';
}

function RoleBoxes({ selected, name }: { selected: readonly Role[]; name: string }) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{t('roles')}</legend>
      {ROLES.map((role) => (
        <label key={role} class="inline">
          <input type="checkbox" name={name} value={role} defaultChecked={selected.includes(role)} /> {t(`role_${role}`)}
        </label>
      ))}
    </fieldset>
  );
}

const rolesOf = (form: FormData, name: string) => form.getAll(name).map(String);

/** Admin: every account; add a user, change roles, disable or enable, reset a password. */
export function Users() {
  const { t } = useI18n();
  const { user: me } = useSession();
  const accounts = useAsync(() => api<{ items: Account[] }>('GET', '/v1/users'), []);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  async function act(action: () => Promise<unknown>, done?: string) {
    try {
      await action();
      setError(undefined);
      setNotice(done);
      accounts.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  function create(event: Event) {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    void act(async () => {
      await api('POST', '/v1/users', { login: form.get('login'), name: form.get('name'), roles: rolesOf(form, 'roles'), password: form.get('password') });
      formElement.reset();
    }, t('userCreated'));
  }

  return (
    <main>
      <h1>{t('users')}</h1>
      <Problem error={accounts.error ?? error} />
      {notice && <p role="status">{notice}</p>}
      <table class="users">
        <thead>
          <tr>
            <th scope="col">{t('fullName')}</th>
            <th scope="col">{t('loginName')}</th>
            <th scope="col">{t('roles')}</th>
            <th scope="col">{t('accountStatus')}</th>
            <th scope="col">{t('signInMethod')}</th>
          </tr>
        </thead>
        <tbody>
          {accounts.data?.items.map((account) => (
            <tr key={account.id} data-login={account.login}>
              <td>{account.name}</td>
              <td>{account.login}</td>
              <td>
                <form
                  aria-label={`${t('roles')} ${account.login}`}
                  onSubmit={(event) => {
                    event.preventDefault();
                    const roles = rolesOf(new FormData(event.currentTarget as HTMLFormElement), 'roles');
                    void act(() => api('PATCH', `/v1/users/${encodeURIComponent(account.id)}`, { roles }));
                  }}
                >
                  <RoleBoxes selected={account.roles} name="roles" />
                  <button type="submit">{t('saveRoles')}</button>
                </form>
              </td>
              <td>
                {t(account.status)}{' '}
                {account.id !== me.id && (
                  <button type="button" onClick={() => void act(() => api('PATCH', `/v1/users/${encodeURIComponent(account.id)}`, { status: account.status === 'active' ? 'disabled' : 'active' }))}>
                    {account.status === 'active' ? t('disable') : t('enable')}
                  </button>
                )}
              </td>
              <td>
                {account.method}
                {account.method === 'password' && (
                  <form
                    aria-label={`${t('resetPassword')} ${account.login}`}
                    onSubmit={(event) => {
                      event.preventDefault();
                      const password = new FormData(event.currentTarget as HTMLFormElement).get('password');
                      void act(() => api('POST', `/v1/users/${encodeURIComponent(account.id)}/password-reset`, { password }), t('passwordResetDone'));
                    }}
                  >
                    <label>
                      {t('temporaryPassword')}
                      <input name="password" type="password" autocomplete="new-password" minLength={10} required />
                    </label>
                    <button type="submit">{t('resetPassword')}</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="stacked" aria-label={t('newUser')} onSubmit={create}>
        <h2>{t('newUser')}</h2>
        <label>
          {t('fullName')}
          <input name="name" required />
        </label>
        <label>
          {t('loginName')}
          <input name="login" autocomplete="off" required />
        </label>
        <RoleBoxes selected={[]} name="roles" />
        <label>
          {t('temporaryPassword')}
          <input name="password" type="password" autocomplete="new-password" minLength={10} required />
        </label>
        <button type="submit" class="primary">
          {t('create')}
        </button>
      </form>
    </main>
  );
}
