#include "cli/origination_runtime.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/origination_routes.h"
#include "decision/model/score_models.h"
#include "scf/merkle/hex.h"
#include "underwriting/consent_routes.h"
#include "underwriting/policy_underwriter.h"
#include "underwriting/report_routes.h"

namespace smecredit::cli {

namespace {

// Until a policy is configured, applications cannot be decided: they are
// answered 503 and stay submitted.
class NoDecisionEngine final : public origination::Underwriter {
 public:
  Result<origination::Underwriting> underwrite(
      const origination::UnderwritingRequest&) const override {
    return Error{ErrorCode::kUnavailable, "no decision policy is configured"};
  }
};

Result<std::string> hex_secret(std::string_view hex) {
  SC_ASSIGN_OR_RETURN(const std::vector<uint8_t> bytes, scf::bytes_from_hex(hex));
  return std::string(bytes.begin(), bytes.end());
}

Result<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::kNotFound, "cannot read " + path};
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The product, with the calendar file it names (relative to it) read in.
Result<loan::Product> read_product(const std::filesystem::path& file, const std::string& text) {
  SC_ASSIGN_OR_RETURN(const std::optional<std::string> calendar_file,
                      loan::product_calendar_file(text));
  if (!calendar_file.has_value()) return loan::parse_product_json(text);
  SC_ASSIGN_OR_RETURN(const std::string calendar,
                      read_text_file((file.parent_path() / *calendar_file).string()));
  return loan::parse_product_json(text, calendar);
}

}  // namespace

Result<origination::ProductCatalog> load_product_catalog(const std::string& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (ec) return Error{ErrorCode::kFailedPrecondition, "cannot read products from " + dir};
  std::sort(files.begin(), files.end());
  origination::ProductCatalog catalog;
  for (const auto& file : files) {
    SC_ASSIGN_OR_RETURN(const std::string text, read_text_file(file.string()));
    auto product = read_product(file, text);
    if (!product.ok()) {
      return Error{product.error().code, file.filename().string() + ": " + product.error().message};
    }
    SC_RETURN_IF_ERROR(catalog.add(std::move(product).value()));
  }
  return catalog;
}

Result<std::shared_ptr<const decision::CompiledPolicy>> load_policy(const std::string& policy_path,
                                                                    const std::string& models_dir) {
  SC_ASSIGN_OR_RETURN(const decision::ModelCatalog models, model::load_model_catalog(models_dir));
  SC_ASSIGN_OR_RETURN(const std::string text, read_text_file(policy_path));
  auto policy = decision::compile_policy(text, models);
  if (!policy.ok()) {
    return Error{policy.error().code, policy_path + ": " + policy.error().message};
  }
  return std::move(policy).value();
}

