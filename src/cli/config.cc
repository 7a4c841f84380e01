#include "cli/config.h"

#include <toml++/toml.h>

#include <functional>
#include <map>
#include <vector>

#include "core/parse.h"

namespace smecredit::cli {

namespace {

struct Field {
  std::string_view key;  // TOML key, e.g. "server.port"
  bool secret;
  bool quoted;  // printed as a TOML string
  std::function<Status(Config&, std::string_view)> set;
  std::function<std::string(const Config&)> get;
};

// A setting is reached through an accessor so that nested members
// (config.server.port) and top-level ones are declared the same way.
template <class T>
using Accessor = T& (*)(Config&);

template <class T>
Field integer_field(std::string_view key, Accessor<T> access, int64_t min, int64_t max) {
  return {key, false, false,
          [=](Config& c, std::string_view text) -> Status {
            SC_ASSIGN_OR_RETURN(int64_t v, parse_int64(text, key, min, max));
            access(c) = static_cast<T>(v);
            return ok_status();
          },
          [=](const Config& c) { return std::to_string(access(const_cast<Config&>(c))); }};
}

Field string_field(std::string_view key, Accessor<std::string> access, bool secret,
                   const std::function<Status(std::string_view)>& validate) {
  return {key, secret, true,
          [=](Config& c, std::string_view text) -> Status {
            SC_RETURN_IF_ERROR(validate(text));
            access(c) = std::string(text);
            return ok_status();
          },
          [=](const Config& c) { return access(const_cast<Config&>(c)); }};
}

Status one_of(std::string_view key, std::string_view text,
              const std::vector<std::string_view>& allowed) {
  for (std::string_view a : allowed) {
    if (text == a) return ok_status();
  }
  std::string list;
  for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  return Error{ErrorCode::kInvalidArgument, std::string(key) + " must be one of " + list};
}

std::function<Status(std::string_view)> non_empty(std::string_view key) {
  return [key](std::string_view text) -> Status {
    if (text.empty()) return Error{ErrorCode::kInvalidArgument, std::string(key) + " is empty"};
    return ok_status();
  };
}

// Empty, or exactly 64 hexadecimal digits (a 32-byte key).
std::function<Status(std::string_view)> optional_key_hex(std::string_view key) {
  return [key](std::string_view text) -> Status {
    const bool hex = text.size() == 64 &&
                     text.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos;
    if (!text.empty() && !hex) {
      return Error{ErrorCode::kInvalidArgument,
                   std::string(key) + " must be 64 hexadecimal digits"};
    }
    return ok_status();
  };
}

const std::vector<Field>& fields() {
  static const std::vector<Field> table = {
      string_field(
          "server.host", +[](Config& c) -> std::string& { return c.server.host; }, false,
          non_empty("server.host")),
      integer_field(
          "server.port", +[](Config& c) -> uint16_t& { return c.server.port; }, 0, 65535),
      integer_field(
          "server.threads", +[](Config& c) -> int& { return c.server.threads; }, 0, 256),
      integer_field(
          "server.header_limit_bytes",
          +[](Config& c) -> size_t& { return c.server.header_limit_bytes; }, 1024, 1 << 20),
      integer_field(
          "server.body_limit_bytes",
          +[](Config& c) -> size_t& { return c.server.body_limit_bytes; }, 1024, 256 << 20),
      integer_field(
          "server.header_timeout_ms", +[](Config& c) -> int& { return c.server.header_timeout_ms; },
          100, 600'000),
      integer_field(
          "server.body_timeout_ms", +[](Config& c) -> int& { return c.server.body_timeout_ms; },
          100, 600'000),
      integer_field(
          "server.idle_timeout_ms", +[](Config& c) -> int& { return c.server.idle_timeout_ms; },
          100, 3'600'000),
      integer_field(
          "server.write_timeout_ms", +[](Config& c) -> int& { return c.server.write_timeout_ms; },
          100, 600'000),
      integer_field(
          "server.shutdown_deadline_ms",
          +[](Config& c) -> int& { return c.server.shutdown_deadline_ms; }, 0, 600'000),
      integer_field(
          "server.max_connections", +[](Config& c) -> int& { return c.server.max_connections; }, 1,
          1'000'000),
      string_field(
          "store.path", +[](Config& c) -> std::string& { return c.store_path; }, false,
          non_empty("store.path")),
      integer_field(
          "store.pool_size", +[](Config& c) -> int& { return c.store_pool_size; }, 1, 64),
      string_field(
          "store.synchronous", +[](Config& c) -> std::string& { return c.store_synchronous; },
          false,
          [](std::string_view t) {
            return one_of("store.synchronous", t, {"FULL", "NORMAL"});
          }),
      string_field(
          "log.level", +[](Config& c) -> std::string& { return c.log_level; }, false,
          [](std::string_view t) {
            return one_of("log.level", t, {"debug", "info", "warn", "error"});
          }),
      string_field(
          "scf.log_hash", +[](Config& c) -> std::string& { return c.scf_log_hash; }, false,
          [](std::string_view t) {
            return one_of("scf.log_hash", t, {"sha256", "sm3"});
          }),
      string_field(
          "scf.signature_scheme", +[](Config& c) -> std::string& { return c.scf_signature_scheme; },
          false,
          [](std::string_view t) {
            return one_of("scf.signature_scheme", t, {"ed25519", "sm2"});
          }),
      integer_field(
          "scf.checkpoint_interval_ms",
          +[](Config& c) -> int& { return c.scf_checkpoint_interval_ms; }, 100, 86'400'000),
      string_field(
          "scf.line_product", +[](Config& c) -> std::string& { return c.scf_line_product; }, false,
          non_empty("scf.line_product")),
      integer_field(
          "scf.settlement_interval_ms",
          +[](Config& c) -> int& { return c.scf_settlement_interval_ms; }, 100, 86'400'000),
      string_field(
          "security.data_key", +[](Config& c) -> std::string& { return c.data_key; }, true,
          optional_key_hex("security.data_key")),
      string_field(
          "security.log_signing_seed",
          +[](Config& c) -> std::string& { return c.log_signing_seed; }, true,
          optional_key_hex("security.log_signing_seed")),
      string_field(
          "security.token_key", +[](Config& c) -> std::string& { return c.token_key; }, true,
          optional_key_hex("security.token_key")),
      string_field(
          "origination.products_dir", +[](Config& c) -> std::string& { return c.products_dir; },
          false, non_empty("origination.products_dir")),
      string_field(
          "origination.apr_caps", +[](Config& c) -> std::string& { return c.apr_caps_path; }, false,
          [](std::string_view) { return ok_status(); }),
      integer_field(
          "origination.offer_ttl_hours", +[](Config& c) -> int& { return c.offer_ttl_hours; }, 1,
          int64_t{24} * 90),
      integer_field(
          "origination.second_officer_threshold_fen",
          +[](Config& c) -> int64_t& { return c.second_officer_threshold_fen; }, 0,
          int64_t{1'000'000'000'000}),
      string_field(
          "bank.url", +[](Config& c) -> std::string& { return c.bank_url; }, false,
          [](std::string_view) { return ok_status(); }),
      string_field(
          "bank.callback_url", +[](Config& c) -> std::string& { return c.bank_callback_url; },
          false, [](std::string_view) { return ok_status(); }),
      string_field(
          "bank.secret", +[](Config& c) -> std::string& { return c.bank_secret; }, true,
          optional_key_hex("bank.secret")),
      string_field(
          "provider.url", +[](Config& c) -> std::string& { return c.provider_url; }, false,
          [](std::string_view) { return ok_status(); }),
      string_field(
          "provider.api_key", +[](Config& c) -> std::string& { return c.provider_api_key; }, true,
          [](std::string_view) { return ok_status(); }),
      string_field(
          "provider.consent_secret",
          +[](Config& c) -> std::string& { return c.provider_consent_secret; }, true,
          [](std::string_view text) -> Status {
            if (!text.empty() && text.size() < 32) {
              return Error{ErrorCode::kInvalidArgument,
                           "provider.consent_secret must be at least 32 characters"};
            }
            return ok_status();
          }),
      integer_field(
          "provider.max_concurrent", +[](Config& c) -> int& { return c.provider_max_concurrent; },
          1, 1024),
      string_field(
          "decision.policy", +[](Config& c) -> std::string& { return c.decision_policy; }, false,
          non_empty("decision.policy")),
      string_field(
          "web.root", +[](Config& c) -> std::string& { return c.web_root; }, false,
          [](std::string_view) { return ok_status(); }),
      string_field(
          "decision.models_dir", +[](Config& c) -> std::string& { return c.decision_models_dir; },
          false, non_empty("decision.models_dir")),
      integer_field(
          "decision.data_max_age_minutes",
          +[](Config& c) -> int& { return c.decision_data_max_age_minutes; }, 0,
          int64_t{60} * 24 * 30),
      string_field(
          "decision.challenger_policy",
          +[](Config& c) -> std::string& { return c.decision_challenger_policy; }, false,
          [](std::string_view) { return ok_status(); }),
      integer_field(
          "decision.challenger_basis_points",
          +[](Config& c) -> int& { return c.decision_challenger_basis_points; }, 0, 10'000),
      integer_field(
          "decision.graph_refresh_interval_ms",
          +[](Config& c) -> int& { return c.decision_graph_refresh_interval_ms; }, 100, 86'400'000),
  };
  return table;
}

const Field* find_field(std::string_view key) {
  for (const Field& f : fields()) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

// "server.port" -> "SMECREDIT_SERVER_PORT"
std::string environment_name(std::string_view key) {
  std::string name = "SMECREDIT_";
  for (char c : key) name.push_back(c == '.' ? '_' : static_cast<char>(std::toupper(c)));
  return name;
}

Status apply_toml_table(Config& config, const toml::table& table, const std::string& prefix) {
  for (const auto& [raw_key, node] : table) {
    const std::string key =
        prefix.empty() ? std::string(raw_key.str()) : prefix + "." + std::string(raw_key.str());
    if (const toml::table* nested = node.as_table()) {
      SC_RETURN_IF_ERROR(apply_toml_table(config, *nested, key));
      continue;
    }
    const Field* field = find_field(key);
    if (field == nullptr) {
      return Error{ErrorCode::kInvalidArgument, "unknown configuration key '" + key + "'"};
    }
    std::string text;
    if (const auto* s = node.as_string()) {
      text = s->get();
    } else if (const auto* i = node.as_integer()) {
      text = std::to_string(i->get());
    } else {
      return Error{ErrorCode::kInvalidArgument, key + " must be a string or an integer"};
    }
    SC_RETURN_IF_ERROR(field->set(config, text));
  }
  return ok_status();
}

}  // namespace

Status set_config_value(Config& config, std::string_view key, std::string_view text) {
  const Field* field = find_field(key);
  if (field == nullptr) {
    return Error{ErrorCode::kInvalidArgument,
                 "unknown configuration key '" + std::string(key) + "'"};
  }
  return field->set(config, text);
}

Status apply_config_file(Config& config, const std::string& path) {
  // Debian's toml++ is built with exceptions: its parse errors are caught here,
  // at the edge, and become values.
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& error) {
    return Error{ErrorCode::kInvalidArgument, path + ":" +
                                                  std::to_string(error.source().begin.line) + ":" +
                                                  std::to_string(error.source().begin.column) +
                                                  ": " + std::string(error.description())};
  }
  Status status = apply_toml_table(config, table, "");
  if (!status.ok()) return Error{status.error().code, path + ": " + status.error().message};
  return ok_status();
}

Status apply_environment(Config& config, char** environment) {
  std::map<std::string, std::string_view> values;
  for (char** entry = environment; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    const size_t eq = text.find('=');
    if (eq != std::string_view::npos && text.substr(0, 10) == "SMECREDIT_") {
      values.emplace(std::string(text.substr(0, eq)), text.substr(eq + 1));
    }
  }
  for (const Field& field_entry : fields()) {
    const Field* field = &field_entry;
    const auto found = values.find(environment_name(field->key));
    if (found == values.end()) continue;
    Status status = field->set(config, found->second);
    if (!status.ok()) {
      return Error{status.error().code, found->first + ": " + status.error().message};
    }
  }
  return ok_status();
}

std::string print_config(const Config& config) {
  std::string out;
  std::string section;
  for (const Field& field_entry : fields()) {
    const Field* field = &field_entry;
    const size_t dot = field->key.find('.');
    const std::string_view field_section = field->key.substr(0, dot);
    if (field_section != section) {
      out += out.empty() ? "[" : "\n[";
      out.append(field_section).append("]\n");
      section = std::string(field_section);
    }
    std::string value = field->get(config);
    if (field->secret) value = value.empty() ? "" : "********";
    if (field->quoted) value.insert(0, 1, '"').push_back('"');
    out.append(field->key.substr(dot + 1)).append(" = ").append(value).append("\n");
  }
  return out;
}

}  // namespace smecredit::cli
