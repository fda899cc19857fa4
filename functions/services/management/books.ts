import Decimal from 'decimal.js';
import type { ResponsibilityBookData } from '../../../templates/responsibility-book';
import type { Debt } from '../../core/debt';
import { ledgerOf } from '../../core/debt';
import { NotFoundError, ValidationError } from '../../core/errors';
import { newId } from '../../core/ids';
import { legalDateAt, type LegalDate } from '../../core/legal-date';
import { type BookProgress, bookProgress, type CreateBookInput, type ResponsibilityBook } from '../../core/management/books';
import { formatMoney } from '../../core/money';
import { type Actor, type Principal, ROLES_SEEING_ALL_DEBTS } from '../../core/roles';
import type { CreateSigningRequestInput } from '../../core/signing';
import type { Clock } from '../../ports/clock';
import type { Table } from '../../ports/table';
import type { DebtService } from '../debts';
import type { RequestContext, SigningService } from '../signing';
import { debtPartition, KIND_BOOK, keys, SK_PREFIX, userPartition, withoutKeys } from '../table-layout';
import { findUser } from '../users';
import { checkUnitExists } from './units';

/** A book as the API shows it: the record, the debts it covers now, progress and signing state. */
export interface BookView extends ResponsibilityBook {
  debtIds: string[];
  progress: BookProgress;
  /** `draft` until signatures are asked for; `signed` once the sealed PDF is filed. */
  signingStatus: 'draft' | 'pending' | 'signed' | 'completed' | 'declined' | 'expired';
  /** The sealed PDF, the book's evidence. */
  evidenceDocumentId?: string;
}

/** What legal sends to have a book signed: who signs for the company, how, and in which language. */
export interface BookSigningInput {
  company: ResponsibilityBookData['company'];
  language: 'zh-CN' | 'en';
  mode: CreateSigningRequestInput['mode'];
  signers: CreateSigningRequestInput['signers'];
  department?: string;
  employeeNo?: string;
}

/**
 * Responsibility books (清欠责任书, the measures Art. 6–7): records with a responsible person, the
 * debts covered, target, period and terms; progress from the payments on those debts within the
 * period; signing through the responsibility-book template.
 */
