#include "store/migrations.h"

#include <array>
#include <cstdlib>
#include <string>

namespace smecredit::store {

namespace {

// Scripts are portable SQL but for dialect-specific pieces: `{{identity}}`
// stands for an auto-assigned 64-bit primary key, `{{key}}` for a 64-bit
// primary key the writer gives (SQLite: the rowid), `{{bytes}}` for a byte
// string column (BLOB / BYTEA), and a
// migration's `sqlite_extra` / `postgres_extra` carry what only one dialect
// can say (triggers).

// 0001: the platform's cross-cutting tables. The outbox of events written in
// the same transaction as every state change; stored responses for retried
// commands (Idempotency-Key); the audit trail of who changed what.
constexpr std::string_view kFoundation = R"sql(
CREATE TABLE events (
  id {{identity}},
  aggregate_type TEXT NOT NULL,
  aggregate_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  occurred_at TEXT NOT NULL
);
CREATE INDEX events_by_aggregate ON events (aggregate_type, aggregate_id);
CREATE TABLE idempotency_keys (
  principal TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  response_status INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (principal, idempotency_key)
);
CREATE TABLE audit_log (
  id {{identity}},
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  before_state TEXT,
  after_state TEXT,
  occurred_at TEXT NOT NULL
);
)sql";

// 0002: the double-entry journal (src/ledger). Append-only: triggers refuse
// UPDATE and DELETE, so corrections can only be reversal entries.
constexpr std::string_view kJournal = R"sql(
CREATE TABLE journal_entries (
  id {{identity}},
  subledger TEXT NOT NULL,
  source_ref TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  value_date TEXT NOT NULL,
  currency TEXT NOT NULL,
  reverses TEXT,
  booked_at TEXT NOT NULL
);
CREATE INDEX journal_entries_by_subledger ON journal_entries (subledger, id);
CREATE INDEX journal_entries_by_value_date ON journal_entries (value_date);
CREATE TABLE journal_postings (
  entry_id BIGINT NOT NULL REFERENCES journal_entries (id),
  line INTEGER NOT NULL,
  account TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('debit', 'credit')),
  amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
  PRIMARY KEY (entry_id, line)
);
)sql";

constexpr std::string_view kJournalSqliteTriggers = R"sql(
CREATE TRIGGER journal_entries_no_update BEFORE UPDATE ON journal_entries
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_entries_no_delete BEFORE DELETE ON journal_entries
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_postings_no_update BEFORE UPDATE ON journal_postings
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_postings_no_delete BEFORE DELETE ON journal_postings
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
)sql";

constexpr std::string_view kJournalPostgresTriggers = R"sql(
CREATE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN RAISE EXCEPTION 'the journal is append-only'; END $$;
CREATE TRIGGER journal_entries_append_only BEFORE UPDATE OR DELETE ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION journal_append_only();
CREATE TRIGGER journal_postings_append_only BEFORE UPDATE OR DELETE ON journal_postings
  FOR EACH ROW EXECUTE FUNCTION journal_append_only();
)sql";

// 0003: the verifiable log (src/scf/log). No triggers here: tampering is
// what the Merkle tree and the auditor detect.
constexpr std::string_view kVerifiableLog = R"sql(
CREATE TABLE log_entries (
  idx BIGINT PRIMARY KEY,
  entry {{bytes}} NOT NULL,
  appended_at TEXT NOT NULL
);
CREATE TABLE log_checkpoints (
  tree_size BIGINT PRIMARY KEY,
  hash TEXT NOT NULL,
  root {{bytes}} NOT NULL,
  issued_at TEXT NOT NULL,
  public_key {{bytes}} NOT NULL,
  signature {{bytes}} NOT NULL
);
)sql";

