#include "underwriting/inputs.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "profile/features.h"
#include "underwriting/reasons.h"

namespace smecredit::underwriting {
namespace {

TEST(FeatureValueTest, RoundsToFourDecimalsAndMapsTheIncomputableToNull) {
  EXPECT_EQ(feature_value(0.123456).as_number().to_string(), "0.1235");
  EXPECT_EQ(feature_value(-2.5).as_number().to_string(), "-2.5000");
  EXPECT_EQ(feature_value(123456789.0).as_number().to_string(), "123456789.0000");
  EXPECT_TRUE(feature_value(std::nan("")).is_null());
  EXPECT_TRUE(feature_value(std::numeric_limits<double>::infinity()).is_null());
  EXPECT_TRUE(feature_value(1e15).is_null());
}

TEST(ApplicationInputsTest, BindsOnlyWhatThePolicyDeclares) {
  const auto policy = decision::compile_policy(R"({"name":"p","version":1,
      "inputs":[{"name":"requested","type":"number"},{"name":"secured","type":"bool"},
                {"name":"age_months","type":"number"},{"name":"data_month","type":"string"}],
      "steps":[{"id":"end","type":"outcome","decision":"approve"}]})",
                                               decision::ModelCatalog{});
  ASSERT_TRUE(policy.ok()) << policy.error().to_string();
  loan::Product product;
  product.code = "P";
  product.secured = true;
  origination::UnderwritingRequest request;
  request.product = &product;
  request.requested = Money::from_minor_units(5'000'050, kCny);
  request.installments = 12;
  std::vector<double> features(profile::feature_catalogue().size(), std::nan(""));
  size_t age = 0;
  while (profile::feature_catalogue()[age].name != "age_months") ++age;
  features[age] = 27;
  const auto inputs = application_inputs(*policy.value(), request, features, 2024 * 12 + 1);
  ASSERT_TRUE(inputs.ok()) << inputs.error().to_string();
  EXPECT_EQ(policy.value()->canonical_inputs(inputs.value()),
            R"({"age_months":27.0000,"data_month":"2024-02","requested":50000.50,"secured":true})");
  features.pop_back();
  EXPECT_FALSE(application_inputs(*policy.value(), request, features, -1).ok());
}

TEST(ReasonTextTest, KnownCodesReadAsSentencesAndUnknownOnesStillSaySomething) {
  EXPECT_EQ(reason_text("KO_YOUNG_FIRM"), "The enterprise has been trading for less than a year.");
  EXPECT_NE(reason_text("KO_SOMETHING_NEW").find("KO_SOMETHING_NEW"), std::string::npos);
}

}  // namespace
}  // namespace smecredit::underwriting
