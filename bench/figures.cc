#include <cstdio>

#include "api/json.h"
#include "bench/benchmarks.h"

namespace smecredit::bench {

void print_figures(bool json, const std::vector<Figure>& figures) {
  if (json) {
    api::JsonBuffer buffer;
    api::JsonWriter writer(buffer);
    writer.StartObject();
    for (const Figure& f : figures) {
      writer.Key(f.name.c_str());
      if (const auto* i = std::get_if<int64_t>(&f.value)) {
        writer.Int64(*i);
      } else if (const auto* d = std::get_if<double>(&f.value)) {
        writer.Double(*d);
      } else {
        writer.String(std::get<std::string>(f.value).c_str());
      }
    }
    writer.EndObject();
    std::printf("%s\n", buffer.GetString());
    return;
  }
  for (const Figure& f : figures) {
    if (const auto* i = std::get_if<int64_t>(&f.value)) {
      std::printf("%-24s %lld\n", f.name.c_str(), static_cast<long long>(*i));
    } else if (const auto* d = std::get_if<double>(&f.value)) {
      std::printf("%-24s %.3f\n", f.name.c_str(), *d);
    } else {
      std::printf("%-24s %s\n", f.name.c_str(), std::get<std::string>(f.value).c_str());
    }
  }
}

}  // namespace smecredit::bench