// 0004: loan servicing (src/servicing). A loan row holds its terms as
// canonical JSON and the latest servicing summary (status, days past due,
// class) under optimistic row_version; its transactions are append-only facts
// the state is a fold over. eod_progress marks a loan done for a business
// date in the same transaction as its end-of-day changes; eod_runs records
// dates whose every loan is done.
constexpr std::string_view kLoanServicing = R"sql(
CREATE TABLE loans (
  id {{identity}},
  external_id TEXT NOT NULL UNIQUE,
  product_code TEXT NOT NULL,
  product_version INTEGER NOT NULL,
  terms TEXT NOT NULL,
  status TEXT NOT NULL,
  days_past_due BIGINT NOT NULL,
  loan_class TEXT NOT NULL,
  row_version BIGINT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX loans_by_status ON loans (status, id);
CREATE TABLE loan_transactions (
  loan_id BIGINT NOT NULL REFERENCES loans (id),
  id BIGINT NOT NULL,
  sequence BIGINT NOT NULL,
  kind TEXT NOT NULL,
  value_date TEXT NOT NULL,
  payload TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (loan_id, id),
  UNIQUE (loan_id, sequence)
);
CREATE TABLE eod_progress (
  business_date TEXT NOT NULL,
  loan_id BIGINT NOT NULL,
  PRIMARY KEY (business_date, loan_id)
);
CREATE TABLE eod_runs (
  business_date TEXT PRIMARY KEY,
  loans BIGINT NOT NULL,
  completed_at TEXT NOT NULL
);
)sql";

// 0005: API credentials (src/api/auth.h). Only a SHA-256 of each key's
// secret is kept; a revoked key keeps its row for the audit trail.
constexpr std::string_view kAccess = R"sql(
CREATE TABLE api_keys (
  key_id TEXT PRIMARY KEY,
  secret_sha256 TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('partner', 'officer', 'auditor', 'admin')),
  name TEXT NOT NULL,
  partner_id TEXT,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
)sql";

// 0006: origination (src/origination). Personal data is sealed
// (security/sealed.h) before it reaches these tables. An application row
// carries its whole journey (decision, offer, contract, signatures,
// collateral) under one stage column and an optimistic row_version;
// disbursements has at most one row per application, which is what makes a
// contract disburse exactly once through retries and duplicate callbacks;
// bank_payments keeps each incoming payment's bank reference once, so a
// duplicated payment callback cannot repay twice.
constexpr std::string_view kOrigination = R"sql(
CREATE TABLE enterprises (
  id TEXT PRIMARY KEY,
  uscc TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  industry TEXT NOT NULL,
  region TEXT NOT NULL,
  personal_sealed TEXT NOT NULL,
  borrower_public_key TEXT,
  referred_by TEXT,
  kyc_status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  row_version BIGINT NOT NULL
);
CREATE TABLE applications (
  id TEXT PRIMARY KEY,
  enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
  product_code TEXT NOT NULL,
  product_version INTEGER NOT NULL,
  requested_minor BIGINT NOT NULL,
  installments INTEGER NOT NULL,
  purpose TEXT NOT NULL,
  stage TEXT NOT NULL,
  decision TEXT,
  limit_minor BIGINT,
  rate_percent TEXT,
  offer TEXT,
  offer_expires_at TEXT,
  contract_sha256 TEXT,
  contract_text TEXT,
  borrower_signature TEXT,
  platform_signature TEXT,
  signed_at TEXT,
  collateral TEXT,
  review TEXT,
  loan_id BIGINT,
  submitted_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  row_version BIGINT NOT NULL
);
CREATE INDEX applications_by_stage ON applications (stage, submitted_at);
CREATE INDEX applications_by_enterprise ON applications (enterprise_id);
CREATE TABLE disbursements (
  application_id TEXT PRIMARY KEY REFERENCES applications (id),
  amount_minor BIGINT NOT NULL,
  account_sealed TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'confirmed', 'failed')),
  attempts INTEGER NOT NULL,
  bank_reference TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX disbursements_by_state ON disbursements (state, updated_at);
CREATE TABLE bank_payments (
  reference TEXT PRIMARY KEY,
  loan_id BIGINT NOT NULL REFERENCES loans (id),
  amount_minor BIGINT NOT NULL,
  received_at TEXT NOT NULL
);
)sql";

