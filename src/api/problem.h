// RFC 9457 problem details (application/problem+json) for every error answer.
//
// Body: {"type":"/problems/<code>","title":..., "status":..., "detail":...,
// "code":"<code>", "trace_id":...}. `code` is the stable ErrorCode name (or an
// HTTP-level code such as "payload_too_large"); clients branch on it. Details
// never carry stack traces, SQL or driver messages: an internal error says
// only that it happened and gives the trace id to quote.
#pragma once

#include <string_view>

#include "api/http_types.h"
#include "core/error.h"

namespace smecredit::api {

HttpResponse problem_response(int status, std::string_view code, std::string_view title,
                              std::string_view detail, std::string_view trace_id);

// Maps an expected failure to its HTTP status and problem body.
HttpResponse error_response(const Error& error, std::string_view trace_id);

int http_status_for(ErrorCode code);

}  // namespace smecredit::api
