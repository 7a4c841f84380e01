// The legal ceiling on an offer's APR on a given date, from an
// effective-dated table: the all-in cap (24% since the 2020 rules, the
// default) and, for lenders bound by it, the "four times the one-year LPR"
// rule fed by the LPR history. A product's own cap still applies; the offer
// answers to the lower of the two.
//
// The table is text the caller has read (this part does no I/O), one entry a
// line, '#' starts a comment:
//
//   cap 2020-08-20 24        # the all-in APR cap in percent, from this date
//   lpr 2024-10-21 3.10      # the one-year loan prime rate in percent, from this date
//   lpr-multiple 4           # also cap at 4 x the LPR in force (omit: no LPR rule)
//
// rates/apr-caps.txt is the shipped table; docs/loan-schedules.md explains it.
//
// Thread-safety: immutable after parsing; safe to share between threads.
//
// Example:
//   AprCapTable table = parse_apr_cap_table(text).value();
//   AprCap cap = table.cap_on(parse_date("2025-06-01").value()).value();
//   cap.percent.to_string();   // "12.00" with lpr-multiple 4 and the LPR at 3.00
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/decimal.h"
#include "core/result.h"

namespace smecredit::loan {

struct AprCap {
  Decimal percent;
  std::string basis;  // "all-in cap 24% from 2020-08-20" or "4 x one-year LPR 3.00% from …"
};

class AprCapTable {
 public:
  // The cap in force on `date`: the latest all-in cap effective on or before
  // it, lowered to multiple x the LPR then in force when the LPR rule is on.
  // kNotFound when no entry is in force yet.
  Result<AprCap> cap_on(Date date) const;

  bool empty() const { return caps_.empty() && lprs_.empty(); }

 private:
  friend Result<AprCapTable> parse_apr_cap_table(std::string_view text);
  struct Entry {
    Date from;
    Decimal percent;
  };
  std::vector<Entry> caps_;  // sorted by date
  std::vector<Entry> lprs_;  // sorted by date
  std::optional<int> lpr_multiple_;
};

// Errors name the line: "line 3: lpr needs a date and a percent".
Result<AprCapTable> parse_apr_cap_table(std::string_view text);

}  // namespace smecredit::loan
