#include "underwriting/inputs.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <utility>

#include "profile/features.h"

namespace smecredit::underwriting {

namespace {

using decision::Value;

constexpr double kFeatureScale = 10'000;  // 4 decimals
constexpr double kFeatureLimit = 9e14;

Value month_value(int32_t month_index) {
  if (month_index < 0) return Value();
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", month_index / 12, month_index % 12 + 1);
  return Value::string(text);
}

// The value named `name`, or nullptr when the application offers no such input.
const Value* find(const decision::ValueFields& offered, std::string_view name) {
  for (const auto& [key, value] : offered) {
    if (key == name) return &value;
  }
  return nullptr;
}

// Catalogue name -> position, built once.
const std::unordered_map<std::string_view, size_t>& feature_index() {
  static const auto* index = [] {
    auto* map = new std::unordered_map<std::string_view, size_t>();
    const std::vector<profile::FeatureInfo>& catalogue = profile::feature_catalogue();
    for (size_t i = 0; i < catalogue.size(); ++i) map->emplace(catalogue[i].name, i);
    return map;
  }();
  return *index;
}

}  // namespace

Value feature_value(double value) {
  if (!std::isfinite(value) || std::fabs(value) > kFeatureLimit) return Value();
  return Value::number(Decimal::from_parts(std::llround(value * kFeatureScale), 4));
}

Result<std::vector<Value>> application_inputs(const decision::CompiledPolicy& policy,
                                              const origination::UnderwritingRequest& request,
                                              const std::vector<double>& features,
                                              int32_t data_month) {
  if (features.size() != profile::feature_catalogue().size()) {
    return Error{ErrorCode::kInvalidArgument, "features do not match the catalogue"};
  }
  const Currency currency = request.requested.currency();
  const decision::ValueFields application = {
      {"as_of", Value::date(request.as_of)},
      {"requested",
       Value::number(Decimal::from_parts(request.requested.minor_units(), currency.minor_digits))},
      {"installments", Value::number(Decimal::from_int(request.installments))},
      {"product_code", Value::string(request.product->code)},
      {"secured", Value::boolean(request.product->secured)},
      {"purpose", Value::string(request.purpose)},
      {"data_month", month_value(data_month)},
  };
  decision::ValueFields declared;
  declared.reserve(policy.input_count());
  for (size_t slot = 0; slot < policy.input_count(); ++slot) {
    const std::string& name = policy.schema().name(static_cast<int>(slot));
    if (const Value* value = find(application, name)) {
      declared.emplace_back(name, *value);
      continue;
    }
    const auto feature = feature_index().find(name);
    if (feature != feature_index().end()) {
      declared.emplace_back(name, feature_value(features[feature->second]));
    }
  }
  return policy.bind_inputs(Value::object(std::move(declared)));
}

}  // namespace smecredit::underwriting
