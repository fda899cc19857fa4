/**
 * The fields debt-clearing management adds to a debt (the measures, Art. 5–6; work plan (4)).
 * Kept apart from `debt.ts` so the management rules can grow without touching the debt itself.
 */

/** Risk flags on the debtor that raise a debt on the key-objects list. */
export const DEBTOR_RISK_FLAGS = ['financial_difficulty', 'malicious_evasion', 'litigation_against_debtor', 'enforcement_list', 'contact_lost'] as const;
export type DebtorRiskFlag = (typeof DEBTOR_RISK_FLAGS)[number];

/**
 * Where the project stands. `completed_pending_settlement` (已完工待结算): the measures reward
 * recoveries on such projects at 5‰ instead of the age bands (Art. 6).
 */
export const PROJECT_STAGES = ['in_progress', 'completed_pending_settlement', 'settled'] as const;
export type ProjectStage = (typeof PROJECT_STAGES)[number];

export interface ManagementFields {
  /** The organisation unit (company, subsidiary, project department) the debt belongs to. */
  unitId?: string;
  /** When the unit expects to recover it (Art. 5: "the expected recovery time"). */
  expectedRecoveryDate?: string;
  projectStage?: ProjectStage;
  riskFlags?: DebtorRiskFlag[];
}
