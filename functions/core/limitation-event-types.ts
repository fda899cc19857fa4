/**
 * Limitation-relevant facts a collector or legal records (DESIGN §4 `POST /v1/debts/{id}/events`).
 * Kept in a module of its own, free of dependencies, so the web app can offer the same list.
 */
export const LIMITATION_EVENT_TYPES = [
  'demand',
  'acknowledgement',
  'partial_payment',
  'repayment_plan',
  'suit_filed',
  'arbitration_filed',
  'payment_order',
  /** The end of a suit, arbitration or payment order without a judgment on the merits (撤诉, 驳回起诉, 支付令失效). */
  'proceedings_ended',
  'suspension_start',
  'suspension_end',
] as const;
export type LimitationEventType = (typeof LIMITATION_EVENT_TYPES)[number];
