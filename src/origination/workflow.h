// The application's life, from submission to a disbursed loan, as an
// explicit state machine.
//
// One application moves through these stages (secured products add the
// collateral stage; a refer waits for officers):
//
//   submitted ──approve──> offered ──accept──> awaiting_signature ──sign──┐
//       │ ╲                  │  ╲                                          │
//     refer decline     decline  expire          (secured) awaiting_collateral
//       │                                                  │ confirm_lien
//   referred ──approve──> offered (or awaiting_confirmation    v
//       │                 above the two-officer threshold) disbursing ──disbursed──> disbursed
//     decline                                               │ ╲
//                                                 fail_disbursement  (retry)
//
// `transition` is pure; an invalid action is kConflict naming the actions the
// current stage allows, which the API returns as 409.
//
// Example:
//   Result<Stage> next = transition(Stage::kOffered, Action::kAcceptOffer, {});
//   std::string allowed = allowed_action_names(Stage::kDeclined);   // "none"
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace smecredit::origination {

enum class Stage {
  kSubmitted,
  kReferred,
  kAwaitingConfirmation,  // approved by one officer, a second must confirm
  kDeclined,
  kOffered,
  kOfferDeclined,
  kOfferExpired,
  kAwaitingSignature,
  kAwaitingCollateral,
  kDisbursing,
  kDisbursementFailed,
  kDisbursed,
};

enum class Action {
  kApprove,
  kRefer,
  kDecline,
  kConfirmApproval,
  kAcceptOffer,
  kDeclineOffer,
  kExpireOffer,
  kSign,
  kConfirmLien,
  kConfirmDisbursement,
  kFailDisbursement,
  kRetryDisbursement,
};

struct TransitionContext {
  bool secured = false;             // the product takes collateral
  bool needs_confirmation = false;  // an officer's approval above the threshold
};

std::string_view stage_name(Stage stage);
Result<Stage> parse_stage(std::string_view name);
std::string_view action_name(Action action);

// The actions `stage` allows, in declaration order.
std::vector<Action> allowed_actions(Stage stage);

// The next stage, or kConflict: "cannot accept_offer an application that is
// declined; allowed: none".
Result<Stage> transition(Stage from, Action action, const TransitionContext& context);

// Whether the stage is final (nothing more can happen to the application).
bool is_final(Stage stage);

}  // namespace smecredit::origination
