#include "connectors/provider/provider_routes.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <thread>

#include "api/problem.h"
#include "connectors/consent/consent_token.h"
#include "connectors/world/prng.h"

namespace smecredit::connectors {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool is_numeric_column(std::string_view column) {
  return ends_with(column, "_fen") || ends_with(column, "_count") || ends_with(column, "_kwh") ||
         ends_with(column, "_bp") || ends_with(column, "_headcount") ||
         column == "declared_employees";
}

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out.push_back(c);
  }
  out.push_back('"');
}

// One CSV row as a JSON object, keeping `wanted` columns (all when empty).
void append_row(std::string& out, const CsvTable& table, std::string_view line,
                std::initializer_list<std::string_view> wanted = {}) {
  const std::vector<std::string_view> fields = split_csv_line(line);
  out.push_back('{');
  bool first = true;
  for (size_t i = 0; i < fields.size() && i < table.columns().size(); ++i) {
    const std::string& column = table.columns()[i];
    if (wanted.size() > 0 && std::find(wanted.begin(), wanted.end(), column) == wanted.end()) {
      continue;
    }
    if (!first) out.push_back(',');
    first = false;
    append_json_string(out, column);
    out.push_back(':');
    if (is_numeric_column(column)) {
      out.append(fields[i].empty() ? std::string_view("null") : fields[i]);
    } else {
      append_json_string(out, fields[i]);
    }
  }
  out.push_back('}');
}

void append_rows(std::string& out, std::string_view name, const CsvTable& table,
                 std::string_view key, std::initializer_list<std::string_view> wanted = {}) {
  out += ",\"";
  out += name;
  out += "\":[";
  bool first = true;
  for (std::string_view line : table.rows(key)) {
    if (!first) out.push_back(',');
    first = false;
    append_row(out, table, line, wanted);
  }
  out.push_back(']');
}

std::string_view event_type(std::string_view line) {
  constexpr std::string_view kKey = "\"type\":\"";
  const size_t at = line.find(kKey);
  if (at == std::string_view::npos) return {};
  const size_t begin = at + kKey.size();
  return line.substr(begin, line.find('"', begin) - begin);
}

void append_events(std::string& out, std::string_view name, const WorldStore& world,
                   std::string_view id, std::initializer_list<std::string_view> types) {
  out += ",\"";
  out += name;
  out += "\":[";
  bool first = true;
  for (std::string_view line : world.events(id)) {
    if (std::find(types.begin(), types.end(), event_type(line)) == types.end()) continue;
    if (!first) out.push_back(',');
    first = false;
    out.append(line);
  }
  out.push_back(']');
}

void append_registration(std::string& out, const WorldStore& world, std::string_view id) {
  append_rows(out, "rows", world.enterprises(), id);
  const std::vector<std::string> columns = world.enterprises().columns();
  const std::vector<std::string_view> fields = split_csv_line(world.enterprises().rows(id).front());
  const size_t rep_column = static_cast<size_t>(
      std::find(columns.begin(), columns.end(), "legal_rep_person_id") - columns.begin());
  if (rep_column < fields.size()) {
    append_rows(out, "legal_representative", world.persons(), fields[rep_column],
                {"person_id", "resident_id", "name"});
  }
  append_rows(out, "shareholders", world.shareholdings(), id);
  append_events(out, "changes", world, id, {"legal_rep_change", "shareholder_change"});
}

}  // namespace

std::string render_section(const WorldStore& world, std::string_view key,
                           std::string_view section) {
  const std::string_view id = world.resolve(key);
  std::string out = "{\"enterprise_id\":";
  append_json_string(out, key);
  out += ",\"section\":";
  append_json_string(out, section);
  if (section == "registration") {
    append_registration(out, world, id);
  } else if (section == "tax") {
    append_rows(out, "rows", world.monthly(), id,
                {"month", "vat_tax_base_fen", "vat_declared_fen", "vat_paid_fen",
                 "social_insurance_headcount"});
  } else if (section == "invoices") {
    append_rows(out, "rows", world.monthly(), id,
                {"month", "invoices_issued_count", "invoices_issued_fen", "invoices_received_count",
                 "invoices_received_fen"});
    append_rows(out, "issued", world.invoices_by_seller(), id);
    append_rows(out, "received", world.invoices_by_buyer(), id);
  } else if (section == "flows") {
    append_rows(out, "rows", world.monthly(), id,
                {"month", "pos_sales_fen", "ecommerce_sales_fen", "transfer_sales_fen",
                 "purchases_fen", "electricity_kwh", "utilities_fen"});
  } else if (section == "judicial") {
    append_events(out, "rows", world, id,
                  {"court_case", "enforcement", "dishonest_debtor", "equity_freeze"});
  } else if (section == "penalties") {
    append_events(out, "rows", world, id, {"administrative_penalty"});
  } else {
    append_rows(out, "rows", world.relationships_from(), id);
    append_rows(out, "incoming", world.relationships_to(), id);
  }
  return out + "}";
}

