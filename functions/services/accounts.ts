import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import {
  ACCOUNT_THROTTLE,
  ADDRESS_THROTTLE,
  type Account,
  type AccountView,
  accountView,
  afterFailure,
  lockedSeconds,
  pendingSteps,
  type PendingStep,
  type ThrottleState,
} from '../core/accounts';
import { sha256Hex } from '../core/audit-chain';
import { ConflictError, NotFoundError, SecondFactorRequiredError, SignInFailedError, TooManyRequestsError, ValidationError } from '../core/errors';
import { newId } from '../core/ids';
import type { Actor, Principal, Role } from '../core/roles';
import type { Clock } from '../ports/clock';
import type { Table, TableWrite } from '../ports/table';
import { InvalidTokenError, type TokenVerifier } from '../ports/token-verifier';
import { appendToChain, listChainEvents, readChainHead, verifyChainPartition } from './audit-trail';
import { hashPassword, verifyPassword } from './passwords';
import { ACCOUNTS_CHAIN, KIND_USER, keys, withoutKeys } from './table-layout';
import { accountItem, DEMO_USERS, findAccount } from './users';

/** Where a sign-in comes from (for the lock-out per address and the audit trail). */
export interface SignInOrigin {
  address: string;
  userAgent: string;
}

export interface SignedInSession {
  token: string;
  expiresAt: string;
  user: AccountView;
}

type StoredAccount = Account & { version: number };

const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system' };
const TOTP_ISSUER = 'Evidence file';

/**
 * Accounts of the embedded service (README "Accounts"): the first admin by one-time setup token,
 * password sign-in with lock-out and TOTP, sessions stored by the SHA-256 of their token (so a
 * copy of the table signs nobody in), admin management, and the `SYSTEM#accounts` audit chain
 * that records every sign-in, failure, role change and disable.
 *
 * @example
 * const accounts = new AccountService(table, clock, { sessionSeconds: 12 * 3600 });
 * const setup = await accounts.prepareFirstAdmin(); // a token to print, or undefined
 */
