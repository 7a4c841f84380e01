#include "servicing/loan_json.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <array>
#include <optional>
#include <utility>

namespace smecredit::servicing {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
using JsonValue = rapidjson::Value;

template <class Enum, size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
                         Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) return name;
  }
  return table[0].second;
}

constexpr std::array<std::pair<loan::RepaymentMethod, std::string_view>, 5> kMethods{{
    {loan::RepaymentMethod::kEqualInstallment, "equal-installment"},
    {loan::RepaymentMethod::kEqualPrincipal, "equal-principal"},
    {loan::RepaymentMethod::kFlat, "flat"},
    {loan::RepaymentMethod::kInterestFirst, "interest-first"},
    {loan::RepaymentMethod::kBullet, "bullet"},
}};
constexpr std::array<std::pair<loan::Frequency, std::string_view>, 5> kFrequencies{{
    {loan::Frequency::kMonthly, "monthly"},
    {loan::Frequency::kQuarterly, "quarterly"},
    {loan::Frequency::kBiWeekly, "bi-weekly"},
    {loan::Frequency::kWeekly, "weekly"},
    {loan::Frequency::kDaily, "daily"},
}};
constexpr std::array<std::pair<loan::InterestMethod, std::string_view>, 2> kInterestMethods{{
    {loan::InterestMethod::kPerPeriod, "per-period"},
    {loan::InterestMethod::kDaily, "daily"},
}};
constexpr std::array<std::pair<loan::PrepaymentMode, std::string_view>, 2> kPrepaymentModes{{
    {loan::PrepaymentMode::kShortenTerm, "keep-installment-shorten-term"},
    {loan::PrepaymentMode::kLowerInstallment, "keep-term-lower-installment"},
}};
constexpr std::array<std::pair<loan::CollateralType, std::string_view>, 4> kCollateralTypes{{
    {loan::CollateralType::kProperty, "property"},
    {loan::CollateralType::kVehicle, "vehicle"},
    {loan::CollateralType::kReceivable, "receivable"},
    {loan::CollateralType::kDeposit, "deposit"},
}};

Error field_error(std::string_view field, std::string_view message) {
  return Error{ErrorCode::kInvalidArgument, std::string(field) + ": " + std::string(message)};
}

void write_string(Writer& w, std::string_view key, std::string_view value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void write_money(Writer& w, std::string_view key, int64_t minor, Currency currency) {
  write_string(w, key, Money::from_minor_units(minor, currency).to_string());
}

void write_fee(Writer& w, std::string_view key, const loan::FeeRule& rule, Currency currency) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.StartObject();
  if (rule.basis == loan::FeeBasis::kFixed) {
    write_string(w, "type", "fixed");
    write_money(w, "value", rule.fixed_minor, currency);
  } else {
    write_string(w, "type", "percentage");
    write_string(w, "value", rule.percent.to_string());
  }
  w.EndObject();
}

void write_security(Writer& w, const loan::Product& p) {
  w.Key("security");
  w.StartObject();
  write_string(w, "type", p.secured ? "secured" : "unsecured");
  if (p.secured) {
    w.Key("collateral_types");
    w.StartArray();
    for (loan::CollateralType type : p.collateral_types) {
      const std::string_view name = name_of(kCollateralTypes, type);
      w.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    }
    w.EndArray();
    write_string(w, "max_ltv_percent", p.max_ltv_percent.to_string());
  }
  w.EndObject();
}

void write_repayment(Writer& w, const loan::Product& p) {
  w.Key("repayment");
  w.StartObject();
  write_string(w, "method", name_of(kMethods, p.method));
  write_string(w, "frequency", name_of(kFrequencies, p.frequency));
  write_string(w, "interest", name_of(kInterestMethods, p.interest));
  write_string(w, "day_count", loan::day_count_name(p.day_count));
  write_string(w, "rounding", rounding_name(p.rounding));
  w.Key("installment_multiple");
  w.Int64(p.installment_multiple);
  w.Key("grace_principal");
  w.Int(p.grace_principal);
  w.Key("grace_interest");
  w.Int(p.grace_interest);
  w.EndObject();
}