Status OriginationRuntime::start_underwriting(store::Store& store, const Clock& clock,
                                              api::Logger& logger) {
  if (config_.provider_url.empty()) {
    logger.write(api::LogLevel::kWarn, "underwriting_disabled",
                 {{"hint",
                   "set provider.url (and provider.api_key, provider.consent_secret): "
                   "until then applications are answered 503"}});
    underwriter_ = std::make_unique<NoDecisionEngine>();
    return ok_status();
  }
  if (config_.provider_consent_secret.empty()) {
    return Error{ErrorCode::kFailedPrecondition,
                 "provider.url is set but provider.consent_secret is not"};
  }
  SC_ASSIGN_OR_RETURN(const api::HttpEndpoint endpoint, api::parse_http_url(config_.provider_url));
  SC_ASSIGN_OR_RETURN(auto policy,
                      load_policy(config_.decision_policy, config_.decision_models_dir));
  SC_RETURN_IF_ERROR(policies_.activate(policy));
  std::string challenger_name;
  if (!config_.decision_challenger_policy.empty()) {
    SC_ASSIGN_OR_RETURN(auto challenger, load_policy(config_.decision_challenger_policy,
                                                     config_.decision_models_dir));
    if (challenger->name() == policy->name()) {
      return Error{ErrorCode::kInvalidArgument,
                   "decision.challenger_policy must name its policy differently from the "
                   "champion's ('" +
                       policy->name() + "')"};
    }
    SC_RETURN_IF_ERROR(policies_.activate(challenger));
    challenger_name = challenger->name();
  }
  connectors::HttpPullOptions options;
  options.host = endpoint.host;
  options.port = endpoint.port;
  options.api_key = config_.provider_api_key;
  options.max_concurrent = config_.provider_max_concurrent;
  provider_ = std::make_unique<connectors::HttpPullConnector>(options);
  pulls_ = std::make_unique<connectors::PullService>(store, *provider_, clock);
  auto underwriter = std::make_unique<underwriting::PolicyUnderwriter>(
      store, *pulls_, policies_, clock,
      underwriting::UnderwriterOptions{
          .policy_name = policy->name(),
          .data_max_age = std::chrono::minutes(config_.decision_data_max_age_minutes),
          .challenger_name = challenger_name,
          .challenger_basis_points = config_.decision_challenger_basis_points});
  policy_underwriter_ = underwriter.get();
  underwriter_ = std::move(underwriter);
  logger.write(api::LogLevel::kInfo, "underwriting_ready",
               {{"policy", policy->id()}, {"provider", config_.provider_url}});
  return ok_status();
}

Result<std::unique_ptr<OriginationRuntime>> OriginationRuntime::create(
    const Config& config, store::Store& store, const scf::SigningKey& platform_key,
    api::Logger& logger, const Clock& clock) {
  std::unique_ptr<OriginationRuntime> runtime(new OriginationRuntime());
  runtime->config_ = config;
  if (std::filesystem::is_directory(config.products_dir)) {
    SC_ASSIGN_OR_RETURN(runtime->catalog_, load_product_catalog(config.products_dir));
  } else {
    logger.write(
        api::LogLevel::kWarn, "no_products",
        {{"hint", "origination.products_dir is not a directory; nothing can be applied for"}});
  }
  if (config.data_key.empty()) {
    logger.write(api::LogLevel::kWarn, "data_key_ephemeral",
                 {{"hint",
                   "set security.data_key: personal data sealed now cannot be read after "
                   "a restart"}});
    runtime->sealer_ = std::make_unique<security::DataSealer>(security::DataSealer::random());
  } else {
    SC_ASSIGN_OR_RETURN(security::DataSealer sealer,
                        security::DataSealer::from_hex(config.data_key));
    runtime->sealer_ = std::make_unique<security::DataSealer>(std::move(sealer));
  }
  SC_RETURN_IF_ERROR(runtime->start_underwriting(store, clock, logger));
  origination::OriginationOptions options;
  options.offer_ttl = std::chrono::hours(config.offer_ttl_hours);
  options.second_officer_threshold_minor = config.second_officer_threshold_fen;
  if (!config.apr_caps_path.empty()) {
    SC_ASSIGN_OR_RETURN(const std::string text, read_text_file(config.apr_caps_path));
    auto table = loan::parse_apr_cap_table(text);
    if (!table.ok()) {
      return Error{ErrorCode::kInvalidArgument,
                   config.apr_caps_path + ": " + table.error().message};
    }
    options.apr_caps = std::move(table).value();
  }
  runtime->service_ = std::make_unique<origination::OriginationService>(
      store, runtime->catalog_, *runtime->underwriter_, *runtime->sealer_, platform_key, options);
  return runtime;
}

OriginationRuntime::~OriginationRuntime() {
  active_disburser_.store(nullptr);
  active_gateway_.store(nullptr);
  disburser_.reset();
}

