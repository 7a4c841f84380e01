#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "decision/expr/compile.h"
#include "decision/expr/parser.h"

namespace smecredit::decision {
namespace {

Value num(std::string_view text) {
  return Value::number(Decimal::parse(text).value());
}

class ExprTest : public ::testing::Test {
 protected:
  ExprTest() {
    schema_.add("revenue");
    schema_.add("age");
    schema_.add("name");
    schema_.add("missing");
    schema_.add("loans");
    schema_.add("app");
    schema_.add("opened");
    slots_.resize(schema_.size());
    slots_[0] = num("1200000.50");
    slots_[1] = num("42");
    slots_[2] = Value::string("Acme Trading");
    ValueArray loans;
    loans.push_back(Value::object({{"amount", num("100.10")}, {"months", num("12")}}));
    loans.push_back(Value::object({{"amount", num("250")}, {"months", num("6")}}));
    loans.push_back(Value::object({{"amount", Value()}, {"months", num("3")}}));
    slots_[4] = Value::array(std::move(loans));
    slots_[5] = Value::object({{"owner", Value::object({{"age", num("35")}})}});
    slots_[6] = Value::date(parse_date("2020-02-29").value());
  }

  Result<Value> eval(std::string_view text) {
    SC_ASSIGN_OR_RETURN(Expression e, compile_expression(text, schema_));
    return e.evaluate(slots_);
  }
  std::string json(std::string_view text) {
    Result<Value> v = eval(text);
    return v.ok() ? v.value().to_json() : "error: " + v.error().message;
  }

  Schema schema_;
  std::vector<Value> slots_;
};

TEST_F(ExprTest, ExactDecimalArithmetic) {
  EXPECT_EQ(json("0.1 + 0.2"), "0.3");
  EXPECT_EQ(json("revenue * 0.015"), "18000.00750");
  EXPECT_EQ(json("1 / 3"), "0.3333333333");
  EXPECT_EQ(json("2 / 3"), "0.6666666667");
  EXPECT_EQ(json("div(2, 3, 2)"), "0.67");
  EXPECT_EQ(json("7 % 3"), "1");
  EXPECT_EQ(json("-age + 2 * 3"), "-36");
  EXPECT_EQ(json("round(2.345, 2)"), "2.35");
  EXPECT_EQ(json("abs(-4.5)"), "4.5");
  EXPECT_EQ(json("1 / 0"), "error: 1:3: division by zero");
}

TEST_F(ExprTest, LargeProductsKeepTheIntegerPart) {
  EXPECT_EQ(json("10000000000 / 3"), "3333333333.333333333");
  EXPECT_EQ(json("10000000000 / 3 * 3"), "10000000000.00000000");
  EXPECT_EQ(json("999999999999999999 * 10"), "error: 1:20: number out of range");
}

TEST_F(ExprTest, ComparisonsAndLogic) {
  EXPECT_EQ(json("age >= 18 and age < 65"), "true");
  EXPECT_EQ(json("1.50 == 1.5"), "true");
  EXPECT_EQ(json("name == 'Acme Trading' or false"), "true");
  EXPECT_EQ(json("not (age > 50)"), "true");
  EXPECT_EQ(json("age in [18..65]"), "true");
  EXPECT_EQ(json("age in (42..50]"), "false");
  EXPECT_EQ(json("age not in [1, 2, 3]"), "true");
  EXPECT_EQ(json("name in ['Acme Trading', 'B']"), "true");
  EXPECT_EQ(json("age > 40 ? 'senior' : 'junior'"), "\"senior\"");
}

TEST_F(ExprTest, NullsAreThreeValued) {
  EXPECT_EQ(json("missing + 1"), "null");
  EXPECT_EQ(json("missing > 1"), "null");
  EXPECT_EQ(json("missing == null"), "true");
  EXPECT_EQ(json("missing != 1"), "true");
  EXPECT_EQ(json("missing > 1 and false"), "false");
  EXPECT_EQ(json("missing > 1 and true"), "null");
  EXPECT_EQ(json("missing > 1 or true"), "true");
  EXPECT_EQ(json("not (missing > 1)"), "null");
  EXPECT_EQ(json("missing > 1 ? 'a' : 'b'"), "\"b\"");
  EXPECT_EQ(json("missing in [1, 2]"), "null");
  EXPECT_EQ(json("coalesce(missing, 7)"), "7");
  EXPECT_EQ(json("is_null(missing)"), "true");
}

TEST_F(ExprTest, Strings) {
  EXPECT_EQ(json("upper(name)"), "\"ACME TRADING\"");
  EXPECT_EQ(json("len(name)"), "12");
  EXPECT_EQ(json("contains(lower(name), 'trad')"), "true");
  EXPECT_EQ(json("starts_with(name, 'Ac') and ends_with(name, 'ing')"), "true");
  EXPECT_EQ(json("substr(name, 5, 3)"), "\"Tra\"");
  EXPECT_EQ(json("name + \" Ltd\""), "\"Acme Trading Ltd\"");
  EXPECT_EQ(json("string(1.50) + '%'"), "\"1.50%\"");
}

TEST_F(ExprTest, Dates) {
  EXPECT_EQ(json("add_months(opened, 12)"), "\"2021-02-28\"");
  EXPECT_EQ(json("add_days(opened, 1)"), "\"2020-03-01\"");
  EXPECT_EQ(json("days_between(opened, date('2021-02-28'))"), "365");
  EXPECT_EQ(json("year(opened) * 100 + month(opened)"), "202002");
  EXPECT_EQ(json("opened < date('2020-03-01')"), "true");
}

TEST_F(ExprTest, ClosuresOverArrays) {
  EXPECT_EQ(json("sum(loans, l -> l.amount)"), "350.10");
  EXPECT_EQ(json("count(loans, l -> l.months >= 6)"), "2");
  EXPECT_EQ(json("count(map(loans, l -> l.amount))"), "2");
  EXPECT_EQ(json("avg(loans, l -> l.amount)"), "175.0500000000");
  EXPECT_EQ(json("max(loans, l -> l.months)"), "12");
  EXPECT_EQ(json("min(loans, l -> l.amount)"), "100.10");
  EXPECT_EQ(json("map(filter(loans, l -> l.months < 12), l -> l.months * 2)"), "[12,6]");
  EXPECT_EQ(json("some(loans, l -> l.amount > 200)"), "true");
  EXPECT_EQ(json("all(loans, l -> l.amount > 50)"), "null");
  EXPECT_EQ(json("all(loans, l -> l.months > 1)"), "true");
  EXPECT_EQ(json("sum([1, 2, null, 3])"), "6");
  EXPECT_EQ(json("avg([])"), "null");
  EXPECT_EQ(json("max(1, age, 7)"), "42");
  EXPECT_EQ(json("sum(loans, l -> sum(loans, m -> m.months) + l.months)"), "84");
}

TEST_F(ExprTest, DottedNamesReachFields) {
  EXPECT_EQ(json("app.owner.age"), "35");
  EXPECT_EQ(json("app.owner.missing"), "null");
  EXPECT_EQ(json("app.other.age"), "null");
}

TEST_F(ExprTest, ParseErrorsCarryLineAndColumn) {
  EXPECT_EQ(json("age >"), "error: 1:6: unexpected end of expression");
  EXPECT_EQ(json("age\n  = 3"), "error: 2:3: unexpected '=' (equality is '==')");
  EXPECT_EQ(json("(1 + 2"), "error: 1:7: expected ')'");
  EXPECT_EQ(json("'abc"), "error: 1:1: unterminated string");
  EXPECT_EQ(json("agee + 1"), "error: 1:1: unknown name 'agee'");
  EXPECT_EQ(json("foo(1)"), "error: 1:1: unknown function 'foo' with 1 argument(s)");
  EXPECT_EQ(json("[1..2]"), "error: 1:1: a range is only allowed after 'in'");
  EXPECT_EQ(json("1 +\n 'a' - 2"), "error: 1:3: '+' needs numbers, not number and string");
}

TEST_F(ExprTest, TypeErrorsAreValues) {
  EXPECT_EQ(json("name - 1"), "error: 1:6: '-' needs numbers, not string and number");
  EXPECT_EQ(json("name < 1"), "error: 1:6: cannot order string and number");
  EXPECT_EQ(json("age and true"), "error: 1:5: 'and' needs booleans");
}

TEST_F(ExprTest, NestingIsBounded) {
  std::string deep(200, '(');
  deep += "1";
  deep += std::string(200, ')');
  Result<Value> v = eval(deep);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().message.find("nested too deeply"), std::string::npos);
  EXPECT_FALSE(eval(std::string(kMaxExpressionBytes + 1, ' ')).ok());
}

TEST_F(ExprTest, StepsAndSizesAreBounded) {
  Expression e =
      compile_expression("sum(loans, a -> sum(loans, b -> sum(loans, c -> sum(loans, d -> 1))))",
                         schema_)
          .value();
  EvalLimits tight;
  tight.max_steps = 50;
  Result<Value> v = e.evaluate(slots_, tight);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().message.find("step limit"), std::string::npos);
  Expression grow =
      compile_expression(
          "map(map(map(map([name], a -> a + a + a + a), b -> b + b + b + b), c -> c + c + c + c),"
          " d -> d + d + d + d + d + d + d + d + d + d)",
          schema_)
          .value();
  EvalLimits small;
  small.max_string_bytes = 1000;
  EXPECT_FALSE(grow.evaluate(slots_, small).ok());
}