void write_product(Writer& w, const loan::Product& p) {
  w.StartObject();
  write_string(w, "code", p.code);
  w.Key("version");
  w.Int(p.version);
  write_string(w, "currency", p.currency.code);
  w.Key("amount");
  w.StartObject();
  write_money(w, "min", p.min_amount_minor, p.currency);
  write_money(w, "max", p.max_amount_minor, p.currency);
  w.EndObject();
  w.Key("term");
  w.StartObject();
  w.Key("min_installments");
  w.Int(p.min_installments);
  w.Key("max_installments");
  w.Int(p.max_installments);
  w.EndObject();
  write_security(w, p);
  write_repayment(w, p);
  w.Key("fees");
  w.StartObject();
  write_fee(w, "upfront", p.upfront_fee, p.currency);
  write_fee(w, "per_installment", p.installment_fee, p.currency);
  w.EndObject();
  w.Key("penalty");
  w.StartObject();
  write_string(w, "rate_multiplier", p.penalty_multiplier.to_string());
  w.EndObject();
  w.Key("allocation_order");
  w.StartArray();
  for (loan::Component c : p.allocation_order) {
    const std::string_view name = loan::component_name(c);
    w.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
  }
  w.EndArray();
  w.Key("prepayment");
  w.StartObject();
  write_string(w, "fee_percent", p.prepayment_fee_percent.to_string());
  write_string(w, "mode", name_of(kPrepaymentModes, p.prepayment_mode));
  w.EndObject();
  write_string(w, "apr_cap_percent", p.apr_cap_percent.to_string());
  if (p.calendar.has_value()) {
    w.Key("calendar");
    w.StartArray();
    for (const std::string& line : p.calendar->to_lines()) w.String(line.c_str());
    w.EndArray();
  }
  w.EndObject();
}

Result<const JsonValue*> member(const JsonValue& object, const char* key) {
  const auto it = object.FindMember(key);
  if (it == object.MemberEnd()) return field_error(key, "is required");
  return &it->value;
}

Result<std::string> string_member(const JsonValue& object, const char* key) {
  SC_ASSIGN_OR_RETURN(const JsonValue* value, member(object, key));
  if (!value->IsString()) return field_error(key, "must be a string");
  return std::string(value->GetString(), value->GetStringLength());
}

Result<int64_t> int_member(const JsonValue& object, const char* key) {
  SC_ASSIGN_OR_RETURN(const JsonValue* value, member(object, key));
  if (!value->IsInt64()) return field_error(key, "must be an integer");
  return value->GetInt64();
}

Result<Decimal> decimal_member(const JsonValue& object, const char* key) {
  SC_ASSIGN_OR_RETURN(const std::string text, string_member(object, key));
  Result<Decimal> parsed = Decimal::parse(text);
  if (!parsed.ok()) return field_error(key, "must be a decimal string");
  return parsed;
}

Result<Money> money_member(const JsonValue& object, const char* key, Currency currency) {
  SC_ASSIGN_OR_RETURN(const std::string text, string_member(object, key));
  Result<Money> parsed = Money::parse(text, currency);
  if (!parsed.ok()) return field_error(key, parsed.error().message);
  return parsed;
}

Result<Date> date_member(const JsonValue& object, const char* key) {
  SC_ASSIGN_OR_RETURN(const std::string text, string_member(object, key));
  Result<Date> parsed = parse_date(text);
  if (!parsed.ok()) return field_error(key, parsed.error().message);
  return parsed;
}

// A parsed stored object whose values live first in a buffer inside it,
// then in small heap chunks: a row's few fields parse without the 64 KiB
// chunk rapidjson's default pool allocates per document (which, per loan and
// transaction of a batch, cost more than the parse). Neither copyable nor
// movable (the document points into the buffer); declare it where it is used.
class StoredObject {
 public:
  StoredObject() : pool_(buffer_.data(), buffer_.size(), kChunkBytes), doc_(&pool_) {}
  StoredObject(const StoredObject&) = delete;
  StoredObject& operator=(const StoredObject&) = delete;

