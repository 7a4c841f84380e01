// The origination side of `serve`, assembled from the configuration: the
// product catalogue (origination.products_dir/*.json), the personal-data
// sealer (security.data_key), the underwriter — when provider.url is set,
// the policy underwriter pulling from that provider under consent and
// running decision.policy with the models in decision.models_dir; without
// it applications are answered 503 — the workflow service, and, when
// bank.url is set, the bank gateway and the Disburser thread.
//
// Lifetime: create before the server starts (routes must exist by then),
// call start_disbursing() once the server listens (the callback URL needs
// the bound port), destroy after the server has stopped.
#pragma once

#include <atomic>
#include <memory>

#include "api/bank_gateway.h"
#include "api/gate.h"
#include "api/log.h"
#include "cli/config.h"
#include "connectors/http_pull.h"
#include "connectors/pull_service.h"
#include "decision/policy/registry.h"
#include "origination/disburser.h"
#include "origination/origination_service.h"
#include "underwriting/policy_underwriter.h"

namespace smecredit::cli {

class OriginationRuntime {
 public:
  static Result<std::unique_ptr<OriginationRuntime>> create(const Config& config,
                                                            store::Store& store,
                                                            const scf::SigningKey& platform_key,
                                                            api::Logger& logger,
                                                            const Clock& clock);
  ~OriginationRuntime();

  void add_routes(api::Router& router, const api::Gate& gate, store::Store& store,
                  const api::Authenticator& authenticator, const Clock& clock);
  Status start_disbursing(uint16_t bound_port, const Clock& clock, api::Logger& logger);
  // Rebuilds the platform-wide relationship graph from every stored
  // section and hands it to the underwriter (logged; a failure keeps the
  // previous graph). A no-op without a decision engine.
  void refresh_platform_graph(store::Store& store, api::Logger& logger);
  // The personal-data sealer (security.data_key), shared with whatever else
  // seals secrets at rest (webhook secrets).
  const security::DataSealer& sealer() const { return *sealer_; }
  // The workflow service (applications, enterprises, the line assessment
  // supply-chain finance uses).
  origination::OriginationService& service() { return *service_; }

 private:
  OriginationRuntime() = default;
  Status start_underwriting(store::Store& store, const Clock& clock, api::Logger& logger);
  // A repayment collection through the bank gateway, once disbursing has
  // started; kUnavailable before, or without a bank.
  Status collect(std::string_view collection_id, std::string_view loan_id, const Money& amount);

  Config config_;
  origination::ProductCatalog catalog_;
  std::unique_ptr<security::DataSealer> sealer_;
  std::unique_ptr<connectors::HttpPullConnector> provider_;
  std::unique_ptr<connectors::PullService> pulls_;
  decision::PolicyRegistry policies_;
  std::unique_ptr<origination::Underwriter> underwriter_;
  // The same object when it is the policy underwriter (not without a provider).
  underwriting::PolicyUnderwriter* policy_underwriter_ = nullptr;
  std::unique_ptr<origination::OriginationService> service_;
  std::unique_ptr<api::HttpBankGateway> gateway_;
  std::unique_ptr<origination::Disburser> disburser_;
  std::atomic<origination::Disburser*> active_disburser_{nullptr};
  // Set once the gateway exists: the routes are added before the server
  // binds, the gateway after (its callback URL needs the bound port).
  std::atomic<api::HttpBankGateway*> active_gateway_{nullptr};
};

// Every *.json in `dir`, in name order; errors name the file.
Result<origination::ProductCatalog> load_product_catalog(const std::string& dir);

// The policy file compiled against the models in `models_dir`; errors name
// the file and, inside it, the JSON pointer.
Result<std::shared_ptr<const decision::CompiledPolicy>> load_policy(const std::string& policy_path,
                                                                    const std::string& models_dir);

}  // namespace smecredit::cli
