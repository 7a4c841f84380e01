// Canonical JSON text of loan terms and of transaction payloads, for storage.
//
// Terms are written as {"product":{...},"principal":"12000.00",
// "annual_rate_percent":"12","installments":12,"start":"2024-01-01",
// "first_due":"2024-02-01","collateral":[{"type":"property","value":"..."}]};
// the product object is in the format parse_product_json() reads, so reading
// validates it again. Money is a decimal string with the currency's minor
// digits and decimals keep their scale, so a round trip is exact: reading what
// was written gives back equal values, and writing is deterministic (same
// value, same text).
//
// A transaction's payload holds the fields beyond id, sequence, kind and
// value date (which are columns of their own) that differ from their
// defaults; an absent field reads as its default, and the fold validates
// what each kind needs (a repayment without an amount is refused there).
//
// Pure functions; thread-safe (ProductCache excepted). Errors are kInvalidArgument naming the
// field.
//
// Example:
//   std::string text = terms_to_json(terms);
//   Result<loan::LoanTerms> back = terms_from_json(text);   // == terms
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"
#include "loan/product.h"
#include "loan/servicing.h"

namespace smecredit::servicing {

// Products parsed from their canonical text, so a batch that reads many loans
// of one product version parses and validates it once. Bounded (cleared when
// full). Not thread-safe: one per reading thread.
class ProductCache {
 public:
  Result<loan::Product> parse(std::string_view product_json);

 private:
  static constexpr size_t kMaxProducts = 256;
  // Looked up by the text's view, so a hit copies no text.
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  std::unordered_map<std::string, loan::Product, TextHash, std::equal_to<>> products_;
};

std::string terms_to_json(const loan::LoanTerms& terms);
// `cache`, when given, serves the product.
Result<loan::LoanTerms> terms_from_json(std::string_view text, ProductCache* cache = nullptr);

// The product alone, in the format parse_product_json() reads, and the terms
// without it ({"principal":...,"collateral":[...]}), for a store that keeps
// each product once and the loans' own few fields apart.
std::string product_to_json(const loan::Product& product);
std::string terms_fields_to_json(const loan::LoanTerms& terms);
// kInvalidArgument when the text carries a product of its own.
Result<loan::LoanTerms> terms_fields_from_json(std::string_view text, loan::Product product);

std::string transaction_payload_to_json(const loan::LoanTransaction& tx);
// Fills the payload fields of `tx` (whose kind is already set); amounts are in
// `currency`.
Status transaction_payload_from_json(std::string_view text, Currency currency,
                                     loan::LoanTransaction& tx);

Result<loan::TransactionKind> parse_transaction_kind(std::string_view name);
Result<loan::LoanStatus> parse_loan_status(std::string_view name);

}  // namespace smecredit::servicing