// 0007: consents (授权) for data pulls (src/connectors), the pull log (who, what, when,
// why, outcome) and the last applied payload of each enterprise section.
constexpr std::string_view kConnectors = R"sql(
CREATE TABLE consents (
  id {{identity}},
  enterprise_id TEXT NOT NULL,
  scopes TEXT NOT NULL,
  purpose TEXT NOT NULL,
  token TEXT NOT NULL,
  granted_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT,
  row_version BIGINT NOT NULL
);
CREATE INDEX consents_by_enterprise ON consents (enterprise_id, purpose, id);
CREATE TABLE data_pulls (
  id {{identity}},
  consent_id BIGINT REFERENCES consents (id),
  actor TEXT NOT NULL,
  enterprise_id TEXT NOT NULL,
  section TEXT NOT NULL,
  purpose TEXT NOT NULL,
  connector TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  outcome TEXT NOT NULL,
  reason TEXT NOT NULL,
  attempts BIGINT NOT NULL
);
CREATE INDEX data_pulls_by_enterprise ON data_pulls (enterprise_id, id);
CREATE TABLE enterprise_data (
  enterprise_id TEXT NOT NULL,
  section TEXT NOT NULL,
  payload TEXT NOT NULL,
  source TEXT NOT NULL,
  pulled_at TEXT NOT NULL,
  PRIMARY KEY (enterprise_id, section)
);
)sql";

// 0008: webhooks (src/api/webhooks.h): partners' subscriptions to the events
// feed, each with its own cursor, its sealed signing secret and its retry
// state, and a log of every delivery attempt.
constexpr std::string_view kWebhooks = R"sql(
CREATE TABLE webhook_subscriptions (
  id {{identity}},
  owner TEXT NOT NULL,
  url TEXT NOT NULL,
  secret_sealed TEXT NOT NULL,
  event_prefix TEXT NOT NULL,
  cursor BIGINT NOT NULL,
  failures INTEGER NOT NULL,
  next_attempt_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE webhook_deliveries (
  id {{identity}},
  subscription_id BIGINT NOT NULL REFERENCES webhook_subscriptions (id),
  event_id BIGINT NOT NULL,
  status INTEGER NOT NULL,
  error TEXT NOT NULL,
  attempted_at TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (subscription_id, id);
)sql";

// 0009: relief requests (src/servicing/relief.h): extensions and waivers a
// borrower asks for and an officer decides.
constexpr std::string_view kRelief = R"sql(
CREATE TABLE relief_requests (
  id {{identity}},
  loan_id BIGINT NOT NULL REFERENCES loans (id),
  terms TEXT NOT NULL,
  reason TEXT NOT NULL,
  stage TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  decided_by TEXT,
  decided_at TEXT,
  decision_reason TEXT
);
CREATE INDEX relief_requests_by_stage ON relief_requests (stage, id);
)sql";

// 0010: the canonical decision record of an application, written once when
// the application is decided and read only by staff and replay — kept out of
// the row every later stage change rewrites.
constexpr std::string_view kDecisionRecords = R"sql(
ALTER TABLE applications ADD COLUMN decision_record TEXT;
)sql";

// 0011: the core enterprises' settlement payments for receivable vouchers,
// as the bank reports them (one row per bank reference), and which log entry
// settled each.
constexpr std::string_view kVoucherFunds = R"sql(
CREATE TABLE scf_settlement_funds (
  reference TEXT PRIMARY KEY,
  voucher TEXT NOT NULL,
  amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
  received_at TEXT NOT NULL,
  settled_by_index BIGINT
);
CREATE INDEX scf_settlement_funds_by_voucher ON scf_settlement_funds (voucher);
)sql";

// 0012: decisions taken in shadow by the arm of a champion/challenger
// experiment that did not decide: recorded beside the one that did.
constexpr std::string_view kShadowDecisions = R"sql(
CREATE TABLE shadow_decisions (
  application_id TEXT PRIMARY KEY REFERENCES applications (id),
  arm TEXT NOT NULL,
  record TEXT NOT NULL
);
)sql";

// 0013: the end of day keeps one cursor per business date — the last loan id
// done and how many — written in each chunk's transaction, instead of a row
// per loan and date (loans are processed in id order, so the cursor says
// exactly which are done). Accruals (one per loan per day, no payload) move
// to a table of their own, so the end of day reads a loan's other
// transactions and its latest accrual without wading through a year of them.
constexpr std::string_view kEodCursor = R"sql(
CREATE TABLE eod_cursor (
  business_date TEXT PRIMARY KEY,
  last_loan_id BIGINT NOT NULL,
  loans_done BIGINT NOT NULL
);
INSERT INTO eod_cursor (business_date, last_loan_id, loans_done)
  SELECT business_date, MAX(loan_id), COUNT(*) FROM eod_progress GROUP BY business_date;
