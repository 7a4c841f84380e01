#include "decision/expr/compile.h"

#include <utility>

#include "decision/expr/arith.h"
#include "decision/expr/builtins.h"
#include "decision/expr/parser.h"

namespace smecredit::decision {

int Schema::add(std::string_view name) {
  auto [it, inserted] = slots_.try_emplace(std::string(name), static_cast<int>(names_.size()));
  if (inserted) names_.emplace_back(name);
  return it->second;
}

int Schema::find(std::string_view name) const {
  auto it = slots_.find(std::string(name));
  return it == slots_.end() ? -1 : it->second;
}

bool EvalContext::fail(SourcePos pos, std::string_view message) {
  if (!failed) {
    failed = true;
    error = expression_error(pos, message);
  }
  return false;
}

namespace {

using NodePtr = std::unique_ptr<Node>;

// Counts one step; false (with the error recorded) past the limit.
inline bool step(EvalContext& ctx, SourcePos pos) {
  if (++ctx.steps <= ctx.limits.max_steps) return true;
  return ctx.fail(pos, "evaluation step limit reached");
}

class LiteralNode final : public Node {
 public:
  LiteralNode(SourcePos pos, Value value) : Node(pos), value_(std::move(value)) {}
  bool eval(EvalContext& ctx, Value* out) const override {
    *out = value_;
    return step(ctx, pos());
  }

 private:
  Value value_;
};

class SlotNode final : public Node {
 public:
  SlotNode(SourcePos pos, int slot) : Node(pos), slot_(static_cast<size_t>(slot)) {}
  bool eval(EvalContext& ctx, Value* out) const override {
    if (slot_ >= ctx.slots.size()) return ctx.fail(pos(), "variable has no value slot");
    *out = ctx.slots[slot_];
    return step(ctx, pos());
  }

 private:
  size_t slot_;
};

class LocalNode final : public Node {
 public:
  LocalNode(SourcePos pos, size_t depth) : Node(pos), depth_(depth) {}
  bool eval(EvalContext& ctx, Value* out) const override {
    *out = ctx.locals[depth_];
    return step(ctx, pos());
  }

 private:
  size_t depth_;
};

class FieldNode final : public Node {
 public:
  FieldNode(SourcePos pos, NodePtr object, std::string name)
      : Node(pos), object_(std::move(object)), name_(std::move(name)) {}
  bool eval(EvalContext& ctx, Value* out) const override {
    Value object;
    if (!object_->eval(ctx, &object)) return false;
    if (object.is_null()) {
      *out = Value();
      return step(ctx, pos());
    }
    if (object.kind() != ValueKind::kObject) return ctx.fail(pos(), "field of a non-object");
    *out = object.field(name_);
    return step(ctx, pos());
  }

 private:
  NodePtr object_;
  std::string name_;
};

class NegateNode final : public Node {
 public:
  NegateNode(SourcePos pos, NodePtr operand) : Node(pos), operand_(std::move(operand)) {}
  bool eval(EvalContext& ctx, Value* out) const override {
    if (!operand_->eval(ctx, out) || !step(ctx, pos())) return false;
    if (out->is_null()) return true;
    if (out->kind() != ValueKind::kNumber) return ctx.fail(pos(), "'-' needs a number");
    Result<Decimal> negated = decimal_subtract(Decimal(), out->as_number());
    if (!negated.ok()) return ctx.fail(pos(), negated.error().message);
    *out = Value::number(negated.value());
    return true;
  }

 private:
  NodePtr operand_;
};

class NotNode final : public Node {
 public:
  NotNode(SourcePos pos, NodePtr operand) : Node(pos), operand_(std::move(operand)) {}
  bool eval(EvalContext& ctx, Value* out) const override {
    if (!operand_->eval(ctx, out) || !step(ctx, pos())) return false;
    if (out->is_null()) return true;
    if (out->kind() != ValueKind::kBool) return ctx.fail(pos(), "'not' needs a boolean");
    *out = Value::boolean(!out->as_bool());
    return true;
  }

