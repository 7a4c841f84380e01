// The connector interface: how the platform fetches one section of one
// enterprise's data from a source, and the validation every payload passes
// before anything is stored.
//
// Adapters: FileImportConnector (file_import.h: a batch of CSV / JSON Lines
// files in the world's layout) and HttpPullConnector (http_pull.h: a
// provider over HTTP). Both return the provider's JSON document for the
// section; PullService (pull_service.h) checks consent, validates, stores
// and logs.
//
// A payload is valid when it is a JSON object whose "enterprise_id" and
// "section" are the ones asked for, whose "rows" (and any other array of
// rows) holds only objects, in which every member named *_fen, *_count,
// *_kwh, *_bp or *_headcount is a non-negative integer (or null: not
// applicable), "month" is YYYY-MM
// and strictly increasing within "rows", a registration's single row has a
// unified social credit code with a valid check character, and an invoices
// section's in-world invoices issued in a month do not exceed the month's
// total issued. Anything else is kInvalidArgument with the reason.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace smecredit::connectors {

struct FetchRequest {
  std::string enterprise_id;
  std::string section;  // a consent scope (consent_token.h kConsentScopes)
  std::string consent_token;
};

struct FetchResult {
  std::string body;  // the section's JSON document, validated
  int attempts = 1;
};

class Connector {
 public:
  virtual ~Connector() = default;
  // A short stable name recorded in the pull log, e.g. "http:provider".
  virtual std::string name() const = 0;
  // kPermissionDenied / kUnauthenticated from the source, kNotFound,
  // kUnavailable (retryable failures exhausted), kInvalidArgument (invalid
  // payload).
  virtual Result<FetchResult> fetch(const FetchRequest& request) = 0;
};

Status validate_section_payload(std::string_view body, std::string_view enterprise_id,
                                std::string_view section);

}  // namespace smecredit::connectors
