// Shared test fixtures: a product, loan terms and a migrated SQLite store.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "loan/product.h"
#include "servicing/loan_repository.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/support/store_count.h"
#include "tests/support/temp_dir.h"

namespace smecredit::servicing::testing_support {

inline const Timestamp kNow{std::chrono::seconds{1'700'000'000}};

inline Date day(const char* text) {
  return parse_date(text).value();
}
inline Money yuan(const char* text) {
  return Money::parse(text, kCny).value();
}

inline constexpr std::string_view kProductJson = R"({
  "code": "SME-CREDIT-12M", "version": 1, "currency": "CNY",
  "amount": {"min": "1000.00", "max": "1000000.00"},
  "term": {"min_installments": 12, "max_installments": 12},
  "security": {"type": "unsecured"},
  "repayment": {"method": "equal-installment", "frequency": "monthly",
    "interest": "per-period", "days_in_year": 365, "rounding": "half-even",
    "installment_multiple": 0, "grace_principal": 0, "grace_interest": 0},
  "fees": {"upfront": {"type": "percentage", "value": "1"},
           "per_installment": {"type": "fixed", "value": "0.00"}},
  "penalty": {"rate_multiplier": "1.5"},
  "allocation_order": ["penalty", "fees", "interest", "principal"],
  "prepayment": {"fee_percent": "0", "mode": "keep-term-lower-installment"},
  "apr_cap_percent": "24"})";

inline loan::LoanTerms terms_12m(const char* principal = "12000.00") {
  loan::LoanTerms terms;
  terms.product = loan::parse_product_json(kProductJson).value();
  terms.principal = yuan(principal);
  terms.annual_rate_percent = Decimal::from_int(12);
  terms.installments = 12;
  terms.start = day("2024-01-01");
  terms.first_due = day("2024-02-01");
  return terms;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::SqliteStore::open({.path = dir_.file("s.db")}).value();
    ASSERT_TRUE(store::migrate(*store_, store::builtin_migrations(), kNow).ok());
  }

  int64_t count(const std::string& sql) { return smecredit::testing::count_rows(*store_, sql); }

  // Loan "L-1" on terms_12m(), stored and not yet disbursed.
  int64_t create_12m_loan() {
    int64_t id = 0;
    EXPECT_TRUE(store_
                    ->transact(store::TxMode::kReadWrite,
                               [&](store::Transaction& tx) -> Status {
                                 SC_ASSIGN_OR_RETURN(id, create_loan(tx, "L-1", terms_12m(), kNow));
                                 return ok_status();
                               })
                    .ok());
    return id;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
};

}  // namespace smecredit::servicing::testing_support