 private:
  NodePtr operand_;
};

// 'and' (is_and) or 'or' with Kleene logic; short-circuits on the deciding value.
class LogicNode final : public Node {
 public:
  LogicNode(SourcePos pos, bool is_and, NodePtr left, NodePtr right)
      : Node(pos), is_and_(is_and), left_(std::move(left)), right_(std::move(right)) {}
  bool eval(EvalContext& ctx, Value* out) const override {
    if (!step(ctx, pos())) return false;
    Value left;
    if (!left_->eval(ctx, &left) || !check(ctx, left)) return false;
    if (!left.is_null() && left.as_bool() != is_and_) {
      *out = left;
      return true;
    }
    Value right;
    if (!right_->eval(ctx, &right) || !check(ctx, right)) return false;
    if (!right.is_null() && right.as_bool() != is_and_) {
      *out = right;
    } else if (left.is_null() || right.is_null()) {
      *out = Value();
    } else {
      *out = Value::boolean(is_and_);
    }
    return true;
  }

 private:
  bool check(EvalContext& ctx, const Value& v) const {
    if (v.is_null() || v.kind() == ValueKind::kBool) return true;
    return ctx.fail(pos(), is_and_ ? "'and' needs booleans" : "'or' needs booleans");
  }

  bool is_and_;
  NodePtr left_;
  NodePtr right_;
};

class ArithmeticNode final : public Node {
 public:
  ArithmeticNode(SourcePos pos, char op, NodePtr left, NodePtr right)
      : Node(pos), op_(op), left_(std::move(left)), right_(std::move(right)) {}
  bool eval(EvalContext& ctx, Value* out) const override {
    Value right;
    if (!left_->eval(ctx, out) || !right_->eval(ctx, &right) || !step(ctx, pos())) return false;
    if (out->is_null() || right.is_null()) {
      *out = Value();
      return true;
    }
    if (op_ == '+' && out->kind() == ValueKind::kString && right.kind() == ValueKind::kString) {
      return concat(ctx, right, out);
    }
    if (out->kind() != ValueKind::kNumber || right.kind() != ValueKind::kNumber) {
      return ctx.fail(pos(), std::string("'") + op_ + "' needs numbers, not " +
                                 std::string(value_kind_name(out->kind())) + " and " +
                                 std::string(value_kind_name(right.kind())));
    }
    Result<Decimal> result = apply(out->as_number(), right.as_number());
    if (!result.ok()) return ctx.fail(pos(), result.error().message);
    *out = Value::number(result.value());
    return true;
  }

 private:
  Result<Decimal> apply(const Decimal& a, const Decimal& b) const {
    switch (op_) {
      case '+':
        return decimal_add(a, b);
      case '-':
        return decimal_subtract(a, b);
      case '*':
        return decimal_multiply(a, b);
      case '/':
        return decimal_divide(a, b, kDivisionScale, Rounding::kHalfEven);
      default:
        return decimal_remainder(a, b);
    }
  }

  bool concat(EvalContext& ctx, const Value& right, Value* out) const {
    if (out->as_string().size() + right.as_string().size() > ctx.limits.max_string_bytes) {
      return ctx.fail(pos(), "string too long");
    }
    *out = Value::string(out->as_string() + right.as_string());
    return true;
  }

