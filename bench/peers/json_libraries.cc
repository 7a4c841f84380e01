// JSON libraries side by side on the same 2 KB loan application
// (docs/decisions/0002-json-library.md): parse to a document and serialise
// the document back to compact text. simdjson 3.0 has no document builder,
// so its "serialise" is minify() of a parsed element.
//
// Run: build/release/bench/bench_json_libraries --benchmark_min_time=0.5
#include <benchmark/benchmark.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <simdjson.h>

#include <nlohmann/json.hpp>
#include <string>

#include "bench/loan_application_sample.h"

namespace {

using smecredit::bench::kLoanApplicationJson;

void BM_RapidJson_Parse(benchmark::State& state) {
  for (auto _ : state) {
    rapidjson::Document doc;
    doc.Parse(kLoanApplicationJson.data(), kLoanApplicationJson.size());
    benchmark::DoNotOptimize(doc.MemberCount());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kLoanApplicationJson.size()));
}
BENCHMARK(BM_RapidJson_Parse);

void BM_RapidJson_Serialize(benchmark::State& state) {
  rapidjson::Document doc;
  doc.Parse(kLoanApplicationJson.data(), kLoanApplicationJson.size());
  for (auto _ : state) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    doc.Accept(writer);
    benchmark::DoNotOptimize(buffer.GetSize());
  }
}
BENCHMARK(BM_RapidJson_Serialize);

void BM_Nlohmann_Parse(benchmark::State& state) {
  for (auto _ : state) {
    auto doc = nlohmann::json::parse(kLoanApplicationJson);
    benchmark::DoNotOptimize(doc.size());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kLoanApplicationJson.size()));
}
BENCHMARK(BM_Nlohmann_Parse);

void BM_Nlohmann_Serialize(benchmark::State& state) {
  const auto doc = nlohmann::json::parse(kLoanApplicationJson);
  for (auto _ : state) {
    std::string text = doc.dump();
    benchmark::DoNotOptimize(text.size());
  }
}
BENCHMARK(BM_Nlohmann_Serialize);

void BM_Simdjson_Parse(benchmark::State& state) {
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(kLoanApplicationJson);
  for (auto _ : state) {
    simdjson::dom::element doc = parser.parse(padded);
    benchmark::DoNotOptimize(doc.is_object());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kLoanApplicationJson.size()));
}
BENCHMARK(BM_Simdjson_Parse);

void BM_Simdjson_Minify(benchmark::State& state) {
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(kLoanApplicationJson);
  simdjson::dom::element doc = parser.parse(padded);
  for (auto _ : state) {
    std::string text = simdjson::minify(doc);
    benchmark::DoNotOptimize(text.size());
  }
}
BENCHMARK(BM_Simdjson_Minify);

}  // namespace

BENCHMARK_MAIN();