DROP TABLE eod_progress;
CREATE TABLE loan_accruals (
  loan_id BIGINT NOT NULL REFERENCES loans (id),
  id BIGINT NOT NULL,
  sequence BIGINT NOT NULL,
  value_date TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (loan_id, id)
);
INSERT INTO loan_accruals (loan_id, id, sequence, value_date, recorded_at)
  SELECT loan_id, id, sequence, value_date, recorded_at FROM loan_transactions
  WHERE kind IN ('accrual', 'penalty-accrual');
DELETE FROM loan_transactions WHERE kind IN ('accrual', 'penalty-accrual');
)sql";

// 0014: accruals become the loans' accrual sub-ledger. Each row keeps what
// the accrual recognised (interest, fees, penalty, in its loan's currency);
// the journal gets their sums per end-of-day chunk instead of an entry per
// loan and day. Rows written before this migration have no amounts: their
// entries are in the journal under the loan's own subledger. The history is
// keyed by date first, so a day's accruals append at the end of the table
// instead of landing on every loan's page; a loan's history is read by date.
// loan_accrual_heads holds each loan's latest accrual, updated in place, for
// the end of day's next fold. A loan's terms (written once) move to
// loan_terms, so the loans row the end of day updates (status, days past
// due, class) is a few dozen bytes, not a kilobyte of JSON; and each product
// text is stored once in loan_products, the terms holding only the loan's
// own fields (terms moved here from older loans keep their product inline,
// product_id NULL).
constexpr std::string_view kAccrualSubledger = R"sql(
ALTER TABLE loan_accruals RENAME TO loan_accruals_13;
CREATE TABLE loan_accruals (
  value_date TEXT NOT NULL,
  loan_id BIGINT NOT NULL REFERENCES loans (id),
  id BIGINT NOT NULL,
  sequence BIGINT NOT NULL,
  currency TEXT,
  interest_minor BIGINT,
  fees_minor BIGINT,
  penalty_minor BIGINT,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (value_date, loan_id, id),
  CHECK ((currency IS NULL) = (interest_minor IS NULL)
    AND (currency IS NULL) = (fees_minor IS NULL)
    AND (currency IS NULL) = (penalty_minor IS NULL))
);
INSERT INTO loan_accruals (value_date, loan_id, id, sequence, recorded_at)
  SELECT value_date, loan_id, id, sequence, recorded_at FROM loan_accruals_13;
CREATE TABLE loan_accrual_heads (
  loan_id {{key}} REFERENCES loans (id),
  id BIGINT NOT NULL,
  sequence BIGINT NOT NULL,
  value_date TEXT NOT NULL
);
INSERT INTO loan_accrual_heads (loan_id, id, sequence, value_date)
  SELECT a.loan_id, a.id, a.sequence, a.value_date FROM loan_accruals_13 a
  WHERE a.id = (SELECT MAX(b.id) FROM loan_accruals_13 b WHERE b.loan_id = a.loan_id);
DROP TABLE loan_accruals_13;
CREATE TABLE loan_products (
  id {{identity}},
  product TEXT NOT NULL UNIQUE
);
CREATE TABLE loan_terms (
  loan_id {{key}} REFERENCES loans (id),
  product_id BIGINT REFERENCES loan_products (id),
  terms TEXT NOT NULL
);
INSERT INTO loan_terms (loan_id, terms) SELECT id, terms FROM loans;
ALTER TABLE loans DROP COLUMN terms;
)sql";

constexpr std::array<Migration, 14> kBuiltin{{
    {1, "foundation_events_idempotency_audit", kFoundation},
    {2, "journal", kJournal, kJournalSqliteTriggers, kJournalPostgresTriggers},
    {3, "verifiable_log", kVerifiableLog},
    {4, "loan_servicing", kLoanServicing},
    {5, "access", kAccess},
    {6, "origination", kOrigination},
    {7, "connectors_consents_pulls", kConnectors},
    {8, "webhooks", kWebhooks},
    {9, "relief_requests", kRelief},
    {10, "decision_records", kDecisionRecords},
    {11, "scf_settlement_funds", kVoucherFunds},
    {12, "shadow_decisions", kShadowDecisions},
    {13, "eod_cursor", kEodCursor},
    {14, "accrual_subledger", kAccrualSubledger},
}};