  char op_;
  NodePtr left_;
  NodePtr right_;
};

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };

CompareOp compare_op(std::string_view op) {
  if (op == "==") return CompareOp::kEq;
  if (op == "!=") return CompareOp::kNe;
  if (op == "<") return CompareOp::kLt;
  if (op == "<=") return CompareOp::kLe;
  if (op == ">") return CompareOp::kGt;
  return CompareOp::kGe;
}

class CompareNode final : public Node {
 public:
  CompareNode(SourcePos pos, std::string_view op, NodePtr left, NodePtr right)
      : Node(pos), op_(compare_op(op)), left_(std::move(left)), right_(std::move(right)) {}
  bool eval(EvalContext& ctx, Value* out) const override {
    Value left;
    Value right;
    if (!left_->eval(ctx, &left) || !right_->eval(ctx, &right) || !step(ctx, pos())) return false;
    if (op_ == CompareOp::kEq || op_ == CompareOp::kNe) {
      *out = Value::boolean((left == right) == (op_ == CompareOp::kEq));
      return true;
    }
    if (left.is_null() || right.is_null()) {
      *out = Value();
      return true;
    }
    std::partial_ordering order = std::partial_ordering::unordered;
    if (!compare_values(left, right, &order)) {
      return ctx.fail(pos(), "cannot order " + std::string(value_kind_name(left.kind())) + " and " +
                                 std::string(value_kind_name(right.kind())));
    }
    bool result = false;
    switch (op_) {
      case CompareOp::kLt:
        result = std::is_lt(order);
        break;
      case CompareOp::kLe:
        result = std::is_lteq(order);
        break;
      case CompareOp::kGt:
        result = std::is_gt(order);
        break;
      default:
        result = std::is_gteq(order);
        break;
    }
    *out = Value::boolean(result);
    return true;
  }

 private:
  CompareOp op_;
  NodePtr left_;
  NodePtr right_;
};

class ConditionalNode final : public Node {
 public:
  ConditionalNode(SourcePos pos, NodePtr condition, NodePtr then_branch, NodePtr else_branch)
      : Node(pos),
        condition_(std::move(condition)),
        then_(std::move(then_branch)),
        else_(std::move(else_branch)) {}
  bool eval(EvalContext& ctx, Value* out) const override {
    Value condition;
    if (!condition_->eval(ctx, &condition) || !step(ctx, pos())) return false;
    if (!condition.is_null() && condition.kind() != ValueKind::kBool) {
      return ctx.fail(pos(), "the condition of '?' needs a boolean");
    }
    return is_true(condition) ? then_->eval(ctx, out) : else_->eval(ctx, out);
  }

 private:
  NodePtr condition_;
  NodePtr then_;
  NodePtr else_;
};

class ArrayNode final : public Node {
 public:
  ArrayNode(SourcePos pos, std::vector<NodePtr> items) : Node(pos), items_(std::move(items)) {}
  bool eval(EvalContext& ctx, Value* out) const override {
    ValueArray values(items_.size());
    for (size_t i = 0; i < items_.size(); ++i) {
      if (!items_[i]->eval(ctx, &values[i])) return false;
    }
    *out = Value::array(std::move(values));
    return step(ctx, pos());
  }

 private:
  std::vector<NodePtr> items_;
};

// x in [a..b] / (a..b) and the mixed ends; null bounds are open-ended.
class InRangeNode final : public Node {
 public:
  InRangeNode(SourcePos pos, bool negated, NodePtr value, const Ast& range, NodePtr low,
              NodePtr high)
      : Node(pos),
        negated_(negated),
        low_closed_(range.low_closed),
        high_closed_(range.high_closed),
        value_(std::move(value)),
        low_(std::move(low)),
        high_(std::move(high)) {}
  bool eval(EvalContext& ctx, Value* out) const override {
    Value v;
    Value low;
    Value high;
    if (!value_->eval(ctx, &v) || !low_->eval(ctx, &low) || !high_->eval(ctx, &high) ||
        !step(ctx, pos())) {
      return false;
    }
    if (v.is_null()) {
      *out = Value();
      return true;
    }
    bool inside = true;
    std::partial_ordering order = std::partial_ordering::unordered;
    if (!low.is_null()) {
      if (!compare_values(v, low, &order)) return ctx.fail(pos(), "range bounds of another type");
      inside = low_closed_ ? std::is_gteq(order) : std::is_gt(order);
    }
    if (inside && !high.is_null()) {
      if (!compare_values(v, high, &order)) return ctx.fail(pos(), "range bounds of another type");
      inside = high_closed_ ? std::is_lteq(order) : std::is_lt(order);
    }
    *out = Value::boolean(inside != negated_);
    return true;
  }

