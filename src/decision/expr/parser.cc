#include "decision/expr/parser.h"

#include <string>
#include <utility>
#include <vector>

namespace smecredit::decision {

namespace {

enum class Tok { kEnd, kNumber, kString, kName, kPunct };

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;  // the name, the punctuation, the number or the unescaped string
  SourcePos pos;
};

bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_name_char(char c) {
  return is_name_start(c) || is_digit(c);
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<std::vector<Token>> run() {
    std::vector<Token> tokens;
    while (true) {
      skip_space();
      Token token;
      token.pos = pos_;
      if (at_ >= text_.size()) {
        tokens.push_back(token);
        return tokens;
      }
      SC_RETURN_IF_ERROR(next(&token));
      tokens.push_back(std::move(token));
    }
  }

 private:
  void advance() {
    if (text_[at_] == '\n') {
      ++pos_.line;
      pos_.column = 1;
    } else {
      ++pos_.column;
    }
    ++at_;
  }
  char peek(size_t ahead = 0) const {
    return at_ + ahead < text_.size() ? text_[at_ + ahead] : '\0';
  }
  void skip_space() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r')) {
      advance();
    }
  }

  Status next(Token* token) {
    const char c = peek();
    if (is_digit(c)) return number(token);
    if (c == '"' || c == '\'') return quoted(token);
    if (is_name_start(c)) {
      token->kind = Tok::kName;
      while (is_name_char(peek())) {
        token->text.push_back(peek());
        advance();
      }
      return ok_status();
    }
    return punct(token);
  }

  Status number(Token* token) {
    token->kind = Tok::kNumber;
    while (is_digit(peek())) {
      token->text.push_back(peek());
      advance();
    }
    if (peek() == '.' && is_digit(peek(1))) {
      token->text.push_back('.');
      advance();
      while (is_digit(peek())) {
        token->text.push_back(peek());
        advance();
      }
    }
    if (is_name_char(peek())) return expression_error(pos_, "malformed number");
    return ok_status();
  }

  Status quoted(Token* token) {
    token->kind = Tok::kString;
    const char quote = peek();
    advance();
    while (at_ < text_.size() && peek() != quote) {
      if (peek() == '\\') {
        advance();
        const char e = peek();
        if (e == 'n') {
          token->text.push_back('\n');
        } else if (e == 't') {
          token->text.push_back('\t');
        } else if (e == '\\' || e == '"' || e == '\'') {
          token->text.push_back(e);
        } else {
          return expression_error(pos_, "unknown escape in string");
        }
      } else {
        token->text.push_back(peek());
      }
      advance();
    }
    if (at_ >= text_.size()) return expression_error(token->pos, "unterminated string");
    advance();
    return ok_status();
  }

  Status punct(Token* token) {
    static constexpr std::string_view kTwo[] = {"==", "!=", "<=", ">=", "..", "->"};
    token->kind = Tok::kPunct;
    for (std::string_view two : kTwo) {
      if (peek() == two[0] && peek(1) == two[1]) {
        token->text = std::string(two);
        advance();
        advance();
        return ok_status();
      }
    }
    static constexpr std::string_view kOne = "()[],.+-*/%<>?:";
    if (kOne.find(peek()) == std::string_view::npos) {
      if (peek() == '=') return expression_error(pos_, "unexpected '=' (equality is '==')");
      return expression_error(pos_, "unexpected character");
    }
    token->text = std::string(1, peek());
    advance();
    return ok_status();
  }

  std::string_view text_;
  size_t at_ = 0;
  SourcePos pos_;
};

using AstPtr = std::unique_ptr<Ast>;

