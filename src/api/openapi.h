// The OpenAPI 3.1 document, generated from the router so that it can never
// disagree with the routes that exist.
//
// Each route contributes its RouteDoc; this file adds the info block, the
// shared Problem schema and a "default" problem response to every operation.
#pragma once

#include <string>
#include <string_view>

#include "api/router.h"

namespace smecredit::api {

// The document as JSON text. A route whose responses_json is not valid JSON
// is a programmer error (aborts), caught by the OpenAPI unit test.
std::string build_openapi_document(const Router& router, std::string_view version);

// Adds GET /openapi.json. Call after every other route is added: the document
// is built on the first request and cached.
void add_openapi_route(Router& router, std::string version);

}  // namespace smecredit::api