constexpr std::string_view kCreateBookkeeping =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL)";

// The migration's script for a dialect: placeholders filled, extras appended.
std::string dialect_script(const Migration& m, std::string_view dialect) {
  const bool postgres = dialect == "postgres";
  const std::pair<std::string_view, std::string_view> placeholders[] = {
      {"{{identity}}",
       postgres ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY"},
      {"{{key}}", postgres ? "BIGINT PRIMARY KEY" : "INTEGER PRIMARY KEY"},
      {"{{bytes}}", postgres ? "BYTEA" : "BLOB"},
  };
  std::string script(m.sql);
  for (const auto& [placeholder, replacement] : placeholders) {
    for (size_t at = script.find(placeholder); at != std::string::npos;
         at = script.find(placeholder, at + replacement.size())) {
      script.replace(at, placeholder.size(), replacement);
    }
  }
  script += postgres ? m.postgres_extra : m.sqlite_extra;
  return script;
}

void check_ordered(std::span<const Migration> migrations) {
  int previous = 0;
  for (const Migration& m : migrations) {
    if (m.version <= previous) {
      std::fputs("smecredit: migrations must have strictly increasing versions\n", stderr);
      std::abort();
    }
    previous = m.version;
  }
}

Status refuse_unknown_versions(Store& store, int latest_known) {
  return store.transact(TxMode::kReadOnly, [&](Transaction& tx) -> Status {
    SC_ASSIGN_OR_RETURN(Rows rows, tx.query("SELECT MAX(version) FROM schema_migrations", {}));
    if (rows.empty() || rows[0].is_null(0)) return ok_status();
    if (rows[0].integer(0) > latest_known) {
      return Error{ErrorCode::kFailedPrecondition,
                   "database schema version " + std::to_string(rows[0].integer(0)) +
                       " is newer than this build knows (" + std::to_string(latest_known) + ")"};
    }
    return ok_status();
  });
}

// Applies one migration unless recorded; returns whether it applied it.
Result<bool> apply_one(Store& store, const Migration& m, const std::string& applied_at) {
  bool applied = false;
  Status status = store.transact(TxMode::kReadWrite, [&](Transaction& tx) -> Status {
    SC_ASSIGN_OR_RETURN(Rows rows, tx.query("SELECT name FROM schema_migrations WHERE version = ?",
                                            {int64_t{m.version}}));
    if (!rows.empty()) {
      if (rows[0].text(0) != m.name) {
        return Error{ErrorCode::kFailedPrecondition, "migration " + std::to_string(m.version) +
                                                         " is recorded as '" + rows[0].text(0) +
                                                         "' but this build calls it '" +
                                                         std::string(m.name) + "'"};
      }
      return ok_status();
    }
    SC_RETURN_IF_ERROR(tx.execute_script(dialect_script(m, store.dialect())));
    SC_RETURN_IF_ERROR(
        tx.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                   {int64_t{m.version}, std::string(m.name), applied_at}));
    applied = true;
    return ok_status();
  });
  if (!status.ok()) return status.error();
  return applied;
}

}  // namespace

std::span<const Migration> builtin_migrations() {
  return kBuiltin;
}

Result<int> migrate(Store& store, std::span<const Migration> migrations, Timestamp now) {
  check_ordered(migrations);
  SC_RETURN_IF_ERROR(store.transact(
      TxMode::kReadWrite, [](Transaction& tx) { return tx.execute_script(kCreateBookkeeping); }));
  const int latest_known = migrations.empty() ? 0 : migrations.back().version;
  SC_RETURN_IF_ERROR(refuse_unknown_versions(store, latest_known));
  const std::string applied_at = format_timestamp(now);
  int applied = 0;
  for (const Migration& m : migrations) {
    SC_ASSIGN_OR_RETURN(bool did_apply, apply_one(store, m, applied_at));
    if (did_apply) ++applied;
  }
  return applied;
}

}  // namespace smecredit::store
