// libFuzzer target for the decision engine's outside inputs: the expression
// language (parse, compile, evaluate under limits), decision-table cells and
// application JSON. Any input must give a value or an error — never a crash,
// a hang or unbounded memory.
//
//   CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DSMECREDIT_FUZZ=ON \
//     -DSMECREDIT_BUILD_PEER_BENCHMARKS=OFF -DSMECREDIT_BUILD_TESTS=ON
//   cmake --build build/fuzz --target fuzz_expr
//   build/fuzz/fuzz_expr -max_total_time=60 -max_len=512 -rss_limit_mb=2048
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "decision/expr/compile.h"
#include "decision/policy/json_reader.h"
#include "decision/table/table.h"

namespace {

using smecredit::Decimal;
using smecredit::decision::EvalLimits;
using smecredit::decision::Schema;
using smecredit::decision::Value;
using smecredit::decision::ValueArray;

struct Fixture {
  Schema schema;
  std::vector<Value> slots;
  Fixture() {
    schema.add("n");
    schema.add("s");
    schema.add("xs");
    schema.add("o");
    slots.push_back(Value::number(Decimal::from_parts(12345, 2)));
    slots.push_back(Value::string("retail"));
    ValueArray items;
    for (int i = 0; i < 20; ++i) items.push_back(Value::number(Decimal::from_int(i)));
    slots.push_back(Value::array(std::move(items)));
    slots.push_back(Value::object({{"a", Value::number(Decimal::from_int(1))}}));
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Fixture* fixture = new Fixture();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  EvalLimits limits;
  limits.max_steps = 10'000;
  limits.max_string_bytes = 4096;
  auto expression = smecredit::decision::compile_expression(text, fixture->schema);
  if (expression.ok()) (void)expression.value().evaluate(fixture->slots, limits);
  smecredit::decision::TableSpec spec;
  spec.inputs = {"n"};
  spec.outputs = {"out"};
  spec.rows = {{{std::string(text)}, {"1"}}};
  smecredit::decision::TableError where;
  auto table = smecredit::decision::compile_table(spec, fixture->schema, &where);
  if (table.ok()) {
    std::vector<Value> out;
    (void)table.value()->evaluate(fixture->slots, &out);
    (void)table.value()->lint();
  }
  (void)smecredit::decision::parse_json_value(text);
  return 0;
}
