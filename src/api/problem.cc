#include "api/problem.h"

#include <string>

#include "api/json.h"

namespace smecredit::api {

namespace {
std::string_view title_for(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 409:
      return "Conflict";
    case 422:
      return "Unprocessable Content";
    case 503:
      return "Service Unavailable";
    default:
      return "Internal Server Error";
  }
}
}  // namespace

HttpResponse problem_response(int status, std::string_view code, std::string_view title,
                              std::string_view detail, std::string_view trace_id) {
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_field(w, "type", "/problems/" + std::string(code));
  write_field(w, "title", title);
  w.Key("status");
  w.Int(status);
  write_field(w, "detail", detail);
  write_field(w, "code", code);
  write_field(w, "trace_id", trace_id);
  w.EndObject();
  return HttpResponse{status, "application/problem+json", buffer.GetString(), {}};
}

int http_status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kOutOfRange:
    case ErrorCode::kOverflow:
      return 422;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kConflict:
    case ErrorCode::kFailedPrecondition:
      return 409;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

HttpResponse error_response(const Error& error, std::string_view trace_id) {
  const int status = http_status_for(error.code);
  const std::string_view detail = error.code == ErrorCode::kInternal
                                      ? "an internal error occurred; quote the trace id"
                                      : std::string_view(error.message);
  return problem_response(status, error_code_name(error.code), title_for(status), detail, trace_id);
}

}  // namespace smecredit::api