AstPtr make_node(AstKind kind, SourcePos pos, std::string name = {}) {
  auto node = std::make_unique<Ast>();
  node->kind = kind;
  node->pos = pos;
  node->name = std::move(name);
  return node;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<AstPtr> parse_all() {
    SC_ASSIGN_OR_RETURN(AstPtr root, expr());
    if (current().kind != Tok::kEnd) return expression_error(current().pos, "unexpected input");
    return root;
  }

 private:
  const Token& current() const { return tokens_[at_]; }
  bool is_punct(std::string_view p) const {
    return current().kind == Tok::kPunct && current().text == p;
  }
  bool is_keyword(std::string_view k) const {
    return current().kind == Tok::kName && current().text == k;
  }
  bool accept_punct(std::string_view p) {
    if (!is_punct(p)) return false;
    ++at_;
    return true;
  }
  Status expect_punct(std::string_view p) {
    if (accept_punct(p)) return ok_status();
    return expression_error(current().pos, "expected '" + std::string(p) + "'");
  }

  // Guards every recursive descent so nesting cannot exhaust the stack.
  class DepthGuard {
   public:
    explicit DepthGuard(int* depth) : depth_(depth) { ++*depth_; }
    ~DepthGuard() { --*depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    int* depth_;
  };

  Result<AstPtr> expr() {
    DepthGuard guard(&depth_);
    if (depth_ > kMaxNestingDepth) return expression_error(current().pos, "nested too deeply");
    SC_ASSIGN_OR_RETURN(AstPtr condition, logical_or());
    if (!is_punct("?")) return condition;
    const SourcePos pos = condition->pos;
    ++at_;
    SC_ASSIGN_OR_RETURN(AstPtr then_branch, expr());
    SC_RETURN_IF_ERROR(expect_punct(":"));
    SC_ASSIGN_OR_RETURN(AstPtr else_branch, expr());
    AstPtr node = make_node(AstKind::kConditional, pos);
    node->children.push_back(std::move(condition));
    node->children.push_back(std::move(then_branch));
    node->children.push_back(std::move(else_branch));
    return node;
  }

  static AstPtr binary(SourcePos pos, std::string op, AstPtr left, AstPtr right) {
    AstPtr node = make_node(AstKind::kBinary, pos, std::move(op));
    node->children.push_back(std::move(left));
    node->children.push_back(std::move(right));
    return node;
  }

  Result<AstPtr> logical_or() {
    SC_ASSIGN_OR_RETURN(AstPtr left, logical_and());
    while (is_keyword("or")) {
      const SourcePos pos = current().pos;
      ++at_;
      SC_ASSIGN_OR_RETURN(AstPtr right, logical_and());
      left = binary(pos, "or", std::move(left), std::move(right));
    }
    return left;
  }

  Result<AstPtr> logical_and() {
    SC_ASSIGN_OR_RETURN(AstPtr left, logical_not());
    while (is_keyword("and")) {
      const SourcePos pos = current().pos;
      ++at_;
      SC_ASSIGN_OR_RETURN(AstPtr right, logical_not());
      left = binary(pos, "and", std::move(left), std::move(right));
    }
    return left;
  }

  Result<AstPtr> logical_not() {
    if (!is_keyword("not")) return compare();
    DepthGuard guard(&depth_);
    if (depth_ > kMaxNestingDepth) return expression_error(current().pos, "nested too deeply");
    AstPtr node = make_node(AstKind::kUnary, current().pos, "not");
    ++at_;
    SC_ASSIGN_OR_RETURN(AstPtr operand, logical_not());
    node->children.push_back(std::move(operand));
    return node;
  }

  Result<AstPtr> compare() {
    SC_ASSIGN_OR_RETURN(AstPtr left, sum());
    static constexpr std::string_view kOps[] = {"==", "!=", "<=", ">=", "<", ">"};
    const SourcePos pos = current().pos;
    for (std::string_view op : kOps) {
      if (accept_punct(op)) {
        SC_ASSIGN_OR_RETURN(AstPtr right, sum());
        return binary(pos, std::string(op), std::move(left), std::move(right));
      }
    }
    bool negated = false;
    if (is_keyword("not") && tokens_[at_ + 1].kind == Tok::kName && tokens_[at_ + 1].text == "in") {
      negated = true;
      ++at_;
    }
    if (!is_keyword("in")) return left;
    ++at_;
    SC_ASSIGN_OR_RETURN(AstPtr right, sum());
    AstPtr node = make_node(AstKind::kIn, pos);
    node->negated = negated;
    node->children.push_back(std::move(left));
    node->children.push_back(std::move(right));
    return node;
  }

  Result<AstPtr> sum() {
    SC_ASSIGN_OR_RETURN(AstPtr left, product());
    while (is_punct("+") || is_punct("-")) {
      std::string op = current().text;
      const SourcePos pos = current().pos;
      ++at_;
      SC_ASSIGN_OR_RETURN(AstPtr right, product());
      left = binary(pos, std::move(op), std::move(left), std::move(right));
    }
    return left;
  }

  Result<AstPtr> product() {
    SC_ASSIGN_OR_RETURN(AstPtr left, unary());
    while (is_punct("*") || is_punct("/") || is_punct("%")) {
      std::string op = current().text;
      const SourcePos pos = current().pos;
      ++at_;
      SC_ASSIGN_OR_RETURN(AstPtr right, unary());
      left = binary(pos, std::move(op), std::move(left), std::move(right));
    }
    return left;
  }

  Result<AstPtr> unary() {
    if (!is_punct("-")) return postfix();
    DepthGuard guard(&depth_);
    if (depth_ > kMaxNestingDepth) return expression_error(current().pos, "nested too deeply");
    AstPtr node = make_node(AstKind::kUnary, current().pos, "-");
    ++at_;
    SC_ASSIGN_OR_RETURN(AstPtr operand, unary());
    node->children.push_back(std::move(operand));
    return node;
  }

  Result<AstPtr> postfix() {
    SC_ASSIGN_OR_RETURN(AstPtr node, primary());
    while (is_punct(".")) {
      ++at_;
      if (current().kind != Tok::kName)
        return expression_error(current().pos, "expected a field name");
      if (node->kind == AstKind::kName) {
        node->name += "." + current().text;
      } else {
        AstPtr field = make_node(AstKind::kField, node->pos, current().text);
        field->children.push_back(std::move(node));
        node = std::move(field);
      }
      ++at_;
    }
    return node;
  }

  Result<AstPtr> primary() {
    const Token& token = current();
    switch (token.kind) {
      case Tok::kNumber:
        return number_literal();
      case Tok::kString: {
        AstPtr node = make_node(AstKind::kLiteral, token.pos);
        node->literal = Value::string(token.text);
        ++at_;
        return node;
      }
      case Tok::kName:
        return name_or_call();
      case Tok::kPunct:
        if (is_punct("(") || is_punct("[")) return bracketed();
        return expression_error(token.pos, "expected a value");
      case Tok::kEnd:
        return expression_error(token.pos, "unexpected end of expression");
    }
    return expression_error(token.pos, "expected a value");
  }

  Result<AstPtr> number_literal() {
    const Token& token = current();
    Result<Decimal> parsed = Decimal::parse(token.text);
    if (!parsed.ok()) return expression_error(token.pos, "number out of range");
    AstPtr node = make_node(AstKind::kLiteral, token.pos);
    node->literal = Value::number(parsed.value());
    ++at_;
    return node;
  }

  Result<AstPtr> name_or_call() {
    const Token& token = current();
    if (token.text == "true" || token.text == "false" || token.text == "null") {
      AstPtr node = make_node(AstKind::kLiteral, token.pos);
      if (token.text != "null") node->literal = Value::boolean(token.text == "true");
      ++at_;
      return node;
    }
    static constexpr std::string_view kReserved[] = {"and", "or", "not", "in"};
    for (std::string_view word : kReserved) {
      if (token.text == word) return expression_error(token.pos, "unexpected '" + token.text + "'");
    }
    AstPtr node = make_node(AstKind::kName, token.pos, token.text);
    ++at_;
    if (!accept_punct("(")) return node;
    node->kind = AstKind::kCall;
    if (accept_punct(")")) return node;
    while (true) {
      SC_ASSIGN_OR_RETURN(AstPtr arg, argument());
      node->children.push_back(std::move(arg));
      if (accept_punct(")")) return node;
      SC_RETURN_IF_ERROR(expect_punct(","));
    }
  }

  Result<AstPtr> argument() {
    if (current().kind == Tok::kName && tokens_[at_ + 1].kind == Tok::kPunct &&
        tokens_[at_ + 1].text == "->") {
      AstPtr lambda = make_node(AstKind::kLambda, current().pos, current().text);
      at_ += 2;
      SC_ASSIGN_OR_RETURN(AstPtr body, expr());
      lambda->children.push_back(std::move(body));
      return lambda;
    }
    return expr();
  }

  // '(' expr ')', '(' a '..' b ')' / ']', '[' a '..' b ']' / ')', or an array.
  Result<AstPtr> bracketed() {
    const SourcePos pos = current().pos;
    const bool square = is_punct("[");
    ++at_;
    if (square && accept_punct("]")) return make_node(AstKind::kArray, pos);
    SC_ASSIGN_OR_RETURN(AstPtr first, expr());
    if (accept_punct("..")) return range(pos, square, std::move(first));
    if (!square) {
      SC_RETURN_IF_ERROR(expect_punct(")"));
      return first;
    }
    AstPtr node = make_node(AstKind::kArray, pos);
    node->children.push_back(std::move(first));
    while (!accept_punct("]")) {
      SC_RETURN_IF_ERROR(expect_punct(","));
      SC_ASSIGN_OR_RETURN(AstPtr item, expr());
      node->children.push_back(std::move(item));
    }
    return node;
  }

  Result<AstPtr> range(SourcePos pos, bool low_closed, AstPtr low) {
    SC_ASSIGN_OR_RETURN(AstPtr high, expr());
    AstPtr node = make_node(AstKind::kRange, pos);
    node->low_closed = low_closed;
    if (accept_punct("]")) {
      node->high_closed = true;
    } else if (accept_punct(")")) {
      node->high_closed = false;
    } else {
      return expression_error(current().pos, "expected ']' or ')' to close the range");
    }
    node->children.push_back(std::move(low));
    node->children.push_back(std::move(high));
    return node;
  }

  std::vector<Token> tokens_;
  size_t at_ = 0;
  int depth_ = 0;
};

}  // namespace

Error expression_error(SourcePos pos, std::string_view message) {
  return Error{
      ErrorCode::kInvalidArgument,
      std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " + std::string(message)};
}

Result<std::unique_ptr<Ast>> parse_expression(std::string_view text) {
  if (text.size() > kMaxExpressionBytes) {
    return expression_error(
        SourcePos{}, "expression longer than " + std::to_string(kMaxExpressionBytes) + " bytes");
  }
  SC_ASSIGN_OR_RETURN(std::vector<Token> tokens, Lexer(text).run());
  return Parser(std::move(tokens)).parse_all();
}

}  // namespace smecredit::decision
