#include "api/gate.h"

#include <cstdlib>

#include "api/problem.h"

namespace smecredit::api {

void Gate::add(Router& router, Method method, std::string path_template, RouteDoc doc,
               RoleSet roles, SecuredHandler handler) const {
  if (roles.empty()) std::abort();  // a route nobody may call is a programmer error
  for (const Role role : kAllRoles) {
    if (roles.contains(role)) doc.roles.emplace_back(role_name(role));
  }
  doc.idempotent = method == Method::kPost;
  router.add(method, std::move(path_template), std::move(doc),
             [this, method, roles, handler = std::move(handler)](const HttpRequest& request) {
               return serve(method, roles, handler, request);
             });
}

HttpResponse Gate::serve(Method method, RoleSet roles, const SecuredHandler& handler,
                         const HttpRequest& request) const {
  auto principal = authenticator_.authenticate(request);
  if (!principal.ok()) {
    HttpResponse response = error_response(principal.error(), request.trace_id);
    response.headers.emplace_back("WWW-Authenticate", "Bearer");
    return response;
  }
  if (!roles.contains(principal.value().role)) {
    return error_response(Error{ErrorCode::kPermissionDenied,
                                "the " + std::string(role_name(principal.value().role)) +
                                    " role may not use this route"},
                          request.trace_id);
  }
  if (method != Method::kPost) return handler(request, principal.value());
  return serve_idempotent(handler, request, principal.value());
}

HttpResponse Gate::serve_idempotent(const SecuredHandler& handler, const HttpRequest& request,
                                    const Principal& principal) const {
  const std::string_view key = request.header("idempotency-key");
  if (key.empty()) {
    return problem_response(428, "idempotency_key_required", "Idempotency-Key required",
                            "every POST needs an Idempotency-Key header; a retry with the same "
                            "key returns the first response",
                            request.trace_id);
  }
  auto claim = idempotency_.begin(principal.subject, key, idempotency_request_hash(request));
  if (!claim.ok()) return error_response(claim.error(), request.trace_id);
  if (claim.value().replay) return *claim.value().replay;
  HttpResponse response = handler(request, principal);
  const Status stored = idempotency_.finish(principal.subject, key, response);
  // The change is made; if its response could not be stored, a retry will
  // find the claim and wait out the lease, then rely on the handler's own
  // natural-key idempotency. Tell this caller the truth either way.
  if (!stored.ok()) response.headers.emplace_back("Idempotency-Stored", "false");
  return response;
}

}  // namespace smecredit::api
