#include "origination/enterprise.h"

#include <gtest/gtest.h>

namespace smecredit::origination {
namespace {

EnterpriseInput valid() {
  return EnterpriseInput{.uscc = "91350100M000100Y43",
                         .name = "福州海鲜小店",
                         .kind = "micro",
                         .industry = "F",
                         .region = "350100",
                         .legal_rep = {"张三", "11010519491231002X", "13800138000"},
                         .owners = {{"张三", "11010519491231002X", Decimal::from_int(60)},
                                    {"李四", "440524188001010014", Decimal::from_int(40)}},
                         .bank_account = "6222020200112233445",
                         .borrower_public_key = "",
                         .referred_by = ""};
}

TEST(EnterpriseTest, AValidRegistrationPasses) {
  EXPECT_TRUE(validate_enterprise(valid()).ok());
}

TEST(EnterpriseTest, EachBadFieldIsNamed) {
  auto expect_field = [](EnterpriseInput in, std::string_view field) {
    const Status s = validate_enterprise(in);
    ASSERT_FALSE(s.ok()) << field;
    EXPECT_TRUE(s.error().message.starts_with(field)) << s.error().message;
  };
  EnterpriseInput in = valid();
  in.uscc.back() = '4';
  expect_field(in, "uscc");
  in = valid();
  in.legal_rep.id_number = "110105194912310021";
  expect_field(in, "legal_rep.id_number");
  in = valid();
  in.owners[1].share_percent = Decimal::from_int(41);
  expect_field(in, "owners");
  in = valid();
  in.industry = "Z";
  expect_field(in, "industry");
  in = valid();
  in.legal_rep.phone = "1380013800";
  expect_field(in, "legal_rep.phone");
  in = valid();
  in.borrower_public_key = "ABC";
  expect_field(in, "borrower_public_key");
}

TEST(EnterpriseTest, MasksShowOnlyWhatIsNeeded) {
  EXPECT_EQ(mask_name("张三"), "张*");
  EXPECT_EQ(mask_id_number("11010519491231002X"), "1101**********002X");
  EXPECT_EQ(mask_phone("13800138000"), "138****8000");
  EXPECT_EQ(mask_account("6222020200112233445"), "***************3445");
}

}  // namespace
}  // namespace smecredit::origination
