// Typed identifiers: a LoanId cannot be passed where an EnterpriseId is meant.
//
// Internal ids are 64-bit integers assigned by the store; ids shown outside
// the platform are opaque strings made by the API layer, never these numbers
// directly.
//
// Example:
//   struct LoanTag {};
//   using LoanId = Id<LoanTag>;
//   LoanId id{42};
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace smecredit {

template <class Tag>
class Id {
 public:
  constexpr Id() = default;
  constexpr explicit Id(int64_t value) : value_(value) {}
  constexpr int64_t value() const { return value_; }
  constexpr bool valid() const { return value_ > 0; }
  constexpr auto operator<=>(const Id&) const = default;

 private:
  int64_t value_ = 0;
};

}  // namespace smecredit

template <class Tag>
struct std::hash<smecredit::Id<Tag>> {
  size_t operator()(const smecredit::Id<Tag>& id) const noexcept {
    return std::hash<int64_t>{}(id.value());
  }
};
