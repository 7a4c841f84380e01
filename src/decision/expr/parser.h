// The expression parser: text to a syntax tree (ast.h).
//
// The grammar, from the loosest binding to the tightest:
//   expr    := or ('?' expr ':' expr)?
//   or      := and ('or' and)*
//   and     := not ('and' not)*
//   not     := 'not' not | compare
//   compare := sum (('=='|'!='|'<'|'<='|'>'|'>=') sum | 'not'? 'in' sum)?
//   sum     := product (('+'|'-') product)*
//   product := unary (('*'|'/'|'%') unary)*
//   unary   := '-' unary | postfix
//   postfix := primary ('.' name)*
//   primary := number | string | 'true' | 'false' | 'null'
//            | name | name '(' (arg (',' arg)*)? ')' | '(' expr ')'
//            | '[' (expr (',' expr)*)? ']'            an array
//            | ('['|'(') expr '..' expr (']'|')')     a range
//   arg     := name '->' expr | expr                 a closure or a value
// Numbers are decimal literals ("12", "0.125"; no exponent); strings are in
// double or single quotes with \\ \" \' \n \t escapes.
//
// Errors are kInvalidArgument with a message starting "LINE:COLUMN: ".
// Limits: at most kMaxExpressionBytes of text and kMaxNestingDepth levels of
// nesting, so no input can exhaust the stack.
#pragma once

#include <memory>
#include <string_view>

#include "core/result.h"
#include "decision/expr/ast.h"

namespace smecredit::decision {

inline constexpr size_t kMaxExpressionBytes = size_t{16} * 1024;
inline constexpr int kMaxNestingDepth = 64;

Result<std::unique_ptr<Ast>> parse_expression(std::string_view text);

// "LINE:COLUMN: message", the format of every expression error.
Error expression_error(SourcePos pos, std::string_view message);

}  // namespace smecredit::decision
