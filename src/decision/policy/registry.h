// PolicyRegistry: the active version of each policy, swapped atomically.
//
// activate() publishes a compiled policy as the active version of its name
// in one step; a decision holds the shared_ptr it got from active() for its
// whole run, so decisions in flight finish on the version they started with
// and the old version is freed when the last of them ends. Every activated
// version stays findable by find() for replaying its records.
//
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "core/result.h"
#include "decision/policy/policy.h"

namespace smecredit::decision {

class PolicyRegistry {
 public:
  using PolicyPtr = std::shared_ptr<const CompiledPolicy>;

  // Makes `policy` the active version of its name. Versions only move
  // forward: activating a version not above the active one is kConflict.
  Status activate(PolicyPtr policy) {
    std::lock_guard<std::mutex> lock(mutex_);
    PolicyPtr& slot = active_[policy->name()];
    if (slot != nullptr && policy->version() <= slot->version()) {
      return Error{ErrorCode::kConflict, policy->id() + " is not newer than " + slot->id()};
    }
    versions_[policy->id()] = policy;
    slot = std::move(policy);
    return ok_status();
  }

  // The active version, or kNotFound.
  Result<PolicyPtr> active(const std::string& name) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = active_.find(name);
    if (it == active_.end()) return Error{ErrorCode::kNotFound, "no active policy " + name};
    return it->second;
  }

  // Any version ever activated, by "name@version".
  Result<PolicyPtr> find(const std::string& id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = versions_.find(id);
    if (it == versions_.end()) return Error{ErrorCode::kNotFound, "no policy " + id};
    return it->second;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, PolicyPtr> active_;
  std::map<std::string, PolicyPtr> versions_;
};

}  // namespace smecredit::decision
