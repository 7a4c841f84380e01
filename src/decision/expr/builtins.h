// The built-in functions of the expression language and the array
// aggregates, shared by the compiler (compile.cc). docs/decisions-engine.md
// lists them with their null behaviour.
#pragma once

#include <compare>
#include <span>
#include <string_view>

#include "core/result.h"
#include "decision/expr/ast.h"
#include "decision/expr/compile.h"
#include "decision/expr/value.h"

namespace smecredit::decision {

inline constexpr size_t kMaxBuiltinArgs = 8;

struct Builtin {
  std::string_view name;
  size_t min_args;
  size_t max_args;
  // Writes the result; false with ctx's error set on a failure.
  bool (*call)(EvalContext& ctx, SourcePos pos, std::span<const Value> args, Value* out);
};

// The builtin named `name` taking `argc` arguments, or nullptr.
const Builtin* find_builtin(std::string_view name, size_t argc);

enum class Aggregate { kFilter, kMap, kSum, kAvg, kMin, kMax, kCount, kSome, kAll };

// "filter", "map", "sum", "avg", "min", "max", "count", "some", "all".
Result<Aggregate> parse_aggregate(std::string_view name);

// Combines a closure's `results` over `items` (same length) into *out.
bool aggregate_closure(EvalContext& ctx, SourcePos pos, Aggregate aggregate,
                       const ValueArray& items, const ValueArray& results, Value* out);

// Orders two booleans (false < true), numbers, strings or dates; false for
// other pairs.
bool compare_values(const Value& a, const Value& b, std::partial_ordering* order);

}  // namespace smecredit::decision
