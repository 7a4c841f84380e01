#include "core/mask.h"

#include <gtest/gtest.h>

namespace smecredit {
namespace {

TEST(MaskTest, KeepsTheEndsAndMasksTheMiddle) {
  EXPECT_EQ(mask_middle("110101199003071234", 4, 4), "1101**********1234");
  EXPECT_EQ(mask_middle("13800138000", 3, 4), "138****8000");
}

TEST(MaskTest, CountsChineseCharactersWhole) {
  EXPECT_EQ(mask_middle("张三", 1, 0), "张*");
  EXPECT_EQ(mask_middle("欧阳娜娜", 1, 0), "欧***");
}

TEST(MaskTest, ShortValuesAreMaskedEntirely) {
  EXPECT_EQ(mask_middle("1234", 2, 2), "****");
  EXPECT_EQ(mask_middle("张", 1, 0), "*");
  EXPECT_EQ(mask_middle("", 1, 1), "");
}

}  // namespace
}  // namespace smecredit
