#include "origination/workflow.h"

#include <array>

namespace smecredit::origination {

namespace {

constexpr std::array<std::string_view, 12> kStageNames = {"submitted",
                                                          "referred",
                                                          "awaiting_confirmation",
                                                          "declined",
                                                          "offered",
                                                          "offer_declined",
                                                          "offer_expired",
                                                          "awaiting_signature",
                                                          "awaiting_collateral",
                                                          "disbursing",
                                                          "disbursement_failed",
                                                          "disbursed"};

constexpr std::array<std::string_view, 12> kActionNames = {
    "approve",           "refer",
    "decline",           "confirm_approval",
    "accept_offer",      "decline_offer",
    "expire_offer",      "sign",
    "confirm_lien",      "confirm_disbursement",
    "fail_disbursement", "retry_disbursement"};

bool allowed(Stage from, Action action) {
  switch (from) {
    case Stage::kSubmitted:
      return action == Action::kApprove || action == Action::kRefer || action == Action::kDecline;
    case Stage::kReferred:
      return action == Action::kApprove || action == Action::kDecline;
    case Stage::kAwaitingConfirmation:
      return action == Action::kConfirmApproval || action == Action::kDecline;
    case Stage::kOffered:
      return action == Action::kAcceptOffer || action == Action::kDeclineOffer ||
             action == Action::kExpireOffer;
    case Stage::kAwaitingSignature:
      return action == Action::kSign;
    case Stage::kAwaitingCollateral:
      return action == Action::kConfirmLien;
    case Stage::kDisbursing:
      return action == Action::kConfirmDisbursement || action == Action::kFailDisbursement;
    case Stage::kDisbursementFailed:
      return action == Action::kRetryDisbursement;
    case Stage::kDeclined:
    case Stage::kOfferDeclined:
    case Stage::kOfferExpired:
    case Stage::kDisbursed:
      return false;
  }
  return false;
}

Stage target(Stage from, Action action, const TransitionContext& context) {
  switch (action) {
    case Action::kApprove:
      return from == Stage::kReferred && context.needs_confirmation ? Stage::kAwaitingConfirmation
                                                                    : Stage::kOffered;
    case Action::kRefer:
      return Stage::kReferred;
    case Action::kDecline:
      return Stage::kDeclined;
    case Action::kConfirmApproval:
      return Stage::kOffered;
    case Action::kAcceptOffer:
      return Stage::kAwaitingSignature;
    case Action::kDeclineOffer:
      return Stage::kOfferDeclined;
    case Action::kExpireOffer:
      return Stage::kOfferExpired;
    case Action::kSign:
      return context.secured ? Stage::kAwaitingCollateral : Stage::kDisbursing;
    case Action::kConfirmLien:
    case Action::kRetryDisbursement:
      return Stage::kDisbursing;
    case Action::kConfirmDisbursement:
      return Stage::kDisbursed;
    case Action::kFailDisbursement:
      return Stage::kDisbursementFailed;
  }
  return from;
}

std::string allowed_list(Stage stage) {
  std::string list;
  for (const Action a : allowed_actions(stage)) {
    list += (list.empty() ? "" : ", ") + std::string(action_name(a));
  }
  return list.empty() ? "none" : list;
}

}  // namespace

std::string_view stage_name(Stage stage) {
  return kStageNames[static_cast<size_t>(stage)];
}

Result<Stage> parse_stage(std::string_view name) {
  for (size_t i = 0; i < kStageNames.size(); ++i) {
    if (kStageNames[i] == name) return static_cast<Stage>(i);
  }
  return Error{ErrorCode::kInternal, "unknown application stage in the store"};
}

std::string_view action_name(Action action) {
  return kActionNames[static_cast<size_t>(action)];
}

std::vector<Action> allowed_actions(Stage stage) {
  std::vector<Action> actions;
  for (size_t i = 0; i < kActionNames.size(); ++i) {
    const auto action = static_cast<Action>(i);
    if (allowed(stage, action)) actions.push_back(action);
  }
  return actions;
}

Result<Stage> transition(Stage from, Action action, const TransitionContext& context) {
  if (!allowed(from, action)) {
    return Error{ErrorCode::kConflict,
                 "cannot " + std::string(action_name(action)) + " an application that is " +
                     std::string(stage_name(from)) + "; allowed: " + allowed_list(from)};
  }
  return target(from, action, context);
}

bool is_final(Stage stage) {
  return allowed_actions(stage).empty();
}

}  // namespace smecredit::origination
