// Compiled expressions: a syntax tree turned once into a closure tree over
// numbered variable slots, then evaluated many times without allocation for
// numbers, booleans and dates.
//
// Semantics (docs/decisions-engine.md is the full reference):
// - Arithmetic is exact Decimal. '+', '-' and '*' are exact while the result
//   fits 18 significant digits and otherwise keep as many fractional digits as
//   fit, rounded half-even; '/' gives kDivisionScale fractional digits (fewer
//   when the integer part needs the room), rounded half-even; division by zero
//   is an error. '+' also joins strings.
// - Null is SQL-like: arithmetic, ordering comparisons, 'in' and functions of
//   a null operand give null; 'and'/'or'/'not' use three-valued (Kleene)
//   logic; '==' and '!=' are null-safe (null == null is true, null == 1 is
//   false); a null condition takes the else branch of '?:'; aggregates skip
//   nulls (sum of nothing is 0, avg/min/max of nothing are null).
// - Type errors (a string minus a number) and overflow are evaluation errors
//   naming LINE:COLUMN; unknown names and wrong argument counts are compile
//   errors with the same format.
// - Limits: EvalLimits bounds the steps of one evaluation and the size of
//   every string and array built, so no input hangs or exhausts memory.
//
// Thread-safety: a compiled Expression is immutable; evaluate() may run on
// many threads at once, each with its own slots.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "decision/expr/ast.h"
#include "decision/expr/value.h"

namespace smecredit::decision {

inline constexpr int kDivisionScale = 10;

// Variable names and their slots. Slots are dense: 0..size()-1.
class Schema {
 public:
  // The slot of `name`, added when new.
  int add(std::string_view name);
  // The slot, or -1.
  int find(std::string_view name) const;
  size_t size() const { return names_.size(); }
  const std::string& name(int slot) const { return names_[static_cast<size_t>(slot)]; }

 private:
  std::unordered_map<std::string, int> slots_;
  std::vector<std::string> names_;
};

struct EvalLimits {
  int64_t max_steps = 1'000'000;                // nodes visited in one evaluation
  size_t max_string_bytes = size_t{64} * 1024;  // any string built
  size_t max_array_items = 100'000;             // any array built
};

// Per-evaluation state; one per thread, reusable across evaluations.
struct EvalContext {
  std::span<const Value> slots;
  EvalLimits limits;
  int64_t steps = 0;
  std::vector<Value> locals;  // closure parameters, innermost last
  Error error{ErrorCode::kInternal, ""};
  bool failed = false;

  // Records the first error; always returns false for `return ctx.fail(...)`.
  bool fail(SourcePos pos, std::string_view message);
};

// One node of the closure tree.
class Node {
 public:
  explicit Node(SourcePos pos) : pos_(pos) {}
  virtual ~Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  // Writes the value to *out; false (with ctx.error set) on an error.
  virtual bool eval(EvalContext& ctx, Value* out) const = 0;
  SourcePos pos() const { return pos_; }

 private:
  SourcePos pos_;
};

class Expression {
 public:
  Expression(std::string source, std::unique_ptr<Node> root)
      : source_(std::move(source)), root_(std::move(root)) {}

  const std::string& source() const { return source_; }
  // Evaluates over `slots` (indexed as the Schema it was compiled with).
  Result<Value> evaluate(std::span<const Value> slots, const EvalLimits& limits = {}) const;
  // The same with a caller-owned context (no allocation per call).
  bool evaluate(EvalContext& ctx, Value* out) const;

 private:
  std::string source_;
  std::unique_ptr<Node> root_;
};

// Compiles a syntax tree; names resolve against `schema` (the longest dotted
// prefix that is a variable, the rest as fields: "app.owner.age").
Result<std::unique_ptr<Node>> compile_ast(const Ast& ast, const Schema& schema);

// parse_expression + compile_ast.
Result<Expression> compile_expression(std::string_view text, const Schema& schema);

// True when the value is the boolean true (null and false are not).
inline bool is_true(const Value& v) {
  return v.kind() == ValueKind::kBool && v.as_bool();
}

}  // namespace smecredit::decision
