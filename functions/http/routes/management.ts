import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { createBookSchema } from '../../core/management/books';
import { commissionRatesSchema } from '../../core/management/commission-rates';
import { indicatorParamsSchema, indicatorSchema } from '../../core/management/indicators';
import { keyObjectFilterSchema } from '../../core/management/key-objects';
import { agingDetailsQuerySchema, bookResponseSchema, bookSigningSchema, booksQuerySchema, commissionQuerySchema, commissionStatementSchema, monthlyQuerySchema, yearParamsSchema } from '../../core/management/schemas';
import { createUnitSchema } from '../../core/management/units';
import type { YearBandId } from '../../core/management/age';
import type { BookService } from '../../services/management/books';
import type { IndicatorService } from '../../services/management/indicators';
import type { ManagementReports } from '../../services/management/reports';
import { commissionRates, setCommissionRates } from '../../services/management/settings';
import type { UnitService } from '../../services/management/units';
import { monthlyCsv, monthlyWorkbook } from '../../services/management/workbook';
import type { Clock } from '../../ports/clock';
import type { Table } from '../../ports/table';
import { actorOf, type AppEnv } from '../env';
import { ONE_TIME_SECRET_HEADER } from '../middleware/idempotency';
import { anyJson, jsonBody, jsonContent, PROBLEMS } from '../openapi';
import { requestContext } from './documents';

const UNPROCESSABLE = { 409: PROBLEMS[400], 422: PROBLEMS[400] };
const bookParams = z.object({ bookId: z.uuid() });
const agingCell = z.object({ unitId: z.string(), currency: z.string(), band: z.string(), debts: z.number().int(), outstanding: z.string() });
const list = (description: string) => jsonContent(z.object({ items: z.array(anyJson) }), description);

const routes = {
  units: createRoute({ method: 'get', path: '/v1/units', responses: { 200: list('Organisation units'), ...PROBLEMS } }),
  createUnit: createRoute({ method: 'post', path: '/v1/units', request: { body: jsonBody(createUnitSchema) }, responses: { 201: jsonContent(anyJson, 'The unit'), ...UNPROCESSABLE, ...PROBLEMS } }),
  aging: createRoute({
    method: 'get',
    path: '/v1/management/aging',
    responses: { 200: jsonContent(z.object({ asOf: z.string(), cells: z.array(agingCell) }), 'Outstanding by arrears unit and year band (Art. 5)'), ...PROBLEMS },
  }),
  agingDetails: createRoute({ method: 'get', path: '/v1/management/aging/details', request: { query: agingDetailsQuerySchema }, responses: { 200: jsonContent(anyJson, 'The debts behind a cell'), ...PROBLEMS } }),
  rates: createRoute({ method: 'get', path: '/v1/management/commission-rates', responses: { 200: jsonContent(anyJson, 'Commission rates in force'), ...PROBLEMS } }),
  setRates: createRoute({ method: 'put', path: '/v1/management/commission-rates', request: { body: jsonBody(commissionRatesSchema) }, responses: { 200: jsonContent(anyJson, 'The new rates'), ...UNPROCESSABLE, ...PROBLEMS } }),
  commissions: createRoute({ method: 'get', path: '/v1/management/commissions', request: { query: commissionQuerySchema }, responses: { 200: jsonContent(commissionStatementSchema, 'Commission statement of a person and period'), ...PROBLEMS } }),
  books: createRoute({ method: 'get', path: '/v1/responsibility-books', request: { query: booksQuerySchema }, responses: { 200: jsonContent(z.object({ items: z.array(bookResponseSchema) }), 'Responsibility books in your scope'), ...PROBLEMS } }),
  createBook: createRoute({ method: 'post', path: '/v1/responsibility-books', request: { body: jsonBody(createBookSchema) }, responses: { 201: jsonContent(bookResponseSchema, 'The book with its progress'), ...UNPROCESSABLE, ...PROBLEMS } }),
  book: createRoute({ method: 'get', path: '/v1/responsibility-books/{bookId}', request: { params: bookParams }, responses: { 200: jsonContent(bookResponseSchema, 'The book with its progress'), ...PROBLEMS } }),
  signBook: createRoute({
    method: 'post',
    path: '/v1/responsibility-books/{bookId}/signing-requests',
    request: { params: bookParams, body: jsonBody(bookSigningSchema) },
    responses: { 201: jsonContent(anyJson, 'The signing request of the book (links shown this once) and the book'), ...UNPROCESSABLE, ...PROBLEMS },
  }),
  indicators: createRoute({ method: 'get', path: '/v1/management/indicators/{year}', request: { params: yearParamsSchema }, responses: { 200: list('Task indicators of the year'), ...PROBLEMS } }),
  setIndicator: createRoute({
    method: 'put',
    path: '/v1/management/indicators/{year}/{unitId}',
    request: { params: indicatorParamsSchema, body: jsonBody(indicatorSchema) },
    responses: { 200: jsonContent(anyJson, 'The indicator'), ...UNPROCESSABLE, ...PROBLEMS },
  }),
  monthly: createRoute({
    method: 'get',
    path: '/v1/management/monthly',
    request: { query: monthlyQuerySchema },
    responses: { 200: { description: 'Monthly statistics per unit and person: JSON {month, monthEnd, units[], persons[]}, an XLSX workbook or CSV (format=xlsx|csv)' }, ...PROBLEMS },
  }),
  keyObjects: createRoute({ method: 'get', path: '/v1/management/key-objects', request: { query: keyObjectFilterSchema }, responses: { 200: list('Key collection objects, highest score first'), ...PROBLEMS } }),
  legalQueue: createRoute({ method: 'get', path: '/v1/management/legal-queue', responses: { 200: list('Open debts ready or nearly ready to hand to legal'), ...PROBLEMS } }),
};

