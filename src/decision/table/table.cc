#include "decision/table/table.h"

#include <algorithm>
#include <bit>
#include <string_view>
#include <utility>

#include "decision/expr/arith.h"
#include "decision/expr/builtins.h"
#include "decision/expr/parser.h"

namespace smecredit::decision {

namespace {

struct Bound {
  Value value;  // null: unbounded
  bool closed = false;
};

struct Interval {
  Bound low;
  Bound high;
};

// A cell's accepted set: any, or a union of intervals (points are [v..v]).
struct Condition {
  bool any = false;
  std::vector<Interval> intervals;
};

const Schema& empty_schema() {
  static const Schema* schema = new Schema();
  return *schema;
}

Result<Value> constant_of(const Ast& ast) {
  SC_ASSIGN_OR_RETURN(std::unique_ptr<Node> node, compile_ast(ast, empty_schema()));
  Expression e("", std::move(node));
  SC_ASSIGN_OR_RETURN(Value v, e.evaluate({}));
  if (v.kind() == ValueKind::kArray || v.kind() == ValueKind::kObject) {
    return expression_error(ast.pos, "a condition needs scalar literals");
  }
  return v;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Result<Condition> parse_bound(std::string_view text) {
  static constexpr std::string_view kOps[] = {"<=", ">=", "<", ">"};
  for (std::string_view op : kOps) {
    if (text.substr(0, op.size()) != op) continue;
    SC_ASSIGN_OR_RETURN(std::unique_ptr<Ast> ast, parse_expression(text.substr(op.size())));
    SC_ASSIGN_OR_RETURN(Value v, constant_of(*ast));
    Interval interval;
    const bool closed = op.size() == 2;
    if (op[0] == '<') interval.high = Bound{v, closed};
    if (op[0] == '>') interval.low = Bound{v, closed};
    return Condition{false, {interval}};
  }
  return Error{ErrorCode::kInvalidArgument, "not a bound"};
}

Result<Condition> parse_condition(std::string_view raw) {
  const std::string_view text = trim(raw);
  if (text.empty() || text == "-") return Condition{true, {}};
  if (text[0] == '<' || text[0] == '>') return parse_bound(text);
  if ((text[0] == '[' || text[0] == '(') && text.find("..") != std::string_view::npos) {
    SC_ASSIGN_OR_RETURN(std::unique_ptr<Ast> ast, parse_expression(text));
    if (ast->kind != AstKind::kRange) return expression_error(ast->pos, "expected a range");
    SC_ASSIGN_OR_RETURN(Value low, constant_of(*ast->children[0]));
    SC_ASSIGN_OR_RETURN(Value high, constant_of(*ast->children[1]));
    return Condition{false, {Interval{Bound{low, ast->low_closed}, Bound{high, ast->high_closed}}}};
  }
  SC_ASSIGN_OR_RETURN(std::unique_ptr<Ast> ast, parse_expression("[" + std::string(text) + "]"));
  if (ast->kind != AstKind::kArray) return expression_error(ast->pos, "expected literals");
  Condition condition;
  for (const auto& item : ast->children) {
    SC_ASSIGN_OR_RETURN(Value v, constant_of(*item));
    if (v.is_null()) return expression_error(item->pos, "null is matched by '-' only");
    condition.intervals.push_back(Interval{Bound{v, true}, Bound{v, true}});
  }
  return condition;
}

std::partial_ordering order_of(const Value& a, const Value& b) {
  std::partial_ordering order = std::partial_ordering::unordered;
  compare_values(a, b, &order);
  return order;
}

bool less_value(const Value& a, const Value& b) {
  return std::is_lt(order_of(a, b));
}

using Bitset = std::vector<uint64_t>;

void set_bit(Bitset* bits, size_t i) {
  (*bits)[i / 64] |= uint64_t{1} << (i % 64);
}

size_t first_bit(const uint64_t* bits, size_t words) {
  for (size_t w = 0; w < words; ++w) {
    if (bits[w] != 0) return w * 64 + static_cast<size_t>(std::countr_zero(bits[w]));
  }
  return SIZE_MAX;
}

// Does the interval contain the segment? Segments are points (low == high,
// both closed) or open intervals (low, high) between consecutive endpoints,
// with null meaning unbounded.
bool contains(const Interval& in, const Interval& segment) {
  if (!in.low.value.is_null()) {
    if (segment.low.value.is_null()) return false;
    const auto o = order_of(segment.low.value, in.low.value);
    if (std::is_lt(o) || (std::is_eq(o) && segment.low.closed && !in.low.closed)) return false;
    if (o == std::partial_ordering::unordered) return false;
  }
  if (!in.high.value.is_null()) {
    if (segment.high.value.is_null()) return false;
    const auto o = order_of(segment.high.value, in.high.value);
    if (std::is_gt(o) || (std::is_eq(o) && segment.high.closed && !in.high.closed)) return false;
    if (o == std::partial_ordering::unordered) return false;
  }
  return true;
}

std::string describe_value(const Value& v) {
  if (v.kind() == ValueKind::kString) return "'" + v.as_string() + "'";
  return v.kind() == ValueKind::kDate ? "date('" + format_date(v.as_date()) + "')" : v.to_json();
}

}  // namespace

struct CompiledTable::Column {
  std::vector<Value> endpoints;  // sorted, distinct
  std::vector<Bitset> segments;  // 2 * endpoints + 1
  Bitset any_rows;               // rows whose cell is "-"
  std::string input;             // the input expression, for lint messages

