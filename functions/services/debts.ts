import Decimal from 'decimal.js';
import { type Assignees, type Debt, debtVisibleTo, FROZEN_DEBT_FIELDS, type Ledger, ledgerOf, paymentProblem, statusChangeAllowed } from '../core/debt';
import { type AgingRow, agingReport } from '../core/aging';
import { ConflictError, NotFoundError, PreconditionFailedError, ValidationError } from '../core/errors';
import { newId } from '../core/ids';
import { legalDateAt, type LegalDate } from '../core/legal-date';
import { formatMoney, parseMoney } from '../core/money';
import { type Actor, type Principal, type Role, ROLES_SEEING_ALL_DEBTS } from '../core/roles';
import type { CreateDebtInput, LimitationEventInput, PatchDebtInput, PaymentInput } from '../core/schemas';
import type { Clock } from '../ports/clock';
import type { IndexName, Table, TableItem, TableWrite } from '../ports/table';
import { recordChange } from './audit-trail';
import { type LimitationSummary, LimitationService, withLimitationRefresh } from './limitation';
import { debtItem, EXPIRY_PARTITION, KIND_DEBT, keys, paymentIndex, userPartition, withoutKeys } from './table-layout';
import { checkUnitExists } from './management/units';
import { findUser } from './users';

/**
 * What `GET /v1/debts/{id}` shows: the debt, its ledger and the limitation engine's summary
 * (the events and explanation are at `GET /v1/debts/{id}/limitation`).
 */
export interface DebtView extends Omit<Debt, 'limitationSnapshot'> {
  ledger: Ledger;
  limitation: LimitationSummary;
}

export interface DebtListQuery {
  assignee?: string;
  status?: Debt['status'];
  expiringWithinDays?: number;
  limit: number;
  cursor?: string;
}

const ASSIGNEE_ROLES: Record<keyof Assignees, Role> = { collector: 'collector', sales: 'sales', legal: 'legal' };

/**
 * Debts: creation, reading scoped by role, changes with optimistic concurrency, payments and
 * limitation-relevant events. Every change goes into the debt's audit chain in the same
 * transaction.
 */
