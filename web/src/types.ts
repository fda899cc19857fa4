import type { LimitationSummary } from './components/Limitation';

/** Shapes of API responses the pages read (DESIGN §4). */
export interface Debt {
  id: string;
  version: number;
  status: 'open' | 'handed_off' | 'closed';
  debtor: { name: string; uscc?: string; address?: string };
  project?: { name: string; kind: string };
  contractNo?: string;
  currency: string;
  principal?: string;
  dueDate?: string;
  assignees: { collector?: string; sales?: string; legal?: string };
  ledger: { principal: string | null; paid: string; outstanding: string | null; currency: string };
  limitation: LimitationSummary;
}

export interface EvidenceDocument {
  id: string;
  debtId: string;
  type: string;
  title?: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  version: number;
  supersedes?: string;
  supersededBy?: string;
  status: 'active' | 'void';
  voidReason?: string;
  uploadedBy: string;
  uploadedAs: string;
  uploadedAt: string;
  documentDate?: string;
  extraction: { status: string; reason?: string };
  signedByDebtor?: { method: string; at: string };
}

export interface AuditEvent {
  seq: number;
  at: string;
  actor: { id: string; role: string };
  action: string;
  subject: string;
  details: Record<string, unknown>;
  hash: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}