export class BookService {
  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
    private readonly debts: DebtService,
    private readonly signing?: SigningService,
  ) {}

  /** Records a book; the responsible person must be a user, the covered debts or unit must exist. */
  async create(actor: Actor, input: CreateBookInput): Promise<BookView> {
    const responsible = await findUser(this.table, input.responsibleId);
    if (!responsible) throw new ValidationError(`no user ${input.responsibleId}`, [{ path: 'responsibleId', message: 'unknown user' }]);
    if ('unitId' in input.coverage) await checkUnitExists(this.table, input.coverage.unitId, 'coverage.unitId');
    else {
      const found = await this.table.getMany(input.coverage.debtIds.map((id) => keys.debt(id)));
      const missing = input.coverage.debtIds.filter((id) => !found.some((item) => item.id === id));
      if (missing.length) throw new ValidationError('unknown debts', missing.map((id) => ({ path: 'coverage.debtIds', message: `no debt ${id}` })));
    }
    const now = this.clock.now().toISOString();
    const book: ResponsibilityBook = { id: newId(), version: 1, responsibleName: responsible.name, ...input, createdAt: now, createdBy: actor.id, updatedAt: now };
    await this.table.transact([{ put: { ...keys.book(book.id), ...book, gsi4pk: KIND_BOOK, gsi4sk: book.id }, condition: { absent: true } }]);
    return this.view(book);
  }

  /** Books `user` may see: all for finance, admin, legal and auditors; collectors their own. */
  async list(user: Principal, filter: { overdue?: boolean; responsibleId?: string } = {}): Promise<BookView[]> {
    const views: BookView[] = [];
    for (const book of await this.all()) {
      if (!mayRead(user, book)) continue;
      if (filter.responsibleId && book.responsibleId !== filter.responsibleId) continue;
      const view = await this.view(book);
      if (filter.overdue && view.progress.state !== 'overdue') continue;
      views.push(view);
    }
    return views;
  }

  /** One book, or 404 outside the user's scope. */
  async get(user: Principal, bookId: string): Promise<BookView> {
    return this.view(await this.mustFind(user, bookId));
  }

  /** Every stored book (commission statements read them all). */
  async all(): Promise<ResponsibilityBook[]> {
    const books: ResponsibilityBook[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.table.queryIndex('byKind', KIND_BOOK, { limit: 1000, ...(cursor ? { cursor } : {}) });
      books.push(...page.items.map((item) => withoutKeys<ResponsibilityBook>(item)));
      cursor = page.cursor;
    } while (cursor);
    return books;
  }

  /** The debts a book covers now: the listed ones, or the unit's debts the person collects. */
  async coveredDebts(book: ResponsibilityBook): Promise<Debt[]> {
    if ('debtIds' in book.coverage) return (await this.table.getMany(book.coverage.debtIds.map((id) => keys.debt(id)))).map((item) => withoutKeys<Debt>(item));
    const unitId = book.coverage.unitId;
    const debtIds: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.table.queryIndex('byAssignee', userPartition(book.responsibleId), { limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const item of page.items) if ((item.slots as string[] | undefined)?.includes('collector')) debtIds.push(item.debtId as string);
      cursor = page.cursor;
    } while (cursor);
    const debts: Debt[] = [];
    for (let i = 0; i < debtIds.length; i += 100) debts.push(...(await this.table.getMany(debtIds.slice(i, i + 100).map((id) => keys.debt(id)))).map((item) => withoutKeys<Debt>(item)));
    return debts.filter((debt) => debt.unitId === unitId);
  }

  /** The book with its current coverage, progress on today's date and signing state. */
  async view(book: ResponsibilityBook): Promise<BookView> {
    const debts = await this.coveredDebts(book);
    const payments: Array<{ date: LegalDate; amount: string }> = [];
    for (const debt of debts) {
      const page = await this.table.query(debtPartition(debt.id), { limit: 1000, beginsWith: SK_PREFIX.payment });
      payments.push(...page.items.map((item) => ({ date: item.date as string, amount: item.amount as string })));
    }
    const today = legalDateAt(this.clock.now(), debts[0]?.timeZone);
    let signingStatus: BookView['signingStatus'] = 'draft';
    let evidenceDocumentId: string | undefined;
    if (book.signing) {
      const request = await this.table.get(keys.signingRequest(book.signing.debtId, book.signing.requestId));
      const status = request?.status as string | undefined;
      const expired = status === 'pending' && typeof request?.expiresAt === 'string' && request.expiresAt < this.clock.now().toISOString();
      signingStatus = expired ? 'expired' : ((status as BookView['signingStatus'] | undefined) ?? 'pending');
      evidenceDocumentId = (request?.completion as { documentId?: string } | undefined)?.documentId;
    }
    return {
      ...book,
      debtIds: debts.map((d) => d.id),
      progress: bookProgress(book, payments, today),
      signingStatus,
      ...(evidenceDocumentId ? { evidenceDocumentId } : {}),
    };
  }

  /**
   * Asks for the book to be signed: renders the responsibility-book template from the record (the
   * target spread over the covered debts in order, each up to its outstanding amount) as a signing
   * request on the first covered debt, whose sealed PDF becomes the book's evidence.
   */
  async requestSigning(user: Principal, bookId: string, input: BookSigningInput, context: RequestContext) {
    if (!this.signing) throw new NotFoundError('signing is not configured on this service');
    const book = await this.mustFind(user, bookId);
    const debts = (await this.coveredDebts(book)).filter((debt) => debt.status !== 'closed').slice(0, 200);
    const anchor = debts[0];
    if (!anchor) throw new ValidationError('the book covers no open debt to sign it on', [{ path: 'coverage', message: 'no open debt' }]);
    let remaining = new Decimal(book.target);
    const rows = debts.map((debt) => {
      const outstanding = new Decimal(ledgerOf(debt).outstanding ?? '0').clampedTo(0, Infinity);
      const target = Decimal.min(outstanding, remaining);
      remaining = remaining.minus(target);
      return { debtor: debt.debtor.name, ...(debt.contractNo ? { contractNo: debt.contractNo } : {}), outstanding: formatMoney(outstanding), target: formatMoney(target), targetDate: book.deadline };
    });
    const data = {
      company: input.company,
      responsible: { name: book.responsibleName, ...(input.department ? { department: input.department } : {}), ...(input.employeeNo ? { employeeNo: input.employeeNo } : {}) },
      periodFrom: book.periodStart,
      periodTo: book.deadline,
      currency: book.currency,
      debts: rows,
      ...(book.rewardTerms ? { rewards: book.rewardTerms } : {}),
      ...(book.penaltyTerms ? { penalties: book.penaltyTerms } : {}),
    };
    const created = await this.signing.create(user, anchor, { template: `responsibility-book.${input.language}`, data, signers: input.signers, mode: input.mode }, context);
    const next: ResponsibilityBook = { ...book, version: book.version + 1, signing: { debtId: anchor.id, requestId: created.id }, updatedAt: this.clock.now().toISOString() };
    await this.table.transact([{ put: { ...keys.book(book.id), ...next, gsi4pk: KIND_BOOK, gsi4sk: book.id }, condition: { attribute: 'version', equals: book.version } }]);
    return { book: await this.view(next), signingRequest: created };
  }

  private async mustFind(user: Principal, bookId: string): Promise<ResponsibilityBook> {
    const item = await this.table.get(keys.book(bookId));
    const book = item && withoutKeys<ResponsibilityBook>(item);
    if (!book || !mayRead(user, book)) throw new NotFoundError('no such responsibility book');
    return book;
  }
}

function mayRead(user: Principal, book: ResponsibilityBook): boolean {
  return user.roles.some((role) => ROLES_SEEING_ALL_DEBTS.includes(role)) || book.responsibleId === user.id;
}