export class AccountService implements TokenVerifier {
  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
    private readonly options: { sessionSeconds: number; demo?: boolean },
  ) {}

  /** Turns a session token into its user, or throws {@link InvalidTokenError} (expired, ended, disabled). */
  async verify(token: string): Promise<Principal & { pendingSteps: PendingStep[] }> {
    const session = await this.table.get(keys.session(sha256Hex(token)));
    if (!session || (session.expiresAt as number) * 1000 <= this.clock.now().getTime()) throw new InvalidTokenError('the session has expired or was ended; sign in again');
    const account = await findAccount(this.table, session.userId as string);
    if (!account || account.status !== 'active' || account.sessionGeneration !== session.generation) throw new InvalidTokenError('the session was ended; sign in again');
    if (account.method === 'demo' && !this.options.demo) throw new InvalidTokenError('demo accounts sign in only in demo mode');
    return { id: account.id, name: account.name, roles: account.roles, pendingSteps: pendingSteps(account) };
  }

  /** True while no account exists that can sign in (a fresh data folder): the first admin is still to be made. */
  async setupNeeded(): Promise<boolean> {
    return Boolean(await this.table.get(keys.setupToken()));
  }

  /**
   * On start: when there are no accounts yet, makes a new one-time setup token (its SHA-256 is
   * kept; any earlier token stops working) and returns it to be printed. Undefined once any
   * account exists.
   */
  async prepareFirstAdmin(): Promise<string | undefined> {
    const anyone = await this.table.queryIndex('byKind', KIND_USER, { limit: 1 });
    if (anyone.items.length > 0) {
      if (await this.setupNeeded()) await this.table.transact([{ delete: keys.setupToken() }]);
      return undefined;
    }
    const token = randomBytes(24).toString('base64url');
    await this.table.transact([{ put: { ...keys.setupToken(), tokenHash: sha256Hex(token), createdAt: this.clock.now().toISOString() } }]);
    return token;
  }

  /** Creates the first admin with the setup token (used once) and signs them in. */
  async completeSetup(input: { token: string; login: string; name: string; password: string }, origin: SignInOrigin): Promise<SignedInSession> {
    const stored = await this.table.get(keys.setupToken());
    if (!stored || stored.tokenHash !== sha256Hex(input.token)) throw new NotFoundError('this setup link is not valid (used already, or replaced by a newer start)');
    const account = await this.newAccount({ login: input.login, name: input.name, roles: ['admin'], password: input.password, mustChangePassword: false });
    const session = this.newSession(account);
    await appendToChain(this.table, this.clock, ACCOUNTS_CHAIN, { id: account.id, role: 'admin' }, async () => ({
      action: 'account.first-admin-created',
      subject: `user/${account.id}`,
      details: { login: account.login, name: account.name, roles: account.roles, ...origin },
      writes: [{ delete: keys.setupToken(), condition: { attribute: 'tokenHash', equals: stored.tokenHash as string } }, ...this.createWrites(account), session.write],
      result: undefined,
    }));
    return { token: session.token, expiresAt: session.expiresAt, user: accountView(account) };
  }

  /**
   * Password sign-in. Locked logins and addresses are refused with 429 before the password is
   * looked at; every success and failure is an event of the accounts chain.
   */
  async signIn(input: { login: string; password: string; totp?: string }, origin: SignInOrigin): Promise<SignedInSession> {
    const now = this.clock.now();
    const address = origin.address || 'unknown';
    const [accountThrottle, addressThrottle] = await Promise.all([this.throttle('account', input.login), this.throttle('address', address)]);
    const locked = Math.max(lockedSeconds(accountThrottle, now), lockedSeconds(addressThrottle, now));
    if (locked > 0) {
      await this.audit(SYSTEM_ACTOR, 'account.sign-in-refused', `login/${input.login}`, { login: input.login, reason: 'locked', ...origin });
      throw new TooManyRequestsError(`too many failed sign-ins; try again in ${Math.ceil(locked / 60)} minutes`, locked);
    }
    const userId = (await this.table.get(keys.userLogin(input.login)))?.userId as string | undefined;
    const account = userId ? await findAccount(this.table, userId) : undefined;
    const passwordRight = await verifyPassword(input.password, account?.method === 'password' ? account.passwordHash : undefined);
    const refusal = !account ? 'unknown-login' : !passwordRight ? 'wrong-password' : account.status !== 'active' ? 'disabled' : undefined;
    if (refusal || !account) return this.failed(input.login, account, refusal ?? 'unknown-login', origin, accountThrottle, addressThrottle);
    let totpStep: number | undefined;
    if (account.totpSecret) {
      if (!input.totp) throw new SecondFactorRequiredError();
      totpStep = this.totpStep(account.totpSecret, input.totp, account.lastTotpStep);
      if (totpStep === undefined) return this.failed(input.login, account, 'wrong-code', origin, accountThrottle, addressThrottle);
    }
    const session = this.newSession(account);
    const writes: TableWrite[] = [session.write, { delete: keys.signInThrottle('account', input.login) }];
    if (totpStep !== undefined) writes.push(this.accountWrite(account, { lastTotpStep: totpStep }));
    await appendToChain(this.table, this.clock, ACCOUNTS_CHAIN, { id: account.id, role: 'system' }, async () => ({
      action: 'account.signed-in',
      subject: `user/${account.id}`,
      details: { login: account.login, method: 'password', secondFactor: totpStep !== undefined, ...origin },
      writes,
      result: undefined,
    }));
    return { token: session.token, expiresAt: session.expiresAt, user: accountView(account) };
  }

  /** Demo mode only: a session for a demo user, without a password. */
  async devSignIn(userId: string, origin: SignInOrigin): Promise<SignedInSession | undefined> {
    const account = await findAccount(this.table, userId);
    if (!this.options.demo || !account || account.method !== 'demo' || account.status !== 'active') return undefined;
    const session = this.newSession(account);
    await appendToChain(this.table, this.clock, ACCOUNTS_CHAIN, { id: account.id, role: 'system' }, async () => ({
      action: 'account.signed-in',
      subject: `user/${account.id}`,
      details: { login: account.login, method: 'demo', ...origin },
      writes: [session.write],
      result: undefined,
    }));
    return { token: session.token, expiresAt: session.expiresAt, user: accountView(account) };
  }

  /** The demo users that exist (demo mode only). */
  async demoUsers(): Promise<Principal[]> {
    if (!this.options.demo) return [];
    const found = await Promise.all(DEMO_USERS.map((user) => findAccount(this.table, user.id)));
    return found.filter((account) => account?.method === 'demo' && account.status === 'active').map((account) => ({ id: account!.id, name: account!.name, roles: account!.roles }));
  }

  /** Ends one session (sign-out). */
  async signOut(token: string, principal: Principal): Promise<void> {
    await appendToChain(this.table, this.clock, ACCOUNTS_CHAIN, { id: principal.id, role: 'system' }, async () => ({
      action: 'account.signed-out',
      subject: `user/${principal.id}`,
      details: {},
      writes: [{ delete: keys.session(sha256Hex(token)) }],
      result: undefined,
    }));
  }

  /** The signed-in user's own account. */
  async me(userId: string): Promise<AccountView> {
    return accountView(await this.account(userId));
  }

  /** Changes one's own password (the current one is asked again); other sessions stay. */
  async changePassword(principal: Principal, current: string, next: string): Promise<AccountView> {
    const account = await this.account(principal.id);
    if (account.method !== 'password') throw new ValidationError('this account signs in without a password here');
    if (!(await verifyPassword(current, account.passwordHash))) throw new ValidationError('the current password is not right', [{ path: 'currentPassword', message: 'not right' }]);
    if (current === next) throw new ValidationError('choose a password different from the current one', [{ path: 'newPassword', message: 'same as the current one' }]);
    const changes = { passwordHash: await hashPassword(next), mustChangePassword: false };
    await this.audit({ id: account.id, role: 'system' }, 'account.password-changed', `user/${account.id}`, {}, [this.accountWrite(account, changes)]);
    return accountView({ ...account, ...changes });
  }

  /** Starts TOTP enrolment: a new secret and its `otpauth://` URI (for the QR code); confirmed by {@link confirmTotp}. */
  async beginTotp(principal: Principal): Promise<{ secret: string; uri: string }> {
    const account = await this.account(principal.id);
    if (account.method !== 'password') throw new ValidationError('this account signs in without a password here; its provider handles second factors');
    const secret = new Secret({ size: 20 }).base32;
    await this.table.transact([this.accountWrite(account, { pendingTotpSecret: secret })]);
    return { secret, uri: this.totp(secret, account.login).toString() };
  }

  /** Confirms enrolment with a code of the new secret; from then on sign-in asks for a code. */
  async confirmTotp(principal: Principal, code: string): Promise<AccountView> {
    const account = await this.account(principal.id);
    if (!account.pendingTotpSecret) throw new ValidationError('start the enrolment first');
    const step = this.totpStep(account.pendingTotpSecret, code, undefined);
    if (step === undefined) throw new ValidationError('the code does not match; check the time of the phone', [{ path: 'code', message: 'does not match' }]);
    const { pendingTotpSecret: _dropped, ...rest } = account;
    const enrolled: StoredAccount = { ...rest, totpSecret: account.pendingTotpSecret, lastTotpStep: step, version: account.version + 1 };
    await this.audit({ id: account.id, role: 'system' }, 'account.totp-enrolled', `user/${account.id}`, {}, [
      { put: accountItem(enrolled), condition: { attribute: 'version', equals: account.version } },
    ]);
    return accountView(enrolled);
  }

  /** Every account, by id. */
  async list(): Promise<AccountView[]> {
    const views: AccountView[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.table.queryIndex('byKind', KIND_USER, { limit: 500, ...(cursor ? { cursor } : {}) });
      views.push(...page.items.map((item) => accountView(withoutKeys<StoredAccount>(item))));
      cursor = page.cursor;
    } while (cursor);
    return views;
  }

  /** An admin adds a user with a first password, to be changed at the first sign-in. */
  async create(actor: Actor, input: { login: string; name: string; roles: Role[]; password: string; email?: string }): Promise<AccountView> {
    const account = await this.newAccount({ ...input, mustChangePassword: true });
    await this.audit(actor, 'account.created', `user/${account.id}`, { login: account.login, name: account.name, roles: account.roles }, this.createWrites(account));
    return accountView(account);
  }

  /**
   * An admin renames, changes roles, disables or enables a user. Disabling ends every session
   * at once. An admin cannot disable themself or take away their own admin role (someone must
   * be left to let people in).
   */
  async update(actor: Actor, userId: string, changes: { name?: string; roles?: Role[]; status?: 'active' | 'disabled' }): Promise<AccountView> {
    const account = await this.account(userId);
    if (actor.id === userId && (changes.status === 'disabled' || (changes.roles && !changes.roles.includes('admin')))) {
      throw new ValidationError('you cannot disable yourself or take away your own admin role');
    }
    const next: Partial<StoredAccount> = {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.roles ? { roles: changes.roles } : {}),
      ...(changes.status ? { status: changes.status } : {}),
      ...(changes.status === 'disabled' && account.status !== 'disabled' ? { sessionGeneration: account.sessionGeneration + 1 } : {}),
    };
    const updated = { ...account, ...next };
    const action =
      changes.status && changes.status !== account.status ? (changes.status === 'disabled' ? 'account.disabled' : 'account.enabled') : changes.roles ? 'account.roles-changed' : 'account.updated';
    await this.audit(actor, action, `user/${userId}`, { before: { name: account.name, roles: account.roles, status: account.status }, after: { name: updated.name, roles: updated.roles, status: updated.status } }, [
      this.accountWrite(account, next),
    ]);
    return accountView(updated);
  }

  /** An admin sets a new password: the user must change it at the next sign-in, their sessions end, and a lock-out is lifted. */
  async resetPassword(actor: Actor, userId: string, password: string): Promise<AccountView> {
    const account = await this.account(userId);
    if (account.method !== 'password') throw new ValidationError('this account signs in without a password here');
    const changes = { passwordHash: await hashPassword(password), mustChangePassword: true, sessionGeneration: account.sessionGeneration + 1 };
    await this.audit(actor, 'account.password-reset', `user/${userId}`, {}, [this.accountWrite(account, changes), { delete: keys.signInThrottle('account', account.login) }]);
    return accountView({ ...account, ...changes });
  }

  /** One page of the accounts chain with its head. */
  async events(page: { limit: number; cursor?: string }) {
    return { ...(await listChainEvents(this.table, ACCOUNTS_CHAIN, page)), head: await readChainHead(this.table, ACCOUNTS_CHAIN) };
  }

  /** Recomputes the accounts chain like a debt's. */
  verifyChain() {
    return verifyChainPartition(this.table, ACCOUNTS_CHAIN);
  }

  private async account(userId: string): Promise<StoredAccount> {
    const account = await findAccount(this.table, userId);
    if (!account) throw new NotFoundError('no such user');
    return account;
  }

  private async newAccount(input: { login: string; name: string; roles: Role[]; password: string; mustChangePassword: boolean; email?: string }): Promise<StoredAccount> {
    if (await this.table.get(keys.userLogin(input.login))) throw new ConflictError(`the login ${input.login} is taken`);
    return {
      id: newId(),
      name: input.name,
      roles: input.roles,
      login: input.login,
      ...(input.email ? { email: input.email } : {}),
      status: 'active',
      method: 'password',
      passwordHash: await hashPassword(input.password),
      mustChangePassword: input.mustChangePassword,
      sessionGeneration: 0,
      createdAt: this.clock.now().toISOString(),
      version: 1,
    };
  }

  private createWrites(account: StoredAccount): TableWrite[] {
    return [
      { put: accountItem(account), condition: { absent: true } },
      // A login taken meanwhile makes the whole transaction fail: logins stay unique.
      { put: { ...keys.userLogin(account.login), userId: account.id }, condition: { absent: true } },
    ];
  }

  /** A compare-and-set write of an account (its version), so concurrent admin changes do not overwrite each other. */
  private accountWrite(account: StoredAccount, changes: Partial<StoredAccount>): TableWrite {
    return { put: accountItem({ ...account, ...changes, version: account.version + 1 }), condition: { attribute: 'version', equals: account.version } };
  }

  private newSession(account: StoredAccount): { token: string; expiresAt: string; write: TableWrite } {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expires = new Date(now.getTime() + this.options.sessionSeconds * 1000);
    return {
      token,
      expiresAt: expires.toISOString(),
      write: {
        put: { ...keys.session(sha256Hex(token)), userId: account.id, generation: account.sessionGeneration, createdAt: now.toISOString(), expiresAt: Math.floor(expires.getTime() / 1000) },
        condition: { absent: true },
      },
    };
  }

  private async throttle(scope: 'account' | 'address', value: string): Promise<ThrottleState | undefined> {
    const item = await this.table.get(keys.signInThrottle(scope, value));
    return item && { failures: item.failures as number, windowStart: item.windowStart as string, ...(item.lockedUntil ? { lockedUntil: item.lockedUntil as string } : {}) };
  }

  private async failed(
    login: string,
    account: StoredAccount | undefined,
    reason: string,
    origin: SignInOrigin,
    accountThrottle: ThrottleState | undefined,
    addressThrottle: ThrottleState | undefined,
  ): Promise<never> {
    const now = this.clock.now();
    const nextAccount = afterFailure(accountThrottle, now, ACCOUNT_THROTTLE);
    const nextAddress = afterFailure(addressThrottle, now, ADDRESS_THROTTLE);
    const ttl = (state: ThrottleState) => Math.floor(Date.parse(state.lockedUntil ?? state.windowStart) / 1000) + ACCOUNT_THROTTLE.windowSeconds;
    await this.audit(
      SYSTEM_ACTOR,
      'account.sign-in-failed',
      account ? `user/${account.id}` : `login/${login}`,
      { login, reason, ...origin, ...(nextAccount.lockedUntil ? { lockedUntil: nextAccount.lockedUntil } : {}) },
      [
        { put: { ...keys.signInThrottle('account', login), ...nextAccount, expiresAt: ttl(nextAccount) } },
        { put: { ...keys.signInThrottle('address', origin.address || 'unknown'), ...nextAddress, expiresAt: ttl(nextAddress) } },
      ],
    );
    throw new SignInFailedError();
  }

  private totp(secret: string, login: string): TOTP {
    return new TOTP({ issuer: TOTP_ISSUER, label: login, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
  }

  /** The time step of a valid code (±1 step of drift), or undefined; a step already used is refused (no replay). */
  private totpStep(secret: string, code: string, lastStep: number | undefined): number | undefined {
    const timestamp = this.clock.now().getTime();
    const delta = this.totp(secret, '').validate({ token: code, timestamp, window: 1 });
    if (delta === null) return undefined;
    const step = TOTP.counter({ period: 30, timestamp }) + delta;
    return lastStep !== undefined && step <= lastStep ? undefined : step;
  }

  private async audit(actor: Actor, action: string, subject: string, details: Record<string, unknown>, writes: TableWrite[] = []): Promise<void> {
    await appendToChain(this.table, this.clock, ACCOUNTS_CHAIN, actor, async () => ({ action, subject, details, writes, result: undefined }));
  }
}