export class DebtService {
  private readonly limitation: LimitationService;

  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
  ) {
    this.limitation = new LimitationService(table, clock);
  }

  /** Creates a debt; the assignees must be users holding the matching role. */
  async create(actor: Actor, input: CreateDebtInput): Promise<DebtView> {
    await this.checkAssignees(input.assignees);
    if (input.unitId) await checkUnitExists(this.table, input.unitId);
    const id = newId();
    const now = this.clock.now().toISOString();
    const debt: Debt = { id, version: 1, status: 'open', ...input, paid: '0.00', createdAt: now, createdBy: actor.id, updatedAt: now };
    const { result } = await recordChange(this.table, this.clock, id, actor, async () => {
      const { writes, snapshot } = await withLimitationRefresh(this.table, id, [{ put: debtItem(debt), condition: { absent: true } }, ...assignmentWrites(id, {}, debt.assignees)]);
      return { action: 'debt.created', subject: `debt/${id}`, details: { debt }, writes, result: { ...debt, limitationSnapshot: snapshot } };
    });
    return this.view(result);
  }

  /** The debt, or undefined when there is none. */
  async find(debtId: string): Promise<Debt | undefined> {
    const item = await this.table.get(keys.debt(debtId));
    return item && withoutKeys<Debt>(item);
  }

  /** The debt if `user` may see it; otherwise NotFoundError, so that no existence leaks. */
  async findVisible(user: Principal, debtId: string): Promise<Debt> {
    const debt = await this.find(debtId);
    if (!debt || !debtVisibleTo(user, debt)) throw new NotFoundError('no such debt');
    return debt;
  }

  /** The debt with its ledger and limitation summary. */
  async view(debt: Debt): Promise<DebtView> {
    const { limitationSnapshot: _derived, ...fields } = debt;
    return { ...fields, ledger: ledgerOf(debt), limitation: await this.limitation.summary(debt) };
  }

  /**
   * Debts `user` may see, filtered, newest first within their index, one page at a time. Reads
   * come from an index: the user's assignments for collectors and sales, the expiry index for
   * `expiringWithinDays`, else all debts.
   */
  async list(user: Principal, query: DebtListQuery): Promise<{ items: DebtView[]; nextCursor?: string }> {
    const source = this.listSource(user, query);
    const items: DebtView[] = [];
    let cursor = query.cursor;
    do {
      const page = await this.table.queryIndex(source.index, source.partition, {
        limit: query.limit - items.length,
        ...(source.between ? { between: source.between } : {}),
        ...(cursor ? { cursor } : {}),
      });
      const debts = await this.table.getMany(page.items.map((item) => keys.debt(debtIdOf(item))));
      for (const debt of debts.map((item) => withoutKeys<Debt>(item))) {
        const view = await this.view(debt);
        if (debtVisibleTo(user, debt) && matches(view, query)) items.push(view);
      }
      cursor = page.cursor;
    } while (cursor && items.length < query.limit);
    return { items, ...(cursor ? { nextCursor: cursor } : {}) };
  }

  /** Every debt, page by page from the byKind index (for reports and exports). */
  async *all(): AsyncGenerator<Debt> {
    let cursor: string | undefined;
    do {
      const page = await this.table.queryIndex('byKind', KIND_DEBT, { limit: 500, ...(cursor ? { cursor } : {}) });
      yield* page.items.map((item) => withoutKeys<Debt>(item));
      cursor = page.cursor;
    } while (cursor);
  }

  /** Outstanding amounts by age for finance (every debt). */
  async aging(): Promise<{ asOf: string; rows: AgingRow[] }> {
    const debts: Debt[] = [];
    for await (const debt of this.all()) debts.push(debt);
    const asOf = this.clock.now();
    return { asOf: asOf.toISOString(), rows: agingReport(debts, asOf) };
  }

  /** Applies a patch if `expectedVersion` is still current. */
  async patch(actor: Actor, debtId: string, expectedVersion: number, patch: PatchDebtInput): Promise<DebtView> {
    const { assignees: assigneePatch, status, closeReason, ...fields } = patch;
    if (assigneePatch) await this.checkAssignees(assigneePatch);
    if (fields.unitId) await checkUnitExists(this.table, fields.unitId);
    const { result } = await recordChange(this.table, this.clock, debtId, actor, async () => {
      const current = await this.mustFind(debtId);
      if (current.version !== expectedVersion) {
        throw new PreconditionFailedError(`the debt is at version ${current.version}, not ${expectedVersion}`, current.version);
      }
      if (current.status === 'closed') throw new ConflictError('the debt is closed');
      if (status && !statusChangeAllowed(current.status, status)) throw new ConflictError(`a ${current.status} debt cannot become ${status}`);
      const frozen = FROZEN_DEBT_FIELDS.filter((field) => field in fields);
      if (current.status === 'handed_off' && frozen.length > 0) {
        throw new ConflictError(`the file is frozen since handoff; ${frozen.join(', ')} can no longer change`);
      }
      const next = applyPatch(current, fields, assigneePatch, this.clock.now().toISOString());
      if (status) Object.assign(next, { status, closeReason });
      checkConsistency(next);
      const { writes, snapshot } = await withLimitationRefresh(this.table, debtId, [
        { put: debtItem(next), condition: { attribute: 'version', equals: current.version } },
        ...assignmentWrites(debtId, current.assignees, next.assignees),
      ]);
      return {
        action: 'debt.updated',
        subject: `debt/${debtId}`,
        details: { fromVersion: current.version, changes: diff(current, next) },
        writes,
        result: { ...next, limitationSnapshot: snapshot },
      };
    });
    return this.view(result);
  }

  /** Records a payment (finance); it may not exceed the outstanding balance. */
  async recordPayment(actor: Actor, debtId: string, input: PaymentInput): Promise<{ id: string; debt: DebtView }> {
    const id = newId();
    const { result } = await recordChange(this.table, this.clock, debtId, actor, async () => {
      const debt = await this.mustFind(debtId);
      if (debt.status === 'closed') throw new ConflictError('the debt is closed');
      this.checkNotFuture(debt, input.date, 'date');
      const problem = paymentProblem(debt, input.amount);
      if (problem) throw new ValidationError(problem, [{ path: 'amount', message: problem }]);
      if (input.documentId) await this.checkDocument(debtId, input.documentId, ['payment_record', 'invoice']);
      const next: Debt = {
        ...debt,
        paid: formatMoney(parseMoney(debt.paid).plus(new Decimal(input.amount))),
        version: debt.version + 1,
        updatedAt: this.clock.now().toISOString(),
      };
      const payment = { id, ...input, recordedBy: actor.id, recordedAt: next.updatedAt };
      const { writes, snapshot } = await withLimitationRefresh(this.table, debtId, [
        { put: debtItem(next), condition: { attribute: 'version', equals: debt.version } },
        { put: { ...keys.payment(debtId, id), ...payment, ...paymentIndex(debtId, id, input.date) }, condition: { absent: true } },
      ]);
      return {
        action: 'payment.recorded',
        subject: `debt/${debtId}/payment/${id}`,
        details: { payment, paidBefore: debt.paid, paidAfter: next.paid },
        writes,
        result: { ...next, limitationSnapshot: snapshot },
      };
    });
    return { id, debt: await this.view(result) };
  }

  /** Records a limitation-relevant fact (demand, acknowledgement…); the engine weighs it later. */
  async recordLimitationEvent(actor: Actor, debtId: string, input: LimitationEventInput): Promise<Record<string, unknown>> {
    const id = newId();
    const { result } = await recordChange(this.table, this.clock, debtId, actor, async () => {
      const debt = await this.mustFind(debtId);
      this.checkNotFuture(debt, input.date, 'date');
      if (input.documentId) await this.checkDocument(debtId, input.documentId);
      if (input.deliveryProofId) await this.checkDocument(debtId, input.deliveryProofId, ['delivery_proof'], 'deliveryProofId');
      const event = { id, ...input, recordedBy: actor.id, recordedAs: actor.role, recordedAt: this.clock.now().toISOString() };
      const { writes } = await withLimitationRefresh(this.table, debtId, [{ put: { ...keys.limitationEvent(debtId, id), ...event }, condition: { absent: true } }]);
      return {
        action: 'limitation_event.recorded',
        subject: `debt/${debtId}/limitation-event/${id}`,
        details: { event },
        writes,
        result: event,
      };
    });
    return result;
  }

  private async mustFind(debtId: string): Promise<Debt> {
    const debt = await this.find(debtId);
    if (!debt) throw new NotFoundError('no such debt');
    return debt;
  }

  private checkNotFuture(debt: Debt, date: LegalDate, field: string): void {
    const today = legalDateAt(this.clock.now(), debt.timeZone);
    if (date > today) throw new ValidationError(`${date} is in the future (today is ${today} in ${debt.timeZone})`, [{ path: field, message: 'in the future' }]);
  }

  private async checkDocument(debtId: string, documentId: string, types?: string[], path = 'documentId'): Promise<void> {
    const document = await this.table.get(keys.document(debtId, documentId));
    const problem = !document
      ? 'no such document on this debt'
      : document.status === 'void'
        ? 'the document is void'
        : types && !types.includes(document.type as string)
          ? `the document must be of type ${types.join(' or ')}`
          : undefined;
    if (problem) throw new ValidationError(problem, [{ path, message: problem }]);
  }

  private async checkAssignees(assignees: { [K in keyof Assignees]?: string | null }): Promise<void> {
    const errors = [];
    for (const [slot, userId] of Object.entries(assignees) as Array<[keyof Assignees, string | null | undefined]>) {
      if (!userId) continue;
      const user = await findUser(this.table, userId);
      if (!user?.roles.includes(ASSIGNEE_ROLES[slot])) {
        errors.push({ path: `assignees.${slot}`, message: `${userId} is not a user with the ${ASSIGNEE_ROLES[slot]} role` });
      }
    }
    if (errors.length > 0) throw new ValidationError('unknown assignees', errors);
  }

  private listSource(user: Principal, query: DebtListQuery): { index: IndexName; partition: string; between?: [string, string] } {
    const seesAll = user.roles.some((role) => ROLES_SEEING_ALL_DEBTS.includes(role));
    if (!seesAll) return { index: 'byAssignee', partition: userPartition(user.id) };
    if (query.assignee) return { index: 'byAssignee', partition: userPartition(query.assignee) };
    if (query.expiringWithinDays !== undefined) {
      // The index sorts by expiry date; read exactly the window, whatever the time zone of a debt.
      const from = legalDateAt(new Date(this.clock.now().getTime() - 86_400_000), 'UTC');
      const to = legalDateAt(new Date(this.clock.now().getTime() + (query.expiringWithinDays + 1) * 86_400_000), 'UTC');
      return { index: 'byExpiry', partition: EXPIRY_PARTITION, between: [from, `${to}#\u{10FFFF}`] };
    }
    return { index: 'byKind', partition: KIND_DEBT };
  }
}

