import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { claimSheetQuerySchema, interestQuerySchema } from '../../core/schemas';
import type { LedgerService } from '../../services/ledger';
import type { AppEnv } from '../env';
import { anyJson, idParams, jsonContent, PROBLEMS } from '../openapi';

const routes = {
  ledger: createRoute({
    method: 'get',
    path: '/v1/debts/{id}/ledger',
    request: { params: idParams },
    responses: {
      200: jsonContent(
        anyJson.openapi('Ledger'),
        '{currency, claimedPrincipal, basis{kind: settlement|contract|none, amount, lines[], explanation[]}, difference, payments[{…, evidenced}], paid, outstanding, outstandingOnBasis}',
      ),
      ...PROBLEMS,
    },
  }),
  interest: createRoute({
    method: 'get',
    path: '/v1/debts/{id}/interest',
    request: { params: idParams, query: interestQuerySchema },
    responses: {
      200: jsonContent(anyJson.openapi('Interest'), '{asOf, terms, currency, principal, paidByAsOf, outstandingPrincipal, interest, total, segments[{dueDate, from, to, days, principal, annualRate, interest}], explanation[], warnings[]}'),
      422: PROBLEMS[400],
      ...PROBLEMS,
    },
  }),
  claimSheet: createRoute({
    method: 'get',
    path: '/v1/debts/{id}/claim-sheet',
    request: { params: idParams, query: claimSheetQuerySchema },
    responses: {
      200: jsonContent(
        anyJson.openapi('ClaimSheet'),
        '诉讼请求计算表: {currency, asOf, terms, principal, tranches[], payments[], paid, outstandingPrincipal, segments[{…, annualRate, rateSource}], interest, total, interestUnavailable?, courtFee?{claimAmount, procedure, bands[], fullFee, fee, basis}, explanation[], warnings[]}',
      ),
      422: PROBLEMS[400],
      ...PROBLEMS,
    },
  }),
};

/** The ledger of a debt (basis from reviewed amounts, payments, outstanding) and late-payment interest. */
export function ledgerRoutes(ledger: LedgerService): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.ledger, async (c) => c.json(await ledger.ledger(c.get('debt')), 200));
  app.openapi(routes.interest, async (c) => c.json(await ledger.interest(c.get('debt'), c.req.valid('query')), 200));
  app.openapi(routes.claimSheet, async (c) => c.json(await ledger.claimSheet(c.get('debt'), c.req.valid('query')), 200));
  return app;
}
