#include "api/openapi.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>

#include "api/json.h"

namespace smecredit::api {

namespace {

using rapidjson::Document;
using rapidjson::Value;

constexpr std::string_view kProblemSchema = R"json({
  "type": "object",
  "description": "RFC 9457 problem details",
  "required": ["type", "title", "status", "code"],
  "properties": {
    "type": {"type": "string", "examples": ["/problems/not_found"]},
    "title": {"type": "string"},
    "status": {"type": "integer"},
    "detail": {"type": "string"},
    "code": {"type": "string", "description": "stable machine-readable error code"},
    "trace_id": {"type": "string"}
  }
})json";

constexpr std::string_view kSecuritySchemes = R"json({
  "bearer": {
    "type": "http",
    "scheme": "bearer",
    "description": "An API key (sk_<id>.<secret>) for partners and staff, or a borrower token (bt1.<payload>.<mac>)"
  }
})json";

Value parse_fragment(std::string_view json, Document::AllocatorType& allocator, const char* what) {
  Document fragment(&allocator);
  fragment.Parse(json.data(), json.size());
  if (fragment.HasParseError() || !fragment.IsObject()) {
    std::fprintf(stderr, "smecredit: invalid OpenAPI fragment in %s\n", what);
    std::abort();
  }
  return Value(fragment, allocator);
}

Value string_value(std::string_view text, Document::AllocatorType& allocator) {
  return Value(text.data(), static_cast<rapidjson::SizeType>(text.size()), allocator);
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Value parameter(std::string_view name, const char* in, const char* description,
                Document::AllocatorType& a) {
  Value p(rapidjson::kObjectType);
  p.AddMember("name", string_value(name, a), a);
  p.AddMember("in", rapidjson::StringRef(in), a);
  p.AddMember("required", true, a);
  p.AddMember("description", rapidjson::StringRef(description), a);
  Value schema(rapidjson::kObjectType);
  schema.AddMember("type", "string", a);
  p.AddMember("schema", schema, a);
  return p;
}

// Path parameters from the template's `{name}` segments, and the
// Idempotency-Key header for idempotent operations.
void add_parameters(Value& operation, std::string_view path_template, const RouteDoc& d,
                    Document::AllocatorType& a) {
  Value parameters(rapidjson::kArrayType);
  size_t open = path_template.find('{');
  while (open != std::string_view::npos) {
    const size_t close = path_template.find('}', open);
    if (close == std::string_view::npos) break;
    parameters.PushBack(
        parameter(path_template.substr(open + 1, close - open - 1), "path", "identifier", a), a);
    open = path_template.find('{', close);
  }
  if (d.idempotent) {
    parameters.PushBack(parameter("Idempotency-Key", "header",
                                  "1-255 visible ASCII characters; a retry with the same key "
                                  "returns the first response and changes nothing",
                                  a),
                        a);
  }
  if (!parameters.Empty()) operation.AddMember("parameters", parameters, a);
}

void add_security(Value& operation, const RouteDoc& d, Document::AllocatorType& a) {
  Value security(rapidjson::kArrayType);
  Value roles(rapidjson::kArrayType);
  for (const std::string& role : d.roles) roles.PushBack(string_value(role, a), a);
  if (!d.roles.empty()) {
    Value bearer(rapidjson::kObjectType);
    bearer.AddMember("bearer", Value(rapidjson::kArrayType), a);
    security.PushBack(bearer, a);
  }
  operation.AddMember("security", security, a);
  operation.AddMember("x-roles", roles, a);
}

}  // namespace

std::string build_openapi_document(const Router& router, std::string_view version) {
  Document doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  doc.AddMember("openapi", "3.1.0", a);
  Value info(rapidjson::kObjectType);
  info.AddMember("title", "smecredit API", a);
  info.AddMember("version", string_value(version, a), a);
  info.AddMember("description",
                 "Digital lending for small and micro enterprises. Errors are RFC 9457 "
                 "problem+json; every POST takes an Idempotency-Key header.",
                 a);
  doc.AddMember("info", info, a);

  // Group operations by path template, in registration order of first appearance.
  std::map<std::string, Value> paths;
  std::vector<std::string> order;
  for (const auto& route : router.routes()) {
    const RouteDoc& d = route->doc;
    Value operation(rapidjson::kObjectType);
    operation.AddMember("operationId", string_value(d.operation_id, a), a);
    operation.AddMember("summary", string_value(d.summary, a), a);
    Value tags(rapidjson::kArrayType);
    tags.PushBack(string_value(d.tag, a), a);
    operation.AddMember("tags", tags, a);
    Value responses = parse_fragment(d.responses_json, a, d.operation_id.c_str());
    if (!responses.HasMember("default")) {
      Value problem_ref(rapidjson::kObjectType);
      problem_ref.AddMember("$ref", "#/components/schemas/Problem", a);
      Value media(rapidjson::kObjectType);
      media.AddMember("schema", problem_ref, a);
      Value content(rapidjson::kObjectType);
      content.AddMember("application/problem+json", media, a);
      Value fallback(rapidjson::kObjectType);
      fallback.AddMember("description", "An error, as RFC 9457 problem details", a);
      fallback.AddMember("content", content, a);
      responses.AddMember("default", fallback, a);
    }
    operation.AddMember("responses", responses, a);
    add_parameters(operation, route->path_template, d, a);
    if (!d.request_body_json.empty()) {
      operation.AddMember("requestBody",
                          parse_fragment(d.request_body_json, a, d.operation_id.c_str()), a);
    }
    add_security(operation, d, a);
    auto [it, inserted] = paths.try_emplace(route->path_template, rapidjson::kObjectType);
    if (inserted) order.push_back(route->path_template);
    it->second.AddMember(string_value(lower(method_name(route->method)), a), operation, a);
  }
  Value paths_value(rapidjson::kObjectType);
  for (const std::string& path : order) {
    paths_value.AddMember(string_value(path, a), paths[path], a);
  }
  doc.AddMember("paths", paths_value, a);

  Value schemas(rapidjson::kObjectType);
  schemas.AddMember("Problem", parse_fragment(kProblemSchema, a, "Problem"), a);
  Value components(rapidjson::kObjectType);
  components.AddMember("schemas", schemas, a);
  components.AddMember("securitySchemes", parse_fragment(kSecuritySchemes, a, "securitySchemes"),
                       a);
  doc.AddMember("components", components, a);

  JsonBuffer buffer;
  JsonWriter writer(buffer);
  doc.Accept(writer);
  return buffer.GetString();
}

void add_openapi_route(Router& router, std::string version) {
  struct Cache {
    std::once_flag once;
    std::string document;
  };
  auto cache = std::make_shared<Cache>();
  const Router* source = &router;
  router.add(Method::kGet, "/openapi.json",
             {"getOpenApi", "This API's OpenAPI 3.1 description", "meta",
              R"({"200":{"description":"The OpenAPI document",
                  "content":{"application/json":{"schema":{"type":"object"}}}}})"},
             [cache, source, version = std::move(version)](const HttpRequest&) {
               std::call_once(cache->once,
                              [&] { cache->document = build_openapi_document(*source, version); });
               return HttpResponse{200, "application/json", cache->document, {}};
             });
}

}  // namespace smecredit::api
