// libFuzzer target over the parsers that take outside input: decimals,
// money, dates, request JSON, products, and signed voucher operations. Each
// must answer every input with a value or an error: no crash, no hang, no
// unbounded memory. The first byte picks the parser.
//
//   CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DSMECREDIT_FUZZ=ON \
//     -DSMECREDIT_BUILD_PEER_BENCHMARKS=OFF
//   cmake --build build/fuzz --target fuzz_parsers
//   build/fuzz/fuzz_parsers -max_total_time=60 -max_len=4096
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/json.h"
#include "core/date.h"
#include "core/decimal.h"
#include "core/money.h"
#include "loan/product.h"
#include "scf/voucher/operation_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace smecredit;
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 6) {
    case 0:
      (void)Decimal::parse(text).ok();
      break;
    case 1:
      (void)Money::parse(text, kCny).ok();
      break;
    case 2:
      (void)parse_date(text).ok();
      break;
    case 3:
      (void)api::parse_json_object(text).ok();
      break;
    case 4:
      (void)loan::parse_product_json(text).ok();
      break;
    default:
      (void)scf::parse_signed_operation(text).ok();
      break;
  }
  return 0;
}
