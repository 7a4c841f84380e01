// The door every /v1 route goes through: who is calling (auth.h), whether
// their role may use the route, and for POST the Idempotency-Key
// (idempotency.h). Handlers behind the gate receive the Principal and only
// check what depends on the resource (e.g. a borrower's own enterprise).
//
// Answers: 401 without valid credentials, 403 for a role the route does not
// allow, 428 for a POST without an Idempotency-Key, the stored response for
// a retried POST.
//
// Thread-safety: immutable after construction; the wrapped handlers may run
// on any server thread. The Authenticator and IdempotencyStore must outlive
// the router the routes are added to.
//
// Example:
//   Gate gate(authenticator, idempotency);
//   gate.add(router, Method::kPost, "/v1/enterprises", doc,
//            RoleSet{Role::kPartner, Role::kAdmin},
//            [&](const HttpRequest& request, const Principal& who) { ... });
#pragma once

#include <functional>
#include <string>

#include "api/auth.h"
#include "api/idempotency.h"
#include "api/router.h"

namespace smecredit::api {

using SecuredHandler = std::function<HttpResponse(const HttpRequest&, const Principal&)>;

class Gate {
 public:
  Gate(const Authenticator& authenticator, const IdempotencyStore& idempotency)
      : authenticator_(authenticator), idempotency_(idempotency) {}

  // Adds a route that only `roles` may call. `roles` must not be empty.
  void add(Router& router, Method method, std::string path_template, RouteDoc doc, RoleSet roles,
           SecuredHandler handler) const;

 private:
  HttpResponse serve(Method method, RoleSet roles, const SecuredHandler& handler,
                     const HttpRequest& request) const;
  HttpResponse serve_idempotent(const SecuredHandler& handler, const HttpRequest& request,
                                const Principal& principal) const;

  const Authenticator& authenticator_;
  const IdempotencyStore& idempotency_;
};

}  // namespace smecredit::api
