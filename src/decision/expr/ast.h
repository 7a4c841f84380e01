// The syntax tree of one expression, as the parser builds it.
//
// Every node carries the 1-based line and column where it starts, so errors
// found after parsing (unknown names, wrong argument counts, type errors at
// evaluation) point at the source. The compiler (compile.h) turns this tree
// into a closure tree; nothing evaluates the syntax tree directly.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "decision/expr/value.h"

namespace smecredit::decision {

struct SourcePos {
  int line = 1;
  int column = 1;
};

enum class AstKind {
  kLiteral,      // literal
  kName,         // name: a variable, possibly dotted ("app.revenue")
  kField,        // children[0].name
  kUnary,        // op children[0]: "-" or "not"
  kBinary,       // children[0] op children[1]: + - * / % == != < <= > >= and or
  kIn,           // children[0] in children[1]; negated for "not in"
  kConditional,  // children[0] ? children[1] : children[2]
  kCall,         // name(children...)
  kLambda,       // name -> children[0], only as a call argument
  kArray,        // [children...]
  kRange,        // [children[0]..children[1]] with open/closed ends
};

struct Ast {
  AstKind kind = AstKind::kLiteral;
  SourcePos pos;
  std::string name;  // kName, kField, kCall, kLambda (the parameter); op for kUnary/kBinary
  Value literal;
  bool negated = false;     // kIn: "not in"
  bool low_closed = true;   // kRange: '[' (true) or '(' (false)
  bool high_closed = true;  // kRange: ']' (true) or ')' (false)
  std::vector<std::unique_ptr<Ast>> children;
};

}  // namespace smecredit::decision
