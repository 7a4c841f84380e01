#include "origination/workflow.h"

#include <gtest/gtest.h>

namespace smecredit::origination {
namespace {

TEST(WorkflowTest, TheUnsecuredPathRunsFromSubmissionToDisbursed) {
  Stage s = Stage::kSubmitted;
  for (const Action a :
       {Action::kApprove, Action::kAcceptOffer, Action::kSign, Action::kConfirmDisbursement}) {
    s = transition(s, a, {}).value();
  }
  EXPECT_EQ(s, Stage::kDisbursed);
  EXPECT_TRUE(is_final(s));
}

TEST(WorkflowTest, SecuredProductsWaitForTheLien) {
  EXPECT_EQ(transition(Stage::kAwaitingSignature, Action::kSign, {.secured = true}).value(),
            Stage::kAwaitingCollateral);
  EXPECT_EQ(transition(Stage::kAwaitingCollateral, Action::kConfirmLien, {}).value(),
            Stage::kDisbursing);
}

TEST(WorkflowTest, LargeOfficerApprovalsNeedConfirmation) {
  EXPECT_EQ(transition(Stage::kReferred, Action::kApprove, {.needs_confirmation = true}).value(),
            Stage::kAwaitingConfirmation);
  EXPECT_EQ(transition(Stage::kAwaitingConfirmation, Action::kConfirmApproval, {}).value(),
            Stage::kOffered);
}

TEST(WorkflowTest, AnInvalidActionIsAConflictNamingTheAllowedOnes) {
  const auto refused = transition(Stage::kOffered, Action::kSign, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refused.error().message,
            "cannot sign an application that is offered; allowed: accept_offer, decline_offer, "
            "expire_offer");
  EXPECT_NE(transition(Stage::kDeclined, Action::kApprove, {}).error().message.find("none"),
            std::string::npos);
}

// Property: every stage name round-trips, and from every stage exactly the
// allowed actions succeed.
TEST(WorkflowTest, AllowedActionsAreExactlyTheOnesThatSucceed) {
  for (int s = 0; s <= static_cast<int>(Stage::kDisbursed); ++s) {
    const auto stage = static_cast<Stage>(s);
    EXPECT_EQ(parse_stage(stage_name(stage)).value(), stage);
    const std::vector<Action> allowed = allowed_actions(stage);
    for (int a = 0; a <= static_cast<int>(Action::kRetryDisbursement); ++a) {
      const auto action = static_cast<Action>(a);
      const bool listed = std::find(allowed.begin(), allowed.end(), action) != allowed.end();
      EXPECT_EQ(transition(stage, action, {}).ok(), listed)
          << stage_name(stage) << " " << action_name(action);
    }
  }
}

}  // namespace
}  // namespace smecredit::origination
