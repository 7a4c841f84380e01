// Decision tables: rows of conditions over input expressions, with outputs,
// chosen by a hit policy; compiled once into per-column interval indexes.
//
// A cell condition (a DMN-like "unary test") is one of:
//   "-" or ""                       any value, including null
//   "< 5", "<= 5", "> 5", ">= 5"    an open-ended bound
//   "[600..700)", "(0..1]", ...     a range, ends closed '[' ']' or open '(' ')'
//   "'A', 'B'" or "3" or "true"     a set of literals (one literal: equality)
// Bounds and literals are constant expressions (numbers, strings, booleans,
// date('YYYY-MM-DD'), negative numbers); a null input matches only "-".
// Output cells are expressions over the policy's variables; constant ones
// are evaluated once at compile time.
//
// Hit policies: first (the first matching row), unique (exactly one row may
// match; two is an evaluation error), collect (every matching row's outputs,
// as arrays), collect_sum / collect_min / collect_max (aggregate each output
// over the matching rows) and collect_count (the number of matching rows, as
// every output). When no row matches, first and unique tables give their
// defaults (null unless given); collect tables aggregate nothing: [], a sum
// or count of 0, a min or max of null.
//
// Index: every column's distinct bounds cut its domain into segments
// (points and the open intervals between them), each holding the bitset of
// rows that accept it; a lookup is one binary search per column and an AND
// of bitsets, so matching costs O(columns x (log rows + rows / 64)).
//
// Lint: enumerates every combination of column segments (when there are at
// most kMaxLintCells) and reports gaps (no row matches) and overlaps (more
// than one row matches) — overlaps matter for unique tables, and show
// shadowed rows in first tables. Null inputs are not part of the lint.
//
// Thread-safety: a compiled table is immutable; evaluate() is reentrant.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "decision/expr/compile.h"

namespace smecredit::decision {

enum class HitPolicy {
  kFirst,
  kUnique,
  kCollect,
  kCollectSum,
  kCollectMin,
  kCollectMax,
  kCollectCount
};

// "first", "unique", "collect", "collect_sum", "collect_min", "collect_max",
// "collect_count".
Result<HitPolicy> parse_hit_policy(std::string_view text);

inline constexpr size_t kMaxTableRows = 4096;
inline constexpr size_t kMaxTableColumns = 32;
inline constexpr uint64_t kMaxLintCells = 1'000'000;

struct TableRowSpec {
  std::vector<std::string> conditions;  // one per input
  std::vector<std::string> outputs;     // one per output
};

struct TableSpec {
  HitPolicy hit_policy = HitPolicy::kFirst;
  std::vector<std::string> inputs;    // expressions
  std::vector<std::string> outputs;   // output variable names
  std::vector<std::string> defaults;  // empty, or one expression per output
  std::vector<TableRowSpec> rows;
};

// Where a table failed to compile: "inputs/1", "rows/3/conditions/0",
// "rows/3/outputs/1" (a JSON pointer suffix), with the error.
struct TableError {
  std::string pointer;
  Error error;
};

struct LintReport {
  uint64_t cells_checked = 0;
  bool exhaustive = true;      // false when the grid was larger than kMaxLintCells
  uint64_t gap_count = 0;      // every gap found
  uint64_t overlap_count = 0;  // every overlap found
  // The first max_findings of them, described:
  std::vector<std::string> gaps;      // "score in (-inf..600), sector == 'retail'"
  std::vector<std::string> overlaps;  // "rows 2 and 5 on score == 600"
};

class CompiledTable;

// Compiles against `schema` (inputs and output expressions read variables).
Result<std::shared_ptr<const CompiledTable>> compile_table(const TableSpec& spec,
                                                           const Schema& schema, TableError* where);

class CompiledTable {
 public:
  struct Column;
  ~CompiledTable();

  size_t row_count() const { return row_count_; }
  size_t output_count() const { return outputs_.size(); }
  const std::string& output_name(size_t i) const { return outputs_[i]; }
  HitPolicy hit_policy() const { return hit_policy_; }

  // Evaluates inputs, matches rows and writes one value per output to
  // outputs (resized). matched_rows receives the 0-based matching rows used.
  bool evaluate(EvalContext& ctx, std::vector<Value>* outputs,
                std::vector<uint32_t>* matched_rows) const;
  Status evaluate(std::span<const Value> slots, std::vector<Value>* outputs) const;

  LintReport lint(size_t max_findings = 20) const;

 private:
  friend Result<std::shared_ptr<const CompiledTable>> compile_table(const TableSpec&, const Schema&,
                                                                    TableError*);
  CompiledTable() = default;
  bool output_value(EvalContext& ctx, size_t row, size_t output, Value* out) const;
  bool aggregate(EvalContext& ctx, const std::vector<uint32_t>& rows,
                 std::vector<Value>* outputs) const;

  HitPolicy hit_policy_ = HitPolicy::kFirst;
  size_t row_count_ = 0;
  size_t words_ = 0;  // 64-bit words per bitset
  std::vector<Expression> inputs_;
  std::vector<std::unique_ptr<Column>> columns_;
  std::vector<std::string> outputs_;
  // Row-major: cells_[row * outputs + output]; constant_ holds the value when
  // the cell is constant (has_constant_ set).
  std::vector<std::unique_ptr<Expression>> cells_;
  std::vector<Value> constant_;
  std::vector<bool> has_constant_;
  std::vector<Value> defaults_;
};

}  // namespace smecredit::decision