export interface ManagementServices {
  table: Table;
  clock: Clock;
  units: UnitService;
  books: BookService;
  indicators: IndicatorService;
  reports: ManagementReports;
}

/**
 * Debt-clearing management (the company's measures): units, books, indicators, rates, reports.
 *
 * @example
 * app.route('/', managementRoutes({ table, clock, units, books, indicators, reports }));
 */
export function managementRoutes(s: ManagementServices): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.units, async (c) => c.json({ items: await s.units.list() }, 200));
  app.openapi(routes.createUnit, async (c) => c.json(await s.units.create(actorOf(c), c.req.valid('json')), 201));
  app.openapi(routes.aging, async (c) => c.json(await s.reports.aging(), 200));
  app.openapi(routes.agingDetails, async (c) => {
    const { band, ...rest } = c.req.valid('query');
    return c.json(await s.reports.agingDetails({ ...rest, ...(band ? { band: band as YearBandId } : {}) }), 200);
  });
  app.openapi(routes.rates, async (c) => c.json(await commissionRates(s.table), 200));
  app.openapi(routes.setRates, async (c) => c.json(await setCommissionRates(s.table, s.clock, actorOf(c), c.req.valid('json')), 200));
  app.openapi(routes.commissions, async (c) => {
    const { person, from, to } = c.req.valid('query');
    return c.json(await s.reports.commissions(c.get('principal'), person, from, to), 200);
  });
  app.openapi(routes.books, async (c) => {
    const { overdue, responsibleId } = c.req.valid('query');
    return c.json({ items: await s.books.list(c.get('principal'), { ...(overdue === 'true' ? { overdue: true } : {}), ...(responsibleId ? { responsibleId } : {}) }) }, 200);
  });
  app.openapi(routes.createBook, async (c) => {
    const book = await s.books.create(actorOf(c), c.req.valid('json'));
    return c.json(book, 201, { location: `/v1/responsibility-books/${book.id}` });
  });
  app.openapi(routes.book, async (c) => c.json(await s.books.get(c.get('principal'), c.req.valid('param').bookId), 200));
  app.openapi(routes.signBook, async (c) => {
    const created = await s.books.requestSigning(c.get('principal'), c.req.valid('param').bookId, c.req.valid('json'), requestContext(c));
    return c.json(created, 201, { 'cache-control': 'no-store', [ONE_TIME_SECRET_HEADER]: 'links' });
  });
  app.openapi(routes.indicators, async (c) => c.json({ items: await s.indicators.ofYear(c.req.valid('param').year) }, 200));
  app.openapi(routes.setIndicator, async (c) => {
    const { year, unitId } = c.req.valid('param');
    return c.json(await s.indicators.set(actorOf(c), year, unitId, c.req.valid('json')), 200);
  });
  app.openapi(routes.monthly, async (c) => {
    const { month, format, lang } = c.req.valid('query');
    const stats = await s.reports.monthly(month);
    if (format === 'xlsx') {
      const bytes = await monthlyWorkbook(stats, lang);
      return new Response(bytes as Uint8Array<ArrayBuffer>, {
        status: 200,
        headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': `attachment; filename="debt-clearing-${month}.xlsx"` },
      });
    }
    if (format === 'csv') {
      return new Response(await monthlyCsv(stats, lang), { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="debt-clearing-${month}.csv"` } });
    }
    return c.json(stats, 200);
  });
  app.openapi(routes.keyObjects, async (c) => c.json(await s.reports.keyObjects(c.req.valid('query')), 200));
  app.openapi(routes.legalQueue, async (c) => c.json(await s.reports.legalQueue(), 200));
  return app;
}
