#include "loan/apr_cap.h"

#include <algorithm>
#include <sstream>

namespace smecredit::loan {

namespace {

constexpr size_t kMaxLines = 10'000;

Error bad_line(size_t line, const std::string& why) {
  return Error{ErrorCode::kInvalidArgument, "line " + std::to_string(line) + ": " + why};
}

// The latest entry effective on or before `date`, if any.
template <class Entry>
const Entry* in_force(const std::vector<Entry>& entries, Date date) {
  const Entry* found = nullptr;
  for (const Entry& e : entries) {
    if (e.from > date) break;
    found = &e;
  }
  return found;
}

}  // namespace

Result<AprCap> AprCapTable::cap_on(Date date) const {
  const Entry* cap = in_force(caps_, date);
  const Entry* lpr = lpr_multiple_ ? in_force(lprs_, date) : nullptr;
  if (cap == nullptr && lpr == nullptr) {
    return Error{ErrorCode::kNotFound, "no APR cap is in force on " + format_date(date)};
  }
  std::optional<AprCap> out;
  if (cap != nullptr) {
    out = AprCap{cap->percent,
                 "all-in cap " + cap->percent.to_string() + "% from " + format_date(cap->from)};
  }
  if (lpr != nullptr) {
    SC_ASSIGN_OR_RETURN(const Decimal lpr_cap,
                        lpr->percent.multiply(Decimal::from_int(*lpr_multiple_)));
    if (!out || lpr_cap < out->percent) {
      out = AprCap{lpr_cap, std::to_string(*lpr_multiple_) + " x one-year LPR " +
                                lpr->percent.to_string() + "% from " + format_date(lpr->from)};
    }
  }
  return *out;
}

Result<AprCapTable> parse_apr_cap_table(std::string_view text) {
  AprCapTable table;
  std::istringstream in{std::string(text)};
  std::string raw;
  for (size_t line = 1; std::getline(in, raw); ++line) {
    if (line > kMaxLines) return bad_line(line, "a table holds at most 10000 lines");
    std::istringstream words(raw.substr(0, raw.find('#')));
    std::string kind, first, second, extra;
    if (!(words >> kind)) continue;
    words >> first >> second >> extra;
    if (!extra.empty()) return bad_line(line, "unexpected '" + extra + "'");
    if (kind == "lpr-multiple") {
      if (first.empty() || !second.empty() ||
          first.find_first_not_of("0123456789") != std::string::npos || first.size() > 2 ||
          std::stoi(first) == 0) {
        return bad_line(line, "lpr-multiple needs a whole number from 1 to 99");
      }
      table.lpr_multiple_ = std::stoi(first);
      continue;
    }
    if (kind != "cap" && kind != "lpr") {
      return bad_line(line, "unknown entry '" + kind + "' (cap, lpr or lpr-multiple)");
    }
    auto from = parse_date(first);
    auto percent = Decimal::parse(second);
    if (!from.ok() || !percent.ok()) return bad_line(line, kind + " needs a date and a percent");
    if (percent.value().is_negative() || percent.value() > Decimal::from_int(100)) {
      return bad_line(line, "a percent is 0 to 100");
    }
    auto& entries = kind == "cap" ? table.caps_ : table.lprs_;
    if (!entries.empty() && !(entries.back().from < from.value())) {
      return bad_line(line, kind + " entries must be in increasing date order");
    }
    entries.push_back({from.value(), percent.value()});
  }
  if (table.lpr_multiple_ && table.lprs_.empty()) {
    return Error{ErrorCode::kInvalidArgument, "lpr-multiple is set but no lpr entry is given"};
  }
  return table;
}

}  // namespace smecredit::loan