  Status parse(std::string_view text) {
    doc_.Parse(text.data(), text.size());
    if (doc_.HasParseError() || !doc_.IsObject()) {
      return Error{ErrorCode::kInvalidArgument, "stored JSON is not an object"};
    }
    return ok_status();
  }
  const rapidjson::Document& doc() const { return doc_; }

 private:
  static constexpr size_t kChunkBytes = 4096;
  std::array<char, 2048> buffer_;
  rapidjson::MemoryPoolAllocator<> pool_;
  rapidjson::Document doc_;
};

// The text `write` puts on a fresh writer.
template <typename WriteFn>
std::string json_text(WriteFn&& write) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  write(w);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string to_text(const JsonValue& value) {
  return json_text([&](Writer& w) { value.Accept(w); });
}

Result<std::vector<loan::Collateral>> read_collateral(const JsonValue& root, Currency currency) {
  SC_ASSIGN_OR_RETURN(const JsonValue* list, member(root, "collateral"));
  if (!list->IsArray()) return field_error("collateral", "must be an array");
  std::vector<loan::Collateral> out;
  for (const JsonValue& item : list->GetArray()) {
    if (!item.IsObject()) return field_error("collateral", "items must be objects");
    SC_ASSIGN_OR_RETURN(const std::string type, string_member(item, "type"));
    SC_ASSIGN_OR_RETURN(loan::CollateralType parsed, loan::parse_collateral_type(type));
    SC_ASSIGN_OR_RETURN(const Money value, money_member(item, "value", currency));
    out.push_back({parsed, value.minor_units()});
  }
  return out;
}

Result<loan::LoanClass> override_class_of(std::string_view name) {
  auto parsed = loan::parse_loan_class(name);
  if (!parsed.ok()) return field_error("override_class", "unknown class");
  return parsed;
}

}  // namespace