 private:
  bool negated_;
  bool low_closed_;
  bool high_closed_;
  NodePtr value_;
  NodePtr low_;
  NodePtr high_;
};

class InArrayNode final : public Node {
 public:
  InArrayNode(SourcePos pos, bool negated, NodePtr value, NodePtr array)
      : Node(pos), negated_(negated), value_(std::move(value)), array_(std::move(array)) {}
  bool eval(EvalContext& ctx, Value* out) const override {
    Value v;
    Value array;
    if (!value_->eval(ctx, &v) || !array_->eval(ctx, &array) || !step(ctx, pos())) return false;
    if (v.is_null() || array.is_null()) {
      *out = Value();
      return true;
    }
    if (array.kind() == ValueKind::kString && v.kind() == ValueKind::kString) {
      *out =
          Value::boolean((array.as_string().find(v.as_string()) != std::string::npos) != negated_);
      return true;
    }
    if (array.kind() != ValueKind::kArray) return ctx.fail(pos(), "'in' needs an array or a range");
    bool found = false;
    for (const Value& item : array.as_array()) {
      if (!step(ctx, pos())) return false;
      if (item == v) {
        found = true;
        break;
      }
    }
    *out = Value::boolean(found != negated_);
    return true;
  }

 private:
  bool negated_;
  NodePtr value_;
  NodePtr array_;
};

class CallNode final : public Node {
 public:
  CallNode(SourcePos pos, const Builtin* builtin, std::vector<NodePtr> args)
      : Node(pos), builtin_(builtin), args_(std::move(args)) {}
  bool eval(EvalContext& ctx, Value* out) const override {
    Value args[kMaxBuiltinArgs];
    for (size_t i = 0; i < args_.size(); ++i) {
      if (!args_[i]->eval(ctx, &args[i])) return false;
    }
    if (!step(ctx, pos())) return false;
    return builtin_->call(ctx, pos(), std::span<const Value>(args, args_.size()), out);
  }

 private:
  const Builtin* builtin_;
  std::vector<NodePtr> args_;
};

// filter, map, sum, avg, min, max, count, some, all with a closure.
class ClosureNode final : public Node {
 public:
  ClosureNode(SourcePos pos, Aggregate aggregate, NodePtr array, NodePtr body)
      : Node(pos), aggregate_(aggregate), array_(std::move(array)), body_(std::move(body)) {}
  bool eval(EvalContext& ctx, Value* out) const override {
    Value array;
    if (!array_->eval(ctx, &array) || !step(ctx, pos())) return false;
    if (array.is_null()) {
      *out = Value();
      return true;
    }
    if (array.kind() != ValueKind::kArray) return ctx.fail(pos(), "closure over a non-array");
    ValueArray results;
    results.reserve(array.as_array().size());
    ctx.locals.emplace_back();
    const size_t local = ctx.locals.size() - 1;
    for (const Value& item : array.as_array()) {
      ctx.locals[local] = item;
      Value result;
      if (!body_->eval(ctx, &result)) return false;
      results.push_back(std::move(result));
    }
    ctx.locals.pop_back();
    return aggregate_closure(ctx, pos(), aggregate_, array.as_array(), results, out);
  }

 private:
  Aggregate aggregate_;
  NodePtr array_;
  NodePtr body_;
};

class Compiler {
 public:
  explicit Compiler(const Schema& schema) : schema_(schema) {}

