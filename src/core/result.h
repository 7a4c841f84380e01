// Result<T>: a value or an Error, for operations that can fail in expected ways.
//
// C++20 has no std::expected; this is the small subset the project needs.
// Accessing value() of a failed Result (or error() of a successful one) is a
// programmer error and aborts through assert-like checking, never UB.
//
// Example:
//   Result<Money> parsed = Money::parse("12.30", kCny);
//   if (!parsed.ok()) return parsed.error();
//   Money m = parsed.value();
//
// Inside functions that return Result, SC_ASSIGN_OR_RETURN and
// SC_RETURN_IF_ERROR shorten the propagation:
//   SC_ASSIGN_OR_RETURN(Money total, a.add(b));
//   SC_RETURN_IF_ERROR(store.ping());
#pragma once

#include <cstdio>
#include <cstdlib>
#include <utility>
#include <variant>

#include "core/error.h"

namespace smecredit {

namespace internal {
[[noreturn]] inline void result_misuse(const char* what) {
  std::fprintf(stderr, "smecredit: Result misuse: %s\n", what);
  std::abort();
}
}  // namespace internal

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT implicit
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT implicit

  bool ok() const { return state_.index() == 0; }

  const T& value() const& {
    if (!ok()) internal::result_misuse("value() of an error");
    return std::get<0>(state_);
  }
  T& value() & {
    if (!ok()) internal::result_misuse("value() of an error");
    return std::get<0>(state_);
  }
  T&& value() && {
    if (!ok()) internal::result_misuse("value() of an error");
    return std::get<0>(std::move(state_));
  }
  const Error& error() const {
    if (ok()) internal::result_misuse("error() of a success");
    return std::get<1>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT implicit

  bool ok() const { return ok_; }
  const Error& error() const {
    if (ok_) internal::result_misuse("error() of a success");
    return error_;
  }

 private:
  Error error_{ErrorCode::kInternal, ""};
  bool ok_ = true;
};

using Status = Result<void>;

inline Status ok_status() {
  return Status();
}

}  // namespace smecredit

#define SC_CONCAT_INNER(a, b) a##b
#define SC_CONCAT(a, b) SC_CONCAT_INNER(a, b)

#define SC_RETURN_IF_ERROR(expr)                     \
  do {                                               \
    const auto& sc_status_ = (expr);                 \
    if (!sc_status_.ok()) return sc_status_.error(); \
  } while (false)

// `lhs` is a declaration and `tmp` an identifier: neither can be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define SC_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.error();             \
  lhs = std::move(tmp).value()

#define SC_ASSIGN_OR_RETURN(lhs, expr) \
  SC_ASSIGN_OR_RETURN_IMPL(SC_CONCAT(sc_result_, __LINE__), lhs, expr)
// NOLINTEND(bugprone-macro-parentheses)