namespace {

// Every field of the terms but the product, into an open object.
void write_terms_fields(Writer& w, const loan::LoanTerms& terms) {
  write_string(w, "principal", terms.principal.to_string());
  write_string(w, "annual_rate_percent", terms.annual_rate_percent.to_string());
  w.Key("installments");
  w.Int(terms.installments);
  write_string(w, "start", format_date(terms.start));
  write_string(w, "first_due", format_date(terms.first_due));
  w.Key("collateral");
  w.StartArray();
  for (const loan::Collateral& c : terms.collateral) {
    w.StartObject();
    write_string(w, "type", name_of(kCollateralTypes, c.type));
    write_money(w, "value", c.value_minor, terms.product.currency);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

std::string terms_to_json(const loan::LoanTerms& terms) {
  return json_text([&](Writer& w) {
    w.StartObject();
    w.Key("product");
    write_product(w, terms.product);
    write_terms_fields(w, terms);
    w.EndObject();
  });
}

std::string terms_fields_to_json(const loan::LoanTerms& terms) {
  return json_text([&](Writer& w) {
    w.StartObject();
    write_terms_fields(w, terms);
    w.EndObject();
  });
}

std::string product_to_json(const loan::Product& product) {
  return json_text([&](Writer& w) { write_product(w, product); });
}

Result<loan::Product> ProductCache::parse(std::string_view product_json) {
  const auto found = products_.find(product_json);
  if (found != products_.end()) return found->second;
  SC_ASSIGN_OR_RETURN(loan::Product product, loan::parse_product_json(product_json));
  if (products_.size() >= kMaxProducts) products_.clear();
  products_.emplace(std::string(product_json), product);
  return product;
}

namespace {

// In canonical terms text ({"product":{...},"principal":...}), the product
// object's text and the rest as an object of its own; nullopt for any other
// shape (then the whole text is parsed). Scans strings with their escapes, so
// a brace inside a product name cannot end the object early.
struct SplitTerms {
  std::string_view product;
  std::string rest;
};

std::optional<SplitTerms> split_product(std::string_view text) {
  constexpr std::string_view kPrefix = R"({"product":{)";
  if (!text.starts_with(kPrefix)) return std::nullopt;
  const size_t begin = kPrefix.size() - 1;
  int depth = 0;
  bool in_string = false;
  for (size_t i = begin; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '{') ++depth;
    if (c == '}' && --depth == 0) {
      if (i + 1 >= text.size() || text[i + 1] != ',') return std::nullopt;
      return SplitTerms{text.substr(begin, i + 1 - begin), "{" + std::string(text.substr(i + 2))};
    }
  }
  return std::nullopt;
}

Result<loan::Product> product_from(std::string_view product_json, ProductCache* cache) {
  return cache != nullptr ? cache->parse(product_json) : loan::parse_product_json(product_json);
}

Result<loan::LoanTerms> terms_fields(const rapidjson::Document& doc, loan::Product product) {
  loan::LoanTerms terms;
  terms.product = std::move(product);
  const Currency currency = terms.product.currency;
  SC_ASSIGN_OR_RETURN(terms.principal, money_member(doc, "principal", currency));
  SC_ASSIGN_OR_RETURN(terms.annual_rate_percent, decimal_member(doc, "annual_rate_percent"));
  SC_ASSIGN_OR_RETURN(const int64_t installments, int_member(doc, "installments"));
  if (installments < 1 || installments > loan::kMaxInstallments) {
    return field_error("installments", "out of range");
  }
  terms.installments = static_cast<int>(installments);
  SC_ASSIGN_OR_RETURN(terms.start, date_member(doc, "start"));
  SC_ASSIGN_OR_RETURN(terms.first_due, date_member(doc, "first_due"));
  SC_ASSIGN_OR_RETURN(terms.collateral, read_collateral(doc, currency));
  return terms;
}

}  // namespace

// With a cache, the product's text is cut out of the canonical terms without
// parsing it, so a batch parses each product once and each loan only its own
// few fields.
Result<loan::LoanTerms> terms_from_json(std::string_view text, ProductCache* cache) {
  if (cache != nullptr) {
    if (const std::optional<SplitTerms> split = split_product(text)) {
      StoredObject parsed;
      SC_RETURN_IF_ERROR(parsed.parse(split->rest));
      const rapidjson::Document& rest = parsed.doc();
      if (!rest.HasMember("product")) {
        SC_ASSIGN_OR_RETURN(loan::Product product, cache->parse(split->product));
        return terms_fields(rest, std::move(product));
      }
    }
  }
  StoredObject parsed;
  SC_RETURN_IF_ERROR(parsed.parse(text));
  const rapidjson::Document& doc = parsed.doc();
  SC_ASSIGN_OR_RETURN(const JsonValue* product, member(doc, "product"));
  SC_ASSIGN_OR_RETURN(loan::Product inline_product, product_from(to_text(*product), cache));
  return terms_fields(doc, std::move(inline_product));
}

Result<loan::LoanTerms> terms_fields_from_json(std::string_view text, loan::Product product) {
  StoredObject parsed;
  SC_RETURN_IF_ERROR(parsed.parse(text));
  const rapidjson::Document& doc = parsed.doc();
  if (doc.HasMember("product")) return field_error("product", "is stored apart from the terms");
  return terms_fields(doc, std::move(product));
}

// Only the fields that differ from a default-constructed transaction, so an
// accrual's payload is "{}"; still deterministic (fixed order).
std::string transaction_payload_to_json(const loan::LoanTransaction& tx) {
  const loan::LoanTransaction none{};
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  if (!(tx.amount == none.amount)) write_string(w, "amount", tx.amount.to_string());
  if (tx.full) {
    w.Key("full");
    w.Bool(tx.full);
  }
  if (tx.waiver_component != none.waiver_component) {
    write_string(w, "waiver_component", loan::component_name(tx.waiver_component));
  }
  if (!(tx.new_rate_percent == none.new_rate_percent)) {
    write_string(w, "new_rate_percent", tx.new_rate_percent.to_string());
  }
  if (tx.defer_periods != 0) {
    w.Key("defer_periods");
    w.Int(tx.defer_periods);
  }
  if (tx.extra_installments != 0) {
    w.Key("extra_installments");
    w.Int(tx.extra_installments);
  }
  if (tx.new_installments != 0) {
    w.Key("new_installments");
    w.Int(tx.new_installments);
  }
  if (tx.target_id != 0) {
    w.Key("target_id");
    w.Int64(tx.target_id);
  }
  if (tx.override_class != none.override_class) {
    write_string(w, "override_class", loan::loan_class_name(tx.override_class));
  }
  if (!tx.reason.empty()) write_string(w, "reason", tx.reason);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

Status transaction_payload_from_json(std::string_view text, Currency currency,
                                     loan::LoanTransaction& tx) {
  if (text == "{}") return ok_status();
  StoredObject parsed;
  SC_RETURN_IF_ERROR(parsed.parse(text));
  const rapidjson::Document& doc = parsed.doc();
  const auto has = [&](const char* key) { return doc.HasMember(key); };
  if (has("amount")) {
    SC_ASSIGN_OR_RETURN(tx.amount, money_member(doc, "amount", currency));
  }
  if (has("full")) {
    if (!doc["full"].IsBool()) return field_error("full", "must be a boolean");
    tx.full = doc["full"].GetBool();
  }
  if (has("waiver_component")) {
    SC_ASSIGN_OR_RETURN(const std::string component, string_member(doc, "waiver_component"));
    SC_ASSIGN_OR_RETURN(tx.waiver_component, loan::parse_component(component));
  }
  if (has("new_rate_percent")) {
    SC_ASSIGN_OR_RETURN(tx.new_rate_percent, decimal_member(doc, "new_rate_percent"));
  }
  int64_t defer = 0;
  int64_t extra = 0;
  if (has("defer_periods")) {
    SC_ASSIGN_OR_RETURN(defer, int_member(doc, "defer_periods"));
  }
  if (has("extra_installments")) {
    SC_ASSIGN_OR_RETURN(extra, int_member(doc, "extra_installments"));
  }
  if (defer < 0 || defer > loan::kMaxInstallments || extra < 0 || extra > loan::kMaxInstallments) {
    return field_error("defer_periods", "out of range");
  }
  tx.defer_periods = static_cast<int>(defer);
  tx.extra_installments = static_cast<int>(extra);
  if (has("new_installments")) {
    SC_ASSIGN_OR_RETURN(const int64_t installments, int_member(doc, "new_installments"));
    if (installments < 0 || installments > loan::kMaxInstallments) {
      return field_error("new_installments", "out of range");
    }
    tx.new_installments = static_cast<int>(installments);
  }
  if (has("target_id")) {
    SC_ASSIGN_OR_RETURN(tx.target_id, int_member(doc, "target_id"));
  }
  if (has("override_class")) {
    SC_ASSIGN_OR_RETURN(const std::string override_class, string_member(doc, "override_class"));
    SC_ASSIGN_OR_RETURN(tx.override_class, override_class_of(override_class));
  }
  if (has("reason")) {
    SC_ASSIGN_OR_RETURN(tx.reason, string_member(doc, "reason"));
  }
  return ok_status();
}

Result<loan::TransactionKind> parse_transaction_kind(std::string_view name) {
  // Databases written before interest accrual named the checkpoint for the
  // penalty alone; it is the same transaction.
  if (name == "penalty-accrual") return loan::TransactionKind::kAccrual;
  for (int k = 0; k <= static_cast<int>(loan::TransactionKind::kRestructure); ++k) {
    const auto kind = static_cast<loan::TransactionKind>(k);
    if (loan::transaction_kind_name(kind) == name) return kind;
  }
  return field_error("kind", "unknown transaction kind '" + std::string(name) + "'");
}

Result<loan::LoanStatus> parse_loan_status(std::string_view name) {
  for (int s = 0; s <= static_cast<int>(loan::LoanStatus::kWrittenOff); ++s) {
    const auto status = static_cast<loan::LoanStatus>(s);
    if (loan::loan_status_name(status) == name) return status;
  }
  return field_error("status", "unknown loan status '" + std::string(name) + "'");
}

}  // namespace smecredit::servicing
