// Signed voucher operations as JSON: what clients POST and what the
// verifiable log stores.
//
// A signed operation is {"operation":{...},"signature":"<128 hex>"}; the
// operation object has the fields of canonical_text() (voucher_book.h) in
// any order, and the signature covers canonical_text() of the parsed
// operation, so a client signs exactly the canonical form. An issue without
// "maturity" matures six months after its date (default_maturity), and the
// canonical form names that date. Parsing validates
// every field and reports the first bad one by name.
//
// Example:
//   Result<SignedOperation> op = parse_signed_operation(request.body);
//   std::string entry = signed_operation_entry(op.value());  // canonical
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "scf/voucher/voucher_book.h"

namespace smecredit::scf {

Result<SignedOperation> parse_signed_operation(std::string_view json);

// The canonical JSON of a signed operation (the log entry's bytes).
std::string signed_operation_entry(const SignedOperation& signed_operation);

}  // namespace smecredit::scf