// Property: for random integers, (a + b) - b == a and (a * b) / b == a exactly.
TEST_F(ExprTest, ArithmeticRoundTripsProperty) {
  Schema schema;
  schema.add("a");
  schema.add("b");
  Expression add = compile_expression("(a + b) - b == a", schema).value();
  Expression mul = compile_expression("b == 0 or (a * b) / b == a", schema).value();
  uint64_t state = 12345;
  for (int i = 0; i < 2000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto a = static_cast<int64_t>(state >> 34) - (int64_t{1} << 29);
    const auto b = static_cast<int64_t>((state >> 8) & 0xffffff) - 0x7fffff;
    std::vector<Value> slots = {Value::number(Decimal::from_parts(a, static_cast<int>(i % 6))),
                                Value::number(Decimal::from_parts(b, static_cast<int>(i % 4)))};
    ASSERT_TRUE(is_true(add.evaluate(slots).value())) << a << " " << b;
    ASSERT_TRUE(is_true(mul.evaluate(slots).value())) << a << " " << b;
  }
}

}  // namespace
}  // namespace smecredit::decision

namespace smecredit::decision {
namespace {

// Property: numbers in canonical JSON read exactly as Decimal::to_string().
TEST(ValueJsonTest, NumbersPrintAsDecimalToStringProperty) {
  uint64_t state = 99;
  for (int i = 0; i < 5000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto mantissa = static_cast<int64_t>(state) >> static_cast<int>(state % 60);
    const Decimal d = Decimal::from_parts(mantissa, static_cast<int>((state >> 7) % 19));
    ASSERT_EQ(Value::number(d).to_json(), d.to_string());
  }
  const Decimal lowest = Decimal::from_parts(INT64_MIN, 18);
  EXPECT_EQ(Value::number(lowest).to_json(), lowest.to_string());
  EXPECT_EQ(Value::number(Decimal()).to_json(), "0");
}

}  // namespace
}  // namespace smecredit::decision
