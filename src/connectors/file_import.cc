#include "connectors/file_import.h"

#include "connectors/consent/consent_token.h"
#include "connectors/provider/provider_routes.h"

namespace smecredit::connectors {

Result<std::unique_ptr<FileImportConnector>> FileImportConnector::open(const std::string& dir) {
  SC_ASSIGN_OR_RETURN(std::unique_ptr<WorldStore> world, WorldStore::load(dir));
  return std::unique_ptr<FileImportConnector>(new FileImportConnector(std::move(world)));
}

Result<FetchResult> FileImportConnector::fetch(const FetchRequest& request) {
  if (!is_consent_scope(request.section)) {
    return Error{ErrorCode::kInvalidArgument, "unknown section '" + request.section + "'"};
  }
  if (world_->resolve(request.enterprise_id).empty()) {
    return Error{ErrorCode::kNotFound, "the import holds no such enterprise"};
  }
  FetchResult result;
  result.body = render_section(*world_, request.enterprise_id, request.section);
  SC_RETURN_IF_ERROR(validate_section_payload(result.body, request.enterprise_id, request.section));
  return result;
}

}  // namespace smecredit::connectors
