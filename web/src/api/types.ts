// The shapes of the /v1 answers the console reads (docs/api.md; the served
// /openapi.json lists every route). Amounts are exact decimal strings of
// yuan ("4442.44"); the console never turns them into floating point.

export type Role = "borrower" | "partner" | "officer" | "auditor" | "admin";

export interface Session {
  subject: string;
  role: Role;
  enterprise_id?: string;
  partner_id?: string;
}

export interface Enterprise {
  id: string;
  uscc: string;
  name: string;
  kind: string;
  industry: string;
  region: string;
  kyc_status: string;
  legal_rep: { name: string; id_number: string; phone: string };
  bank_account: string;
  has_signing_key: boolean;
  created_at: string;
  borrower_token?: string;
}

export interface Product {
  code: string;
  version: number;
  currency: string;
  min_amount: string;
  max_amount: string;
  min_installments: number;
  max_installments: number;
  secured: boolean;
  apr_cap_percent: string;
}

export interface Reason {
  code: string;
  text: string;
}

export interface Factor {
  model: string;
  feature: string;
  text: string;
  contribution: number;
}

export interface Decision {
  outcome: "approve" | "decline" | "refer";
  decision_id: string;
  limit: string;
  annual_rate_percent: string;
  reasons: Reason[];
  factors: Factor[];
}

export interface OfferInstallment {
  number: number;
  due_date: string;
  principal: string;
  interest: string;
  fees: string;
  total: string;
  balance: string;
}

export interface Offer {
  id: string;
  product_code: string;
  amount: string;
  annual_rate_percent: string;
  apr_percent: string;
  installments: number;
  upfront_fee: string;
  start: string;
  first_due: string;
  expires_at: string;
  schedule: OfferInstallment[];
  total_interest: string;
}

export interface Application {
  id: string;
  enterprise_id: string;
  product_code: string;
  requested: string;
  installments: number;
  purpose: string;
  stage: string;
  allowed_actions: string[];
  decision?: Decision;
  offer?: Offer;
  contract?: { id: string; sha256: string; signed_at?: string };
  review?: { officer: string; decision: string; reason: string };
  loan_id?: string;
  submitted_at: string;
  updated_at: string;
}

export interface Contract {
  id: string;
  sha256: string;
  signing_message: string;
  text: string;
}

export interface Loan {
  id: string;
  product_code: string;
  status: string;
  as_of: string;
  principal: string;
  annual_rate_percent: string;
  principal_outstanding: string;
  interest_outstanding: string;
  fees_outstanding: string;
  penalty_outstanding: string;
  days_past_due: number;
  loan_class: string;
  next_due?: { date: string; amount: string };
  closed: boolean;
}

export interface LoanInstallment {
  number: number;
  due_date: string;
  principal: string;
  interest: string;
  fees: string;
  paid: string;
  status: string;
}

export interface StatementLine {
  kind: string;
  value_date: string;
  amount?: string;
  [key: string]: unknown;
}

export interface Statement {
  opening: Record<string, string>;
  closing: Record<string, string>;
  transactions: StatementLine[];
}

export interface CreditReport {
  enterprise_id: string;
  as_of_month: string;
  registration: { founded: string; registered_capital: string; declared_employees: number };
  activity: Record<string, { last_12m: string; previous_12m: string }>;
  events: Record<string, { last_12m: number; last_36m: number; amount_36m: string }>;
  relationships: {
    guarantees_given: number;
    guarantees_received: number;
    mutual_guarantees: number;
    guarantee_circle_size: number;
    trade_partners: number;
    edges: { type: string; counterparty: string; direction: "in" | "out" }[];
  };
  consistency: { score: number; flags: { code: string; severity: string; detail: string }[] };
  decision?: { outcome: string; score?: string; grade?: string; pd?: string; reasons: Reason[] };
}

export interface DecisionRecord {
  policy: string;
  arm?: string;
  input_sha256: string;
  trace: { step: string; note: string }[];
  [key: string]: unknown;
}

export interface CountRow {
  count?: number;
  loans?: number;
  amount?: string;
  principal?: string;
  date?: string;
  bucket?: string;
  class?: string;
}

export interface PortfolioSummary {
  as_of: string;
  active_loans: number;
  outstanding_principal: string;
  npl_ratio: string;
  approval_rate: string;
  applications: { total: number; approved: number; declined: number; pending: number };
  disbursements_by_day: { date: string; count: number; amount: string }[];
  dpd_buckets: { bucket: string; loans: number; principal: string }[];
  classification: { class: string; loans: number; principal: string }[];
  time_to_cash: {
    p50_ms: number;
    p90_ms: number;
    buckets: { below_seconds?: number; from_seconds?: number; count: number }[];
  };
}

export interface Piece {
  id: string;
  parent?: string;
  holder: string;
  amount_fen: number;
  status: string;
  financing?: { funder: string; approved: boolean; discount_fen: number; net_proceeds_fen: number };
}

export interface LoggedOperation {
  index: number;
  op: string;
  actor: string;
  date: string;
  piece?: string;
}

export interface Voucher {
  id: string;
  issuer: string;
  supplier: string;
  amount_fen: number;
  issued_on: string;
  maturity: string;
  state: string;
  lineage: Piece[];
  log: LoggedOperation[];
}

export interface Checkpoint {
  hash: string;
  tree_size: number;
  root: string;
  public_key: string;
  signature: string;
  signed_text: string;
}
