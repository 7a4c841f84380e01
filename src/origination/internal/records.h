// Private to origination: rows <-> records, and the JSON the workflow stores.
#pragma once

#include <string>

#include "core/result.h"
#include "origination/offer.h"
#include "origination/origination_service.h"
#include "security/sealed.h"
#include "store/store.h"

namespace smecredit::origination::internal {

Result<ApplicationRecord> load_application(store::Transaction& tx, std::string_view id);
Status insert_application(store::Transaction& tx, const ApplicationRecord& record);
// Writes every mutable column under the record's row_version and bumps it.
Status update_application(store::Transaction& tx, ApplicationRecord& record);

Result<EnterpriseRecord> load_enterprise(store::Transaction& tx, std::string_view id,
                                         const security::DataSealer& sealer);
Status insert_enterprise(store::Transaction& tx, const EnterpriseRecord& record,
                         const security::DataSealer& sealer);

// {"stage":…,"row_version":…}: the before/after states audit rows keep.
std::string stage_snapshot(const ApplicationRecord& record);

std::string offer_to_json(std::string_view offer_id, const Offer& offer,
                          std::string_view expires_at);
std::string decision_to_json(const Underwriting& result);
std::string review_to_json(std::string_view officer, bool approve, std::string_view reason,
                           std::string_view at, std::string_view first_officer);
std::string collateral_to_json(const CollateralInput& collateral);

}  // namespace smecredit::origination::internal
