// Error values for expected failures.
//
// Every failure a caller can expect (bad input, a rule violated, not found, a
// conflict) is an `Error` carrying a stable `ErrorCode` and a human message.
// The code is part of the public contract: the API maps it to an HTTP status
// and prints its name in problem+json, so a code's name never changes once
// released. Messages are for people and may change; they must never contain
// personal data or secrets.
//
// Example:
//   return Error{ErrorCode::kInvalidArgument, "amount must be positive"};
#pragma once

#include <string>
#include <string_view>

namespace smecredit {

enum class ErrorCode {
  kInvalidArgument,     // malformed or out-of-range input
  kOutOfRange,          // a value outside what the domain allows (term, amount)
  kOverflow,            // arithmetic would exceed the representable range
  kNotFound,            // the named thing does not exist
  kAlreadyExists,       // creating something that exists
  kConflict,            // concurrent modification or invalid state transition
  kFailedPrecondition,  // the system is not in a state that allows this
  kUnauthenticated,     // no or bad credentials
  kPermissionDenied,    // credentials valid, action not allowed
  kUnavailable,         // a dependency is down; retrying may help
  kInternal,            // a bug or corrupted state; never the caller's fault
};

// The stable snake_case name of a code, e.g. "invalid_argument".
std::string_view error_code_name(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;

  // "invalid_argument: amount must be positive"
  std::string to_string() const;
};

}  // namespace smecredit