  Result<NodePtr> compile(const Ast& ast) {
    switch (ast.kind) {
      case AstKind::kLiteral:
        return NodePtr(std::make_unique<LiteralNode>(ast.pos, ast.literal));
      case AstKind::kName:
        return name(ast);
      case AstKind::kField: {
        SC_ASSIGN_OR_RETURN(NodePtr object, compile(*ast.children[0]));
        return NodePtr(std::make_unique<FieldNode>(ast.pos, std::move(object), ast.name));
      }
      case AstKind::kUnary:
        return unary(ast);
      case AstKind::kBinary:
        return binary(ast);
      case AstKind::kIn:
        return in(ast);
      case AstKind::kConditional: {
        SC_ASSIGN_OR_RETURN(NodePtr c, compile(*ast.children[0]));
        SC_ASSIGN_OR_RETURN(NodePtr t, compile(*ast.children[1]));
        SC_ASSIGN_OR_RETURN(NodePtr e, compile(*ast.children[2]));
        return NodePtr(
            std::make_unique<ConditionalNode>(ast.pos, std::move(c), std::move(t), std::move(e)));
      }
      case AstKind::kCall:
        return call(ast);
      case AstKind::kArray: {
        SC_ASSIGN_OR_RETURN(std::vector<NodePtr> items, compile_all(ast.children));
        return NodePtr(std::make_unique<ArrayNode>(ast.pos, std::move(items)));
      }
      case AstKind::kRange:
        return expression_error(ast.pos, "a range is only allowed after 'in'");
      case AstKind::kLambda:
        return expression_error(ast.pos, "a closure is only allowed as a function argument");
    }
    return expression_error(ast.pos, "unknown syntax");
  }

 private:
  Result<std::vector<NodePtr>> compile_all(const std::vector<std::unique_ptr<Ast>>& asts) {
    std::vector<NodePtr> nodes;
    for (const auto& child : asts) {
      SC_ASSIGN_OR_RETURN(NodePtr node, compile(*child));
      nodes.push_back(std::move(node));
    }
    return nodes;
  }

  // A closure parameter, else the longest dotted prefix that is a variable.
  Result<NodePtr> name(const Ast& ast) {
    std::string_view full = ast.name;
    size_t end = full.size();
    while (true) {
      std::string_view prefix = full.substr(0, end);
      NodePtr node = lookup(ast.pos, prefix);
      if (node != nullptr) return fields(ast.pos, std::move(node), full.substr(end));
      end = prefix.rfind('.');
      if (end == std::string_view::npos) break;
    }
    return expression_error(ast.pos, "unknown name '" + ast.name + "'");
  }

  NodePtr lookup(SourcePos pos, std::string_view name) const {
    for (size_t i = params_.size(); i > 0; --i) {
      if (params_[i - 1] == name) return std::make_unique<LocalNode>(pos, i - 1);
    }
    const int slot = schema_.find(name);
    if (slot < 0) return nullptr;
    return std::make_unique<SlotNode>(pos, slot);
  }

  // Wraps `node` in field accesses for ".a.b" (empty: none).
  static NodePtr fields(SourcePos pos, NodePtr node, std::string_view rest) {
    while (!rest.empty()) {
      rest.remove_prefix(1);
      const size_t dot = rest.find('.');
      std::string field(rest.substr(0, dot));
      node = std::make_unique<FieldNode>(pos, std::move(node), std::move(field));
      rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot);
    }
    return node;
  }

  Result<NodePtr> unary(const Ast& ast) {
    SC_ASSIGN_OR_RETURN(NodePtr operand, compile(*ast.children[0]));
    if (ast.name == "-") return NodePtr(std::make_unique<NegateNode>(ast.pos, std::move(operand)));
    return NodePtr(std::make_unique<NotNode>(ast.pos, std::move(operand)));
  }

