#include "decision/expr/builtins.h"

#include <algorithm>
#include <string>

#include "decision/expr/arith.h"

namespace smecredit::decision {

namespace {

constexpr int64_t kMaxDayShift = 1'000'000;
constexpr int kMaxMonthShift = 12'000;

using Args = std::span<const Value>;

bool any_null(Args args) {
  return std::any_of(args.begin(), args.end(), [](const Value& v) { return v.is_null(); });
}

bool expect(EvalContext& ctx, SourcePos pos, const Value& v, ValueKind kind, std::string_view fn) {
  if (v.kind() == kind) return true;
  return ctx.fail(pos, std::string(fn) + " needs a " + std::string(value_kind_name(kind)) +
                           ", not a " + std::string(value_kind_name(v.kind())));
}

// An integer argument in [-limit, limit].
bool integer_arg(EvalContext& ctx, SourcePos pos, const Value& v, int64_t limit,
                 std::string_view fn, int64_t* out) {
  if (!expect(ctx, pos, v, ValueKind::kNumber, fn)) return false;
  const Decimal d = v.as_number().normalized();
  if (d.scale() != 0 || d.mantissa() < -limit || d.mantissa() > limit) {
    return ctx.fail(pos,
                    std::string(fn) + " needs a whole number within +-" + std::to_string(limit));
  }
  *out = d.mantissa();
  return true;
}

bool number_result(EvalContext& ctx, SourcePos pos, const Result<Decimal>& r, Value* out) {
  if (!r.ok()) return ctx.fail(pos, r.error().message);
  *out = Value::number(r.value());
  return true;
}

bool fn_abs(EvalContext& ctx, SourcePos pos, Args args, Value* out) {
  if (any_null(args)) return (*out = Value(), true);
  if (!expect(ctx, pos, args[0], ValueKind::kNumber, "abs")) return false;
  const Decimal& d = args[0].as_number();
  return number_result(ctx, pos, d.is_negative() ? decimal_subtract(Decimal(), d) : d, out);
}

bool fn_round(EvalContext& ctx, SourcePos pos, Args args, Value* out) {
  if (any_null(args)) return (*out = Value(), true);
  int64_t scale = 0;
  if (!expect(ctx, pos, args[0], ValueKind::kNumber, "round")) return false;
  if (args.size() == 2 && !integer_arg(ctx, pos, args[1], Decimal::kMaxScale, "round", &scale)) {
    return false;
  }
  if (scale < 0) return ctx.fail(pos, "round needs a scale of 0 or more");
  return number_result(
      ctx, pos, args[0].as_number().rescale(static_cast<int>(scale), Rounding::kHalfUp), out);
}

bool fn_div(EvalContext& ctx, SourcePos pos, Args args, Value* out) {
  if (any_null(args)) return (*out = Value(), true);
  int64_t scale = 0;
  if (!expect(ctx, pos, args[0], ValueKind::kNumber, "div") ||
      !expect(ctx, pos, args[1], ValueKind::kNumber, "div") ||
      !integer_arg(ctx, pos, args[2], Decimal::kMaxScale, "div", &scale)) {
    return false;
  }
  if (scale < 0) return ctx.fail(pos, "div needs a scale of 0 or more");
  return number_result(ctx, pos,
                       decimal_divide(args[0].as_number(), args[1].as_number(),
                                      static_cast<int>(scale), Rounding::kHalfEven),
                       out);
}

// min(a, b, ...) / max(a, b, ...) over scalars; null if any is null.
template <bool kMax>
bool fn_extreme(EvalContext& ctx, SourcePos pos, Args args, Value* out) {
  if (any_null(args)) return (*out = Value(), true);
  *out = args[0];
  for (const Value& v : args.subspan(1)) {
    std::partial_ordering order = std::partial_ordering::unordered;
    if (!compare_values(v, *out, &order))
      return ctx.fail(pos, "min/max of values that do not order");
    if (kMax ? std::is_gt(order) : std::is_lt(order)) *out = v;
  }
  return true;
}

bool fn_len(EvalContext& ctx, SourcePos pos, Args args, Value* out) {
  if (any_null(args)) return (*out = Value(), true);
  if (args[0].kind() == ValueKind::kArray) {
    *out = Value::number(Decimal::from_int(static_cast<int64_t>(args[0].as_array().size())));
    return true;
  }
  if (!expect(ctx, pos, args[0], ValueKind::kString, "len")) return false;
  *out = Value::number(Decimal::from_int(static_cast<int64_t>(args[0].as_string().size())));
  return true;
}

template <bool kUpper>
bool fn_case(EvalContext& ctx, SourcePos pos, Args args, Value* out) {
  if (any_null(args)) return (*out = Value(), true);
  if (!expect(ctx, pos, args[0], ValueKind::kString, kUpper ? "upper" : "lower")) return false;
  std::string s = args[0].as_string();
  for (char& c : s) {
    if (kUpper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!kUpper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  *out = Value::string(std::move(s));
  return true;
}

enum class Match { kContains, kStarts, kEnds };

template <Match kMatch>
bool fn_match(EvalContext& ctx, SourcePos pos, Args args, Value* out) {
  if (any_null(args)) return (*out = Value(), true);
  if (!expect(ctx, pos, args[0], ValueKind::kString, "string match") ||
      !expect(ctx, pos, args[1], ValueKind::kString, "string match")) {
    return false;
  }
  std::string_view s = args[0].as_string();
  std::string_view t = args[1].as_string();
  bool result = false;
  if (kMatch == Match::kContains) result = s.find(t) != std::string_view::npos;
  if (kMatch == Match::kStarts) result = s.substr(0, t.size()) == t;
  if (kMatch == Match::kEnds) result = s.size() >= t.size() && s.substr(s.size() - t.size()) == t;
  *out = Value::boolean(result);
  return true;
}

bool fn_substr(EvalContext& ctx, SourcePos pos, Args args, Value* out) {
  if (any_null(args)) return (*out = Value(), true);
  int64_t start = 0;
  int64_t count = static_cast<int64_t>(ctx.limits.max_string_bytes);
  if (!expect(ctx, pos, args[0], ValueKind::kString, "substr") ||
      !integer_arg(ctx, pos, args[1], kMaxDayShift, "substr", &start) ||
      (args.size() == 3 && !integer_arg(ctx, pos, args[2], kMaxDayShift, "substr", &count))) {
    return false;
  }
  const std::string& s = args[0].as_string();
  if (start < 0 || count < 0) return ctx.fail(pos, "substr needs a non-negative start and count");
  const size_t from = std::min(s.size(), static_cast<size_t>(start));
  *out = Value::string(s.substr(from, static_cast<size_t>(count)));
  return true;
}

bool fn_date(EvalContext& ctx, SourcePos pos, Args args, Value* out) {
  if (any_null(args)) return (*out = Value(), true);
  if (args[0].kind() == ValueKind::kDate) return (*out = args[0], true);
  if (!expect(ctx, pos, args[0], ValueKind::kString, "date")) return false;
  Result<Date> parsed = parse_date(args[0].as_string());
  if (!parsed.ok()) return ctx.fail(pos, "date needs YYYY-MM-DD");
  *out = Value::date(parsed.value());
  return true;
}

bool fn_days_between(EvalContext& ctx, SourcePos pos, Args args, Value* out) {
  if (any_null(args)) return (*out = Value(), true);
  if (!expect(ctx, pos, args[0], ValueKind::kDate, "days_between") ||
      !expect(ctx, pos, args[1], ValueKind::kDate, "days_between")) {
    return false;
  }
  *out = Value::number(Decimal::from_int(days_between(args[0].as_date(), args[1].as_date())));
  return true;
}

template <bool kMonths>
bool fn_add_to_date(EvalContext& ctx, SourcePos pos, Args args, Value* out) {
  if (any_null(args)) return (*out = Value(), true);
  int64_t n = 0;
  const char* fn = kMonths ? "add_months" : "add_days";
  if (!expect(ctx, pos, args[0], ValueKind::kDate, fn) ||
      !integer_arg(ctx, pos, args[1], kMonths ? kMaxMonthShift : kMaxDayShift, fn, &n)) {
    return false;
  }
  const Date d = args[0].as_date();
  const Date result = kMonths ? add_months_clamped(d, static_cast<int>(n)) : add_days(d, n);
  if (!result.ok()) return ctx.fail(pos, "date out of range");
  *out = Value::date(result);
  return true;
}

enum class Part { kYear, kMonth, kDay };

template <Part kPart>
bool fn_date_part(EvalContext& ctx, SourcePos pos, Args args, Value* out) {
  if (any_null(args)) return (*out = Value(), true);
  if (!expect(ctx, pos, args[0], ValueKind::kDate, "year/month/day")) return false;
  const Date d = args[0].as_date();
  int64_t part = static_cast<int>(d.year());
  if (kPart == Part::kMonth) part = static_cast<unsigned>(d.month());
  if (kPart == Part::kDay) part = static_cast<unsigned>(d.day());
  *out = Value::number(Decimal::from_int(part));
  return true;
}

bool fn_is_null(EvalContext&, SourcePos, Args args, Value* out) {
  *out = Value::boolean(args[0].is_null());
  return true;
}

bool fn_coalesce(EvalContext&, SourcePos, Args args, Value* out) {
  *out = Value();
  for (const Value& v : args) {
    if (!v.is_null()) return (*out = v, true);
  }
  return true;
}

bool fn_number(EvalContext& ctx, SourcePos pos, Args args, Value* out) {
  if (any_null(args)) return (*out = Value(), true);
  if (args[0].kind() == ValueKind::kNumber) return (*out = args[0], true);
  if (!expect(ctx, pos, args[0], ValueKind::kString, "number")) return false;
  Result<Decimal> parsed = Decimal::parse(args[0].as_string());
  *out = parsed.ok() ? Value::number(parsed.value()) : Value();
  return true;
}

bool fn_string(EvalContext&, SourcePos, Args args, Value* out) {
  const Value& v = args[0];
  if (v.is_null() || v.kind() == ValueKind::kString) return (*out = v, true);
  if (v.kind() == ValueKind::kNumber)
    return (*out = Value::string(v.as_number().to_string()), true);
  if (v.kind() == ValueKind::kDate) return (*out = Value::string(format_date(v.as_date())), true);
  *out = Value::string(v.to_json());
  return true;
}

bool fn_aggregate_array(EvalContext& ctx, SourcePos pos, Aggregate aggregate, Args args,
                        Value* out) {
  if (args[0].is_null()) return (*out = Value(), true);
  if (!expect(ctx, pos, args[0], ValueKind::kArray, "aggregate")) return false;
  return aggregate_closure(ctx, pos, aggregate, args[0].as_array(), args[0].as_array(), out);
}

template <Aggregate kAggregate>
bool fn_aggregate(EvalContext& ctx, SourcePos pos, Args args, Value* out) {
  return fn_aggregate_array(ctx, pos, kAggregate, args, out);
}

// min/max with one argument aggregate the array; with several, compare them.
template <bool kMax>
bool fn_min_max(EvalContext& ctx, SourcePos pos, Args args, Value* out) {
  if (args.size() == 1) {
    return fn_aggregate_array(ctx, pos, kMax ? Aggregate::kMax : Aggregate::kMin, args, out);
  }
  return fn_extreme<kMax>(ctx, pos, args, out);
}

constexpr Builtin kBuiltins[] = {
    {"abs", 1, 1, fn_abs},
    {"round", 1, 2, fn_round},
    {"div", 3, 3, fn_div},
    {"min", 1, kMaxBuiltinArgs, fn_min_max<false>},
    {"max", 1, kMaxBuiltinArgs, fn_min_max<true>},
    {"sum", 1, 1, fn_aggregate<Aggregate::kSum>},
    {"avg", 1, 1, fn_aggregate<Aggregate::kAvg>},
    {"count", 1, 1, fn_aggregate<Aggregate::kCount>},
    {"len", 1, 1, fn_len},
    {"upper", 1, 1, fn_case<true>},
    {"lower", 1, 1, fn_case<false>},
    {"contains", 2, 2, fn_match<Match::kContains>},
    {"starts_with", 2, 2, fn_match<Match::kStarts>},
    {"ends_with", 2, 2, fn_match<Match::kEnds>},
    {"substr", 2, 3, fn_substr},
    {"date", 1, 1, fn_date},
    {"days_between", 2, 2, fn_days_between},
    {"add_days", 2, 2, fn_add_to_date<false>},
    {"add_months", 2, 2, fn_add_to_date<true>},
    {"year", 1, 1, fn_date_part<Part::kYear>},
    {"month", 1, 1, fn_date_part<Part::kMonth>},
    {"day", 1, 1, fn_date_part<Part::kDay>},
    {"is_null", 1, 1, fn_is_null},
    {"coalesce", 1, kMaxBuiltinArgs, fn_coalesce},
    {"number", 1, 1, fn_number},
    {"string", 1, 1, fn_string},
};

bool add_numbers(EvalContext& ctx, SourcePos pos, const ValueArray& values, Decimal* total,
                 int64_t* count) {
  for (const Value& v : values) {
    if (v.is_null()) continue;
    if (!expect(ctx, pos, v, ValueKind::kNumber, "sum/avg")) return false;
    Result<Decimal> next = decimal_add(*total, v.as_number());
    if (!next.ok()) return ctx.fail(pos, next.error().message);
    *total = next.value();
    ++*count;
  }
  return true;
}

bool extreme_of(EvalContext& ctx, SourcePos pos, bool want_max, const ValueArray& values,
                Value* out) {
  *out = Value();
  for (const Value& v : values) {
    if (v.is_null()) continue;
    std::partial_ordering order = std::partial_ordering::greater;
    if (!out->is_null() && !compare_values(v, *out, &order)) {
      return ctx.fail(pos, "min/max of values that do not order");
    }
    if (out->is_null() || (want_max ? std::is_gt(order) : std::is_lt(order))) *out = v;
  }
  return true;
}

bool truth_of(EvalContext& ctx, SourcePos pos, const Value& v) {
  if (v.is_null() || v.kind() == ValueKind::kBool) return true;
  return ctx.fail(pos, "the closure needs to give a boolean");
}

// some: true if any is true, else null if any is null, else false; all dually.
bool quantify(EvalContext& ctx, SourcePos pos, bool is_all, const ValueArray& results, Value* out) {
  bool saw_null = false;
  for (const Value& r : results) {
    if (!truth_of(ctx, pos, r)) return false;
    if (r.is_null()) {
      saw_null = true;
    } else if (r.as_bool() != is_all) {
      *out = Value::boolean(!is_all);
      return true;
    }
  }
  *out = saw_null ? Value() : Value::boolean(is_all);
  return true;
}

}  // namespace

const Builtin* find_builtin(std::string_view name, size_t argc) {
  for (const Builtin& builtin : kBuiltins) {
    if (builtin.name == name && argc >= builtin.min_args && argc <= builtin.max_args) {
      return &builtin;
    }
  }
  return nullptr;
}

Result<Aggregate> parse_aggregate(std::string_view name) {
  static constexpr std::pair<std::string_view, Aggregate> kNames[] = {
      {"filter", Aggregate::kFilter}, {"map", Aggregate::kMap},   {"sum", Aggregate::kSum},
      {"avg", Aggregate::kAvg},       {"min", Aggregate::kMin},   {"max", Aggregate::kMax},
      {"count", Aggregate::kCount},   {"some", Aggregate::kSome}, {"all", Aggregate::kAll},
  };
  for (const auto& [text, aggregate] : kNames) {
    if (text == name) return aggregate;
  }
  return Error{ErrorCode::kInvalidArgument, "not an aggregate"};
}

bool aggregate_closure(EvalContext& ctx, SourcePos pos, Aggregate aggregate,
                       const ValueArray& items, const ValueArray& results, Value* out) {
  switch (aggregate) {
    case Aggregate::kFilter: {
      ValueArray kept;
      for (size_t i = 0; i < items.size(); ++i) {
        if (!truth_of(ctx, pos, results[i])) return false;
        if (is_true(results[i])) kept.push_back(items[i]);
      }
      *out = Value::array(std::move(kept));
      return true;
    }
    case Aggregate::kMap:
      *out = Value::array(results);
      return true;
    case Aggregate::kSum:
    case Aggregate::kAvg: {
      Decimal total;
      int64_t count = 0;
      if (!add_numbers(ctx, pos, results, &total, &count)) return false;
      if (aggregate == Aggregate::kSum) return (*out = Value::number(total), true);
      if (count == 0) return (*out = Value(), true);
      return number_result(
          ctx, pos,
          decimal_divide(total, Decimal::from_int(count), kDivisionScale, Rounding::kHalfEven),
          out);
    }
    case Aggregate::kMin:
    case Aggregate::kMax:
      return extreme_of(ctx, pos, aggregate == Aggregate::kMax, results, out);
    case Aggregate::kCount: {
      int64_t count = 0;
      const bool predicate = &items != &results;
      for (const Value& r : results) {
        if (predicate && !truth_of(ctx, pos, r)) return false;
        if (predicate ? is_true(r) : !r.is_null()) ++count;
      }
      *out = Value::number(Decimal::from_int(count));
      return true;
    }
    case Aggregate::kSome:
    case Aggregate::kAll:
      return quantify(ctx, pos, aggregate == Aggregate::kAll, results, out);
  }
  return ctx.fail(pos, "unknown aggregate");
}

bool compare_values(const Value& a, const Value& b, std::partial_ordering* order) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case ValueKind::kBool:
      *order = a.as_bool() <=> b.as_bool();
      return true;
    case ValueKind::kNumber:
      *order = a.as_number() <=> b.as_number();
      return true;
    case ValueKind::kString:
      *order = a.as_string() <=> b.as_string();
      return true;
    case ValueKind::kDate:
      *order = a.as_date() <=> b.as_date();
      return true;
    default:
      return false;
  }
}

}  // namespace smecredit::decision