void OriginationRuntime::add_routes(api::Router& router, const api::Gate& gate, store::Store& store,
                                    const api::Authenticator& authenticator, const Clock& clock) {
  std::string bank_secret;
  if (!config_.bank_secret.empty()) bank_secret = hex_secret(config_.bank_secret).value();
  api::add_origination_routes(
      router, gate,
      {.service = service_.get(),
       .store = &store,
       .authenticator = &authenticator,
       .clock = &clock,
       .bank_secret = bank_secret,
       .borrower_token_ttl = std::chrono::hours(24 * 30),
       .disbursement_due =
           [this] {
             if (auto* d = active_disburser_.load()) d->notify();
           },
       .collect = [this](std::string_view collection_id, std::string_view loan_id,
                         const Money& amount) { return collect(collection_id, loan_id, amount); }});
  underwriting::add_report_routes(
      router, gate, store, *service_, clock,
      [this]() -> std::shared_ptr<const profile::PlatformGraph> {
        return policy_underwriter_ == nullptr ? nullptr : policy_underwriter_->platform_graph();
      });
  underwriting::add_consent_routes(router, gate,
                                   {.service = service_.get(),
                                    .pulls = pulls_.get(),
                                    .clock = &clock,
                                    .consent_secret = config_.provider_consent_secret});
}

void OriginationRuntime::refresh_platform_graph(store::Store& store, api::Logger& logger) {
  if (policy_underwriter_ == nullptr) return;
  const auto started = std::chrono::steady_clock::now();
  int64_t skipped = 0;
  auto graph = underwriting::load_platform_graph(store, &skipped);
  if (!graph.ok()) {
    logger.write(api::LogLevel::kError, "platform_graph_failed",
                 {{"error", graph.error().to_string()}});
    return;
  }
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  logger.write(api::LogLevel::kInfo, "platform_graph_refreshed",
               {{"nodes", std::to_string(graph.value().nodes())},
                {"guarantee_edges", std::to_string(graph.value().guarantee_edges())},
                {"unreadable_enterprises", std::to_string(skipped)},
                {"ms", std::to_string(elapsed.count())}});
  policy_underwriter_->set_platform_graph(
      std::make_shared<const profile::PlatformGraph>(std::move(graph).value()));
}

Status OriginationRuntime::collect(std::string_view collection_id, std::string_view loan_id,
                                   const Money& amount) {
  api::HttpBankGateway* gateway = active_gateway_.load();
  if (gateway == nullptr) {
    return Error{ErrorCode::kUnavailable, "no bank is configured to collect from (bank.url)"};
  }
  return gateway->collect(collection_id, loan_id, amount);
}

Status OriginationRuntime::start_disbursing(uint16_t bound_port, const Clock& clock,
                                            api::Logger& logger) {
  if (config_.bank_url.empty()) {
    logger.write(api::LogLevel::kWarn, "disbursement_disabled",
                 {{"hint", "set bank.url (and bank.secret) to send disbursement instructions"}});
    return ok_status();
  }
  if (config_.bank_secret.empty()) {
    return Error{ErrorCode::kFailedPrecondition, "bank.url is set but bank.secret is not"};
  }
  SC_ASSIGN_OR_RETURN(api::HttpEndpoint bank, api::parse_http_url(config_.bank_url));
  SC_ASSIGN_OR_RETURN(std::string secret, hex_secret(config_.bank_secret));
  const std::string callback = config_.bank_callback_url.empty()
                                   ? "http://" + config_.server.host + ":" +
                                         std::to_string(bound_port) + "/v1/bank/callbacks"
                                   : config_.bank_callback_url;
  gateway_ =
      std::make_unique<api::HttpBankGateway>(std::move(bank), std::move(secret), callback, 5'000);
  disburser_ = std::make_unique<origination::Disburser>(*service_, *gateway_, clock,
                                                        origination::DisburserOptions{});
  active_disburser_.store(disburser_.get());
  active_gateway_.store(gateway_.get());
  return ok_status();
}

}  // namespace smecredit::cli