  Result<NodePtr> binary(const Ast& ast) {
    SC_ASSIGN_OR_RETURN(NodePtr left, compile(*ast.children[0]));
    SC_ASSIGN_OR_RETURN(NodePtr right, compile(*ast.children[1]));
    const std::string& op = ast.name;
    if (op == "and" || op == "or") {
      return NodePtr(
          std::make_unique<LogicNode>(ast.pos, op == "and", std::move(left), std::move(right)));
    }
    if (op.size() == 1 && std::string_view("+-*/%").find(op[0]) != std::string_view::npos) {
      return NodePtr(
          std::make_unique<ArithmeticNode>(ast.pos, op[0], std::move(left), std::move(right)));
    }
    return NodePtr(std::make_unique<CompareNode>(ast.pos, op, std::move(left), std::move(right)));
  }

  Result<NodePtr> in(const Ast& ast) {
    SC_ASSIGN_OR_RETURN(NodePtr value, compile(*ast.children[0]));
    const Ast& right = *ast.children[1];
    if (right.kind == AstKind::kRange) {
      SC_ASSIGN_OR_RETURN(NodePtr low, compile(*right.children[0]));
      SC_ASSIGN_OR_RETURN(NodePtr high, compile(*right.children[1]));
      return NodePtr(std::make_unique<InRangeNode>(ast.pos, ast.negated, std::move(value), right,
                                                   std::move(low), std::move(high)));
    }
    SC_ASSIGN_OR_RETURN(NodePtr array, compile(right));
    return NodePtr(
        std::make_unique<InArrayNode>(ast.pos, ast.negated, std::move(value), std::move(array)));
  }

  Result<NodePtr> call(const Ast& ast) {
    const size_t argc = ast.children.size();
    const bool has_closure = argc == 2 && ast.children[1]->kind == AstKind::kLambda;
    if (has_closure) return closure(ast);
    const Builtin* builtin = find_builtin(ast.name, argc);
    if (builtin == nullptr) {
      return expression_error(ast.pos, "unknown function '" + ast.name + "' with " +
                                           std::to_string(argc) + " argument(s)");
    }
    SC_ASSIGN_OR_RETURN(std::vector<NodePtr> args, compile_all(ast.children));
    return NodePtr(std::make_unique<CallNode>(ast.pos, builtin, std::move(args)));
  }

  Result<NodePtr> closure(const Ast& ast) {
    Result<Aggregate> aggregate = parse_aggregate(ast.name);
    if (!aggregate.ok()) {
      return expression_error(ast.pos, "'" + ast.name + "' takes no closure");
    }
    SC_ASSIGN_OR_RETURN(NodePtr array, compile(*ast.children[0]));
    const Ast& lambda = *ast.children[1];
    params_.push_back(lambda.name);
    Result<NodePtr> body = compile(*lambda.children[0]);
    params_.pop_back();
    if (!body.ok()) return body.error();
    return NodePtr(std::make_unique<ClosureNode>(ast.pos, aggregate.value(), std::move(array),
                                                 std::move(body).value()));
  }

  const Schema& schema_;
  std::vector<std::string> params_;
};

}  // namespace

Result<std::unique_ptr<Node>> compile_ast(const Ast& ast, const Schema& schema) {
  return Compiler(schema).compile(ast);
}

Result<Expression> compile_expression(std::string_view text, const Schema& schema) {
  SC_ASSIGN_OR_RETURN(std::unique_ptr<Ast> ast, parse_expression(text));
  SC_ASSIGN_OR_RETURN(std::unique_ptr<Node> root, compile_ast(*ast, schema));
  return Expression(std::string(text), std::move(root));
}

bool Expression::evaluate(EvalContext& ctx, Value* out) const {
  ctx.failed = false;
  ctx.steps = 0;
  ctx.locals.clear();
  return root_->eval(ctx, out);
}

Result<Value> Expression::evaluate(std::span<const Value> slots, const EvalLimits& limits) const {
  EvalContext ctx;
  ctx.slots = slots;
  ctx.limits = limits;
  Value out;
  if (!evaluate(ctx, &out)) return ctx.error;
  return out;
}

}  // namespace smecredit::decision