function debtIdOf(indexItem: TableItem): string {
  return (indexItem.debtId as string | undefined) ?? (indexItem.id as string);
}

/** One assignment item per assigned user, indexed by user; old ones removed. */
function assignmentWrites(debtId: string, before: Assignees, after: Assignees): TableWrite[] {
  const rolesOf = (assignees: Assignees) => {
    const byUser = new Map<string, string[]>();
    for (const [slot, userId] of Object.entries(assignees)) if (userId) byUser.set(userId, [...(byUser.get(userId) ?? []), slot].sort());
    return byUser;
  };
  const [old, current] = [rolesOf(before), rolesOf(after)];
  const writes: TableWrite[] = [];
  for (const userId of old.keys()) if (!current.has(userId)) writes.push({ delete: keys.assignee(debtId, userId) });
  for (const [userId, slots] of current) {
    if (old.get(userId)?.join() === slots.join()) continue;
    writes.push({ put: { ...keys.assignee(debtId, userId), debtId, userId, slots, gsi1pk: userPartition(userId), gsi1sk: `DEBT#${debtId}` } });
  }
  return writes;
}

function applyPatch(current: Debt, fields: Omit<PatchDebtInput, 'assignees' | 'status' | 'closeReason'>, assignees: PatchDebtInput['assignees'], now: string): Debt {
  const next: Record<string, unknown> = { ...current, version: current.version + 1, updatedAt: now };
  for (const [field, value] of Object.entries(fields)) {
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  const nextAssignees: Record<string, string> = { ...current.assignees };
  for (const [slot, userId] of Object.entries(assignees ?? {})) {
    if (userId === null) delete nextAssignees[slot];
    else if (userId !== undefined) nextAssignees[slot] = userId;
  }
  next.assignees = nextAssignees;
  return next as unknown as Debt;
}

/** Rules that span fields, checked on the debt as it would be after a patch. */
function checkConsistency(debt: Debt): void {
  const { principal, outstanding } = ledgerOf(debt);
  if (debt.principal !== undefined && debt.installments) {
    const total = formatMoney(debt.installments.reduce((sum, i) => sum.plus(parseMoney(i.amount)), new Decimal(0)));
    if (total !== debt.principal) throw new ValidationError(`the instalments add up to ${total}, not the principal ${debt.principal}`, [{ path: 'installments', message: 'do not add up' }]);
  }
  if (principal !== null && outstanding !== null && new Decimal(outstanding).isNegative()) {
    throw new ValidationError(`the principal ${principal} is less than the ${debt.paid} already paid`, [{ path: 'principal', message: 'below payments' }]);
  }
}

function diff(before: Debt, after: Debt): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (field === 'version' || field === 'updatedAt' || field === 'limitationSnapshot') continue;
    const [from, to] = [(before as unknown as Record<string, unknown>)[field], (after as unknown as Record<string, unknown>)[field]];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from: from ?? null, to: to ?? null };
  }
  return changes;
}

function matches(view: DebtView, query: DebtListQuery): boolean {
  if (query.status && view.status !== query.status) return false;
  if (query.assignee && !Object.values(view.assignees).includes(query.assignee)) return false;
  if (query.expiringWithinDays !== undefined) {
    const days = view.limitation.daysLeft;
    if (days === null || days < 0 || days > query.expiringWithinDays) return false;
  }
  return true;
}
