#include "connectors/connector.h"

#include <map>

#include "api/json.h"
#include "core/registry_codes.h"

namespace smecredit::connectors {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool is_amount_name(std::string_view name) {
  return ends_with(name, "_fen") || ends_with(name, "_count") || ends_with(name, "_kwh") ||
         ends_with(name, "_bp") || ends_with(name, "_headcount");
}

bool is_month(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return text.substr(5) >= "01" && text.substr(5) <= "12";
}

Error invalid(std::string reason) {
  return Error{ErrorCode::kInvalidArgument, std::move(reason)};
}

// "'name' <what>", built by appending: GCC 12's -Wrestrict misfires at -O3 on
// "literal" + std::string (GCC bug 105329).
Error invalid_member(std::string_view name, std::string_view what) {
  std::string reason = "'";
  reason.append(name).append("' ").append(what);
  return invalid(std::move(reason));
}

Status check_row(const rapidjson::Value& row, std::string_view array_name) {
  if (!row.IsObject()) return invalid_member(array_name, "holds a non-object");
  for (const auto& member : row.GetObject()) {
    const std::string_view name(member.name.GetString(), member.name.GetStringLength());
    const bool amount_ok =
        member.value.IsNull() || (member.value.IsInt64() && member.value.GetInt64() >= 0);
    if (is_amount_name(name) && !amount_ok) {
      return invalid_member(name, "is not a non-negative integer or null");
    }
    if (name == "month" && !(member.value.IsString() && is_month(member.value.GetString()))) {
      return invalid("'month' is not YYYY-MM");
    }
  }
  return ok_status();
}

Status check_months_increase(const rapidjson::Value& rows) {
  std::string previous;
  for (const auto& row : rows.GetArray()) {
    if (!row.HasMember("month")) continue;
    const std::string month = row["month"].GetString();
    if (!previous.empty() && month <= previous) {
      return invalid("months are repeated or out of order");
    }
    previous = month;
  }
  return ok_status();
}

Status check_registration(const rapidjson::Value& rows) {
  if (rows.Size() != 1) return invalid("registration must have exactly one row");
  const rapidjson::Value& row = rows[0];
  if (!row.HasMember("uscc") || !row["uscc"].IsString()) return invalid("registration has no uscc");
  const Status code = validate_uscc(row["uscc"].GetString());
  if (!code.ok()) return invalid("registration: " + code.error().message);
  return ok_status();
}

// In-world invoices issued in a month cannot exceed the month's total issued.
Status check_invoices(const rapidjson::Document& doc) {
  if (!doc.HasMember("issued") || !doc["issued"].IsArray()) return ok_status();
  std::map<std::string, int64_t> issued_fen;
  for (const auto& invoice : doc["issued"].GetArray()) {
    if (!invoice.HasMember("month") || !invoice.HasMember("amount_fen") ||
        !invoice["amount_fen"].IsInt64()) {
      return invalid("an issued invoice lacks month or amount_fen");
    }
    issued_fen[invoice["month"].GetString()] += invoice["amount_fen"].GetInt64();
  }
  for (const auto& row : doc["rows"].GetArray()) {
    if (!row.HasMember("month") || !row.HasMember("invoices_issued_fen") ||
        !row["invoices_issued_fen"].IsInt64()) {
      continue;
    }
    const auto found = issued_fen.find(row["month"].GetString());
    if (found != issued_fen.end() && found->second > row["invoices_issued_fen"].GetInt64()) {
      return invalid("invoices issued inside the world exceed the month's total issued");
    }
  }
  return ok_status();
}

}  // namespace

Status validate_section_payload(std::string_view body, std::string_view enterprise_id,
                                std::string_view section) {
  auto parsed = api::parse_json_object(body);
  if (!parsed.ok()) return invalid("payload is not a JSON object");
  const rapidjson::Document& doc = parsed.value();
  if (!doc.HasMember("enterprise_id") || !doc["enterprise_id"].IsString() ||
      doc["enterprise_id"].GetString() != enterprise_id) {
    return invalid("payload names another enterprise");
  }
  if (!doc.HasMember("section") || !doc["section"].IsString() ||
      doc["section"].GetString() != section) {
    return invalid("payload is for another section");
  }
  if (!doc.HasMember("rows") || !doc["rows"].IsArray())
    return invalid("payload has no 'rows' array");
  for (const auto& member : doc.GetObject()) {
    if (!member.value.IsArray()) continue;
    for (const auto& row : member.value.GetArray()) {
      SC_RETURN_IF_ERROR(check_row(row, member.name.GetString()));
    }
  }
  SC_RETURN_IF_ERROR(check_months_increase(doc["rows"]));
  if (section == "registration") SC_RETURN_IF_ERROR(check_registration(doc["rows"]));
  if (section == "invoices") SC_RETURN_IF_ERROR(check_invoices(doc));
  return ok_status();
}

}  // namespace smecredit::connectors