namespace {

bool same_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

void sleep_ms(int64_t ms) {
  if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

api::HttpResponse rate_limited(std::string_view trace_id) {
  api::HttpResponse response = api::problem_response(
      429, "rate_limited", "Too Many Requests", "the provider's rate limit was exceeded", trace_id);
  response.headers.emplace_back("Retry-After", "1");
  return response;
}

struct Section {
  const WorldStore& world;
  const ProviderOptions& options;
  ProviderFaults& faults;
  const Clock& clock;
  std::string section;

  api::HttpResponse operator()(const api::HttpRequest& request) const {
    if (options.api_key.empty() || !same_secret(request.header("x-api-key"), options.api_key)) {
      return api::problem_response(401, "unauthenticated", "Unauthorized",
                                   "a valid X-Api-Key is required", request.trace_id);
    }
    if (!faults.admit()) return rate_limited(request.trace_id);
    const int64_t fault = faults.draw_bp();
    if (fault < options.error_bp) {
      return api::problem_response(503, "unavailable", "Service Unavailable",
                                   "the provider is temporarily unavailable", request.trace_id);
    }
    if (fault < options.error_bp + options.slow_bp) sleep_ms(options.slow_ms);
    const std::string_view id = request.path_param("id");
    if (world.resolve(id).empty()) {
      return api::problem_response(404, "not_found", "Not Found", "no such enterprise",
                                   request.trace_id);
    }
    const int64_t now_unix =
        std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()).count();
    const Result<ConsentClaims> consent = verify_consent_token(
        options.consent_secret, request.header("x-consent-token"), now_unix, id, section);
    if (!consent.ok()) return api::error_response(consent.error(), request.trace_id);
    sleep_ms(options.latency_ms +
             (options.jitter_ms > 0 ? faults.draw_bp() % (options.jitter_ms + 1) : 0));
    api::HttpResponse response;
    response.body = render_section(world, id, section);
    if (fault >= options.error_bp + options.slow_bp &&
        fault < options.error_bp + options.slow_bp + options.malformed_bp) {
      response.body.resize(response.body.size() / 2);
    }
    return response;
  }
};

}  // namespace

int64_t ProviderFaults::draw_bp() {
  const uint64_t n = counter_.fetch_add(1, std::memory_order_relaxed);
  return static_cast<int64_t>(world::mix64(options_.fault_seed * 0x9E3779B97F4A7C15ULL + n) %
                              10000);
}

bool ProviderFaults::admit() {
  if (options_.rate_limit_per_second <= 0) return true;
  const std::lock_guard<std::mutex> lock(bucket_mutex_);
  const auto now = std::chrono::steady_clock::now();
  const double capacity = options_.rate_limit_per_second;
  if (tokens_ < 0) {
    tokens_ = capacity;
  } else {
    const std::chrono::duration<double> elapsed = now - last_refill_;
    tokens_ = std::min(capacity, tokens_ + elapsed.count() * capacity);
  }
  last_refill_ = now;
  if (tokens_ < 1) return false;
  tokens_ -= 1;
  return true;
}

void add_provider_routes(api::Router& router, const WorldStore& world,
                         const ProviderOptions& options, ProviderFaults& faults,
                         const Clock& clock) {
  for (std::string_view section : kConsentScopes) {
    std::string name(section);
    std::string operation = "getProvider" + name;
    operation[11] = static_cast<char>(operation[11] - 'a' + 'A');
    router.add(
        api::Method::kGet, "/v1/provider/enterprises/{id}/" + name,
        {.operation_id = operation,
         .summary = "Provider simulator: an enterprise's " + name + " data (consent required)",
         .tag = "provider",
         .responses_json = R"({"200":{"description":"the section's rows"},)"
                           R"("401":{"description":"bad API key or consent token"},)"
                           R"("403":{"description":"consent expired or out of scope"},)"
                           R"("429":{"description":"rate limited"}})"},
        Section{world, options, faults, clock, name});
  }
}

}  // namespace smecredit::connectors