  Interval segment(size_t s) const {
    const size_t i = s / 2;
    if (s % 2 == 1) return Interval{Bound{endpoints[i], true}, Bound{endpoints[i], true}};
    Interval open;
    if (i > 0) open.low = Bound{endpoints[i - 1], false};
    if (i < endpoints.size()) open.high = Bound{endpoints[i], false};
    return open;
  }

  std::string describe(size_t s) const {
    const Interval in = segment(s);
    if (s % 2 == 1) return input + " == " + describe_value(in.low.value);
    const std::string low = in.low.value.is_null() ? "-inf" : describe_value(in.low.value);
    const std::string high = in.high.value.is_null() ? "+inf" : describe_value(in.high.value);
    return input + " in (" + low + ".." + high + ")";
  }

  // The bitset of rows accepting v (null or another kind: "-" rows only).
  const Bitset& lookup(const Value& v) const {
    if (v.is_null() || endpoints.empty()) return endpoints.empty() ? segments[0] : any_rows;
    auto it = std::lower_bound(endpoints.begin(), endpoints.end(), v, less_value);
    const auto i = static_cast<size_t>(it - endpoints.begin());
    if (it != endpoints.end()) {
      const auto o = order_of(v, *it);
      if (o == std::partial_ordering::unordered) return any_rows;
      if (std::is_eq(o)) return segments[2 * i + 1];
    } else if (order_of(v, endpoints.back()) == std::partial_ordering::unordered) {
      return any_rows;
    }
    return segments[2 * i];
  }
};

CompiledTable::~CompiledTable() = default;

Result<HitPolicy> parse_hit_policy(std::string_view text) {
  static constexpr std::pair<std::string_view, HitPolicy> kNames[] = {
      {"first", HitPolicy::kFirst},
      {"unique", HitPolicy::kUnique},
      {"collect", HitPolicy::kCollect},
      {"collect_sum", HitPolicy::kCollectSum},
      {"collect_min", HitPolicy::kCollectMin},
      {"collect_max", HitPolicy::kCollectMax},
      {"collect_count", HitPolicy::kCollectCount},
  };
  for (const auto& [name, policy] : kNames) {
    if (name == text) return policy;
  }
  return Error{ErrorCode::kInvalidArgument,
               "hit policy must be first, unique, collect, collect_sum, collect_min, "
               "collect_max or collect_count"};
}

namespace {

Error fail_at(TableError* where, std::string pointer, Error error) {
  if (where != nullptr) *where = TableError{std::move(pointer), error};
  return error;
}

std::unique_ptr<CompiledTable::Column> build_column(const std::vector<Condition>& cells,
                                                    size_t words, std::string input) {
  auto column = std::make_unique<CompiledTable::Column>();
  column->input = std::move(input);
  column->any_rows.assign(words, 0);
  for (const Condition& c : cells) {
    for (const Interval& in : c.intervals) {
      if (!in.low.value.is_null()) column->endpoints.push_back(in.low.value);
      if (!in.high.value.is_null()) column->endpoints.push_back(in.high.value);
    }
  }
  auto& ends = column->endpoints;
  std::stable_sort(ends.begin(), ends.end(), less_value);
  ends.erase(std::unique(ends.begin(), ends.end(),
                         [](const Value& a, const Value& b) { return std::is_eq(order_of(a, b)); }),
             ends.end());
  column->segments.assign(2 * ends.size() + 1, Bitset(words, 0));
  for (size_t row = 0; row < cells.size(); ++row) {
    if (cells[row].any) set_bit(&column->any_rows, row);
    for (size_t s = 0; s < column->segments.size(); ++s) {
      const Interval segment = column->segment(s);
      const bool accepts =
          cells[row].any || std::any_of(cells[row].intervals.begin(), cells[row].intervals.end(),
                                        [&](const Interval& in) { return contains(in, segment); });
      if (accepts) set_bit(&column->segments[s], row);
    }
  }
  return column;
}

Status check_kinds(const std::vector<Condition>& cells) {
  const Value* first = nullptr;
  for (const Condition& c : cells) {
    for (const Interval& in : c.intervals) {
      for (const Value* v : {&in.low.value, &in.high.value}) {
        if (v->is_null()) continue;
        if (first == nullptr) first = v;
        if (order_of(*first, *v) == std::partial_ordering::unordered) {
          return Error{ErrorCode::kInvalidArgument,
                       "a column mixes " + std::string(value_kind_name(first->kind())) + " and " +
                           std::string(value_kind_name(v->kind())) + " conditions"};
        }
      }
    }
  }
  return ok_status();
}

}  // namespace

Result<std::shared_ptr<const CompiledTable>> compile_table(const TableSpec& spec,
                                                           const Schema& schema,
                                                           TableError* where) {
  if (spec.rows.size() > kMaxTableRows || spec.inputs.size() > kMaxTableColumns ||
      spec.outputs.size() > kMaxTableColumns || spec.outputs.empty()) {
    return fail_at(where, "",
                   Error{ErrorCode::kOutOfRange,
                         "a table has 1 to 32 outputs, up to 32 inputs and 4096 rows"});
  }
  std::shared_ptr<CompiledTable> table(new CompiledTable());
  table->hit_policy_ = spec.hit_policy;
  table->row_count_ = spec.rows.size();
  table->words_ = (spec.rows.size() + 63) / 64;
  table->outputs_ = spec.outputs;
  for (size_t i = 0; i < spec.inputs.size(); ++i) {
    Result<Expression> input = compile_expression(spec.inputs[i], schema);
    if (!input.ok()) return fail_at(where, "inputs/" + std::to_string(i), input.error());
    table->inputs_.push_back(std::move(input).value());
  }
  std::vector<std::vector<Condition>> columns(spec.inputs.size());
  for (size_t r = 0; r < spec.rows.size(); ++r) {
    const TableRowSpec& row = spec.rows[r];
    const std::string at = "rows/" + std::to_string(r);
    if (row.conditions.size() != spec.inputs.size() || row.outputs.size() != spec.outputs.size()) {
      return fail_at(where, at,
                     Error{ErrorCode::kInvalidArgument,
                           "a row needs one condition per input and one output per "
                           "output"});
    }
    for (size_t c = 0; c < row.conditions.size(); ++c) {
      Result<Condition> condition = parse_condition(row.conditions[c]);
      if (!condition.ok()) {
        return fail_at(where, at + "/conditions/" + std::to_string(c), condition.error());
      }
      columns[c].push_back(std::move(condition).value());
    }
    for (size_t o = 0; o < row.outputs.size(); ++o) {
      Result<Expression> cell = compile_expression(row.outputs[o], schema);
      if (!cell.ok()) return fail_at(where, at + "/outputs/" + std::to_string(o), cell.error());
      Result<Expression> constant = compile_expression(row.outputs[o], empty_schema());
      Result<Value> value = constant.ok() ? constant.value().evaluate({}) : Result<Value>(Value());
      table->has_constant_.push_back(constant.ok() && value.ok());
      table->constant_.push_back(value.ok() ? value.value() : Value());
      table->cells_.push_back(std::make_unique<Expression>(std::move(cell).value()));
    }
  }
  for (size_t c = 0; c < columns.size(); ++c) {
    Status kinds = check_kinds(columns[c]);
    if (!kinds.ok()) return fail_at(where, "inputs/" + std::to_string(c), kinds.error());
    table->columns_.push_back(build_column(columns[c], table->words_, spec.inputs[c]));
  }
  table->defaults_.assign(spec.outputs.size(), Value());
  for (size_t o = 0; o < spec.defaults.size() && o < spec.outputs.size(); ++o) {
    Result<Expression> d = compile_expression(spec.defaults[o], empty_schema());
    Result<Value> v = d.ok() ? d.value().evaluate({}) : Result<Value>(d.error());
    if (!v.ok()) return fail_at(where, "defaults/" + std::to_string(o), v.error());
    table->defaults_[o] = v.value();
  }
  return std::shared_ptr<const CompiledTable>(std::move(table));
}

bool CompiledTable::output_value(EvalContext& ctx, size_t row, size_t output, Value* out) const {
  const size_t i = row * outputs_.size() + output;
  if (has_constant_[i]) {
    *out = constant_[i];
    return true;
  }
  return cells_[i]->evaluate(ctx, out);
}

bool CompiledTable::evaluate(EvalContext& ctx, std::vector<Value>* outputs,
                             std::vector<uint32_t>* matched_rows) const {
  constexpr size_t kStackWords = 16;
  uint64_t stack_bits[kStackWords];
  std::vector<uint64_t> heap_bits;
  uint64_t* bits = stack_bits;
  if (words_ > kStackWords) {
    heap_bits.resize(words_);
    bits = heap_bits.data();
  }
  std::fill(bits, bits + words_, ~uint64_t{0});
  for (size_t c = 0; c < inputs_.size(); ++c) {
    Value v;
    if (!inputs_[c].evaluate(ctx, &v)) return false;
    const Bitset& rows = columns_[c]->lookup(v);
    for (size_t w = 0; w < words_; ++w) bits[w] &= rows[w];
  }
  matched_rows->clear();
  for (size_t row = first_bit(bits, words_); row < row_count_;) {
    matched_rows->push_back(static_cast<uint32_t>(row));
    if (hit_policy_ == HitPolicy::kFirst) break;
    bits[row / 64] &= ~(uint64_t{1} << (row % 64));
    row = first_bit(bits, words_);
  }
  outputs->assign(outputs_.size(), Value());
  if (hit_policy_ == HitPolicy::kUnique && matched_rows->size() > 1) {
    return ctx.fail(SourcePos{}, "unique table: rows " + std::to_string((*matched_rows)[0]) +
                                     " and " + std::to_string((*matched_rows)[1]) + " both match");
  }
  if (hit_policy_ == HitPolicy::kFirst || hit_policy_ == HitPolicy::kUnique) {
    if (matched_rows->empty()) {
      *outputs = defaults_;
      return true;
    }
    for (size_t o = 0; o < outputs_.size(); ++o) {
      if (!output_value(ctx, (*matched_rows)[0], o, &(*outputs)[o])) return false;
    }
    return true;
  }
  return aggregate(ctx, *matched_rows, outputs);
}

bool CompiledTable::aggregate(EvalContext& ctx, const std::vector<uint32_t>& rows,
                              std::vector<Value>* outputs) const {
  for (size_t o = 0; o < outputs_.size(); ++o) {
    if (hit_policy_ == HitPolicy::kCollectCount) {
      (*outputs)[o] = Value::number(Decimal::from_int(static_cast<int64_t>(rows.size())));
      continue;
    }
    ValueArray values(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      if (!output_value(ctx, rows[i], o, &values[i])) return false;
    }
    if (hit_policy_ == HitPolicy::kCollect) {
      (*outputs)[o] = Value::array(std::move(values));
      continue;
    }
    const Aggregate kind = hit_policy_ == HitPolicy::kCollectSum   ? Aggregate::kSum
                           : hit_policy_ == HitPolicy::kCollectMin ? Aggregate::kMin
                                                                   : Aggregate::kMax;
    if (!aggregate_closure(ctx, SourcePos{}, kind, values, values, &(*outputs)[o])) return false;
  }
  return true;
}

Status CompiledTable::evaluate(std::span<const Value> slots, std::vector<Value>* outputs) const {
  EvalContext ctx;
  ctx.slots = slots;
  std::vector<uint32_t> rows;
  if (!evaluate(ctx, outputs, &rows)) return ctx.error;
  return ok_status();
}

LintReport CompiledTable::lint(size_t max_findings) const {
  LintReport report;
  uint64_t cells = 1;
  for (const auto& column : columns_) {
    cells *= column->segments.size();
    if (cells > kMaxLintCells) {
      report.exhaustive = false;
      return report;
    }
  }
  std::vector<size_t> at(columns_.size(), 0);
  Bitset bits(words_);
  for (uint64_t cell = 0; cell < cells; ++cell) {
    std::fill(bits.begin(), bits.end(), ~uint64_t{0});
    if (row_count_ % 64 != 0 && words_ > 0)
      bits[words_ - 1] = (uint64_t{1} << (row_count_ % 64)) - 1;
    for (size_t c = 0; c < columns_.size(); ++c) {
      for (size_t w = 0; w < words_; ++w) bits[w] &= columns_[c]->segments[at[c]][w];
    }
    ++report.cells_checked;
    size_t count = 0;
    for (uint64_t word : bits) count += static_cast<size_t>(std::popcount(word));
    report.gap_count += count == 0 ? 1 : 0;
    report.overlap_count += count > 1 ? 1 : 0;
    std::string where;
    if (count != 1 && report.gaps.size() + report.overlaps.size() < max_findings) {
      for (size_t c = 0; c < columns_.size(); ++c) {
        where += (c == 0 ? "" : ", ") + columns_[c]->describe(at[c]);
      }
    }
    if (count == 0 && !where.empty()) report.gaps.push_back(where);
    if (count > 1 && !where.empty()) {
      const size_t a = first_bit(bits.data(), words_);
      bits[a / 64] &= ~(uint64_t{1} << (a % 64));
      const size_t b = first_bit(bits.data(), words_);
      report.overlaps.push_back("rows " + std::to_string(a) + " and " + std::to_string(b) + " on " +
                                where);
    }
    for (size_t c = 0; c < columns_.size(); ++c) {
      if (++at[c] < columns_[c]->segments.size()) break;
      at[c] = 0;
    }
  }
  return report;
}

}  // namespace smecredit::decision
