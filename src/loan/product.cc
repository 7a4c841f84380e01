#include "loan/product.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <string>

namespace smecredit::loan {

namespace {

using JsonValue = rapidjson::Value;

Error field_error(std::string_view path, std::string_view message) {
  return Error{ErrorCode::kInvalidArgument, std::string(path) + ": " + std::string(message)};
}

std::string join(std::string_view parent, std::string_view key) {
  return std::string(parent) + "." + std::string(key);
}

Result<const JsonValue*> member(const JsonValue& object, std::string_view parent,
                                std::string_view key) {
  const std::string name(key);
  const auto it = object.FindMember(name.c_str());
  if (it == object.MemberEnd()) {
    return field_error(parent.empty() ? key : join(parent, key), "is required");
  }
  return &it->value;
}

std::string path_of(std::string_view parent, std::string_view key) {
  return parent.empty() ? std::string(key) : join(parent, key);
}

Result<const JsonValue*> object_member(const JsonValue& object, std::string_view parent,
                                       std::string_view key) {
  SC_ASSIGN_OR_RETURN(const JsonValue* value, member(object, parent, key));
  if (!value->IsObject()) return field_error(path_of(parent, key), "must be an object");
  return value;
}

Result<std::string> string_member(const JsonValue& object, std::string_view parent,
                                  std::string_view key) {
  SC_ASSIGN_OR_RETURN(const JsonValue* value, member(object, parent, key));
  if (!value->IsString()) return field_error(path_of(parent, key), "must be a string");
  return std::string(value->GetString(), value->GetStringLength());
}

Result<int64_t> int_member(const JsonValue& object, std::string_view parent, std::string_view key,
                           int64_t min, int64_t max) {
  SC_ASSIGN_OR_RETURN(const JsonValue* value, member(object, parent, key));
  const std::string path = path_of(parent, key);
  if (!value->IsInt64()) return field_error(path, "must be an integer");
  const int64_t number = value->GetInt64();
  if (number < min || number > max) {
    return field_error(path, "must be " + std::to_string(min) + ".." + std::to_string(max));
  }
  return number;
}

// A non-negative decimal written as a string ("1.5"), at most `max` and with
// at most `max_digits` fraction digits.
Result<Decimal> decimal_member(const JsonValue& object, std::string_view parent,
                               std::string_view key, int64_t max, int max_digits) {
  SC_ASSIGN_OR_RETURN(const std::string text, string_member(object, parent, key));
  const std::string path = path_of(parent, key);
  const Result<Decimal> parsed = Decimal::parse(text);
  if (!parsed.ok()) return field_error(path, "must be a decimal string such as \"1.5\"");
  const Decimal value = parsed.value().normalized();
  if (value.is_negative() || value > Decimal::from_int(max)) {
    return field_error(path, "must be between 0 and " + std::to_string(max));
  }
  if (value.scale() > max_digits) {
    return field_error(path, "has more than " + std::to_string(max_digits) + " decimal places");
  }
  return value;
}

Result<int64_t> money_member(const JsonValue& object, std::string_view parent, std::string_view key,
                             Currency currency) {
  SC_ASSIGN_OR_RETURN(const std::string text, string_member(object, parent, key));
  const std::string path = path_of(parent, key);
  const Result<Money> parsed = Money::parse(text, currency);
  if (!parsed.ok()) return field_error(path, parsed.error().message);
  const int64_t minor = parsed.value().minor_units();
  if (minor < 0 || minor > kMaxPrincipalMinorUnits) {
    return field_error(path,
                       "must be between 0 and " +
                           Money::from_minor_units(kMaxPrincipalMinorUnits, currency).to_string());
  }
  return minor;
}

// Turns a parse error into one that names the field.
template <class T>
Result<T> named(Result<T> result, std::string_view path) {
  if (!result.ok()) return field_error(path, result.error().message);
  return result;
}

Status parse_limits(const JsonValue& root, Product& product) {
  SC_ASSIGN_OR_RETURN(const JsonValue* amount, object_member(root, "", "amount"));
  SC_ASSIGN_OR_RETURN(product.min_amount_minor,
                      money_member(*amount, "amount", "min", product.currency));
  SC_ASSIGN_OR_RETURN(product.max_amount_minor,
                      money_member(*amount, "amount", "max", product.currency));
  SC_ASSIGN_OR_RETURN(const JsonValue* term, object_member(root, "", "term"));
  SC_ASSIGN_OR_RETURN(const int64_t min_n,
                      int_member(*term, "term", "min_installments", 1, kMaxInstallments));
  SC_ASSIGN_OR_RETURN(const int64_t max_n,
                      int_member(*term, "term", "max_installments", 1, kMaxInstallments));
  product.min_installments = static_cast<int>(min_n);
  product.max_installments = static_cast<int>(max_n);
  return ok_status();
}

Status parse_security(const JsonValue& root, Product& product) {
  SC_ASSIGN_OR_RETURN(const JsonValue* security, object_member(root, "", "security"));
  SC_ASSIGN_OR_RETURN(const std::string type, string_member(*security, "security", "type"));
  if (type == "unsecured") return ok_status();
  if (type != "secured") {
    return field_error("security.type", "must be \"secured\" or \"unsecured\"");
  }
  product.secured = true;
  SC_ASSIGN_OR_RETURN(const JsonValue* types, member(*security, "security", "collateral_types"));
  if (!types->IsArray() || types->Empty()) {
    return field_error("security.collateral_types", "must be a non-empty array");
  }
  for (rapidjson::SizeType i = 0; i < types->Size(); ++i) {
    const std::string path = "security.collateral_types[" + std::to_string(i) + "]";
    if (!(*types)[i].IsString()) return field_error(path, "must be a string");
    SC_ASSIGN_OR_RETURN(const CollateralType collateral,
                        named(parse_collateral_type((*types)[i].GetString()), path));
    product.collateral_types.push_back(collateral);
  }
  SC_ASSIGN_OR_RETURN(
      product.max_ltv_percent,
      decimal_member(*security, "security", "max_ltv_percent", 100, kMaxPercentFractionDigits));
  return ok_status();
}

// repayment.day_count ("ACT/365F", "ACT/360", "ACT/ACT") or, as earlier
// product files spell it, repayment.days_in_year (365, 360): one of the two.
Status parse_day_count_member(const JsonValue& r, Product& product) {
  const bool named_count = r.HasMember("day_count");
  if (named_count == r.HasMember("days_in_year")) {
    return field_error("repayment.day_count",
                       "give day_count or days_in_year, not both or neither");
  }
  if (named_count) {
    SC_ASSIGN_OR_RETURN(const std::string text, string_member(r, "repayment", "day_count"));
    SC_ASSIGN_OR_RETURN(product.day_count, named(parse_day_count(text), "repayment.day_count"));
    return ok_status();
  }
  SC_ASSIGN_OR_RETURN(const int64_t days, int_member(r, "repayment", "days_in_year", 360, 365));
  SC_ASSIGN_OR_RETURN(product.day_count,
                      named(day_count_from_days_in_year(days), "repayment.days_in_year"));
  return ok_status();
}

Status parse_repayment(const JsonValue& root, Product& product) {
  SC_ASSIGN_OR_RETURN(const JsonValue* r, object_member(root, "", "repayment"));
  SC_ASSIGN_OR_RETURN(const std::string method, string_member(*r, "repayment", "method"));
  SC_ASSIGN_OR_RETURN(product.method, named(parse_repayment_method(method), "repayment.method"));
  SC_ASSIGN_OR_RETURN(const std::string frequency, string_member(*r, "repayment", "frequency"));
  SC_ASSIGN_OR_RETURN(product.frequency, named(parse_frequency(frequency), "repayment.frequency"));
  SC_ASSIGN_OR_RETURN(const std::string interest, string_member(*r, "repayment", "interest"));
  SC_ASSIGN_OR_RETURN(product.interest,
                      named(parse_interest_method(interest), "repayment.interest"));
  SC_RETURN_IF_ERROR(parse_day_count_member(*r, product));
  SC_ASSIGN_OR_RETURN(const std::string rounding, string_member(*r, "repayment", "rounding"));
  SC_ASSIGN_OR_RETURN(product.rounding, named(parse_rounding(rounding), "repayment.rounding"));
  SC_ASSIGN_OR_RETURN(
      product.installment_multiple,
      int_member(*r, "repayment", "installment_multiple", 0, kMaxInstallmentMultiple));
  SC_ASSIGN_OR_RETURN(const int64_t grace_p,
                      int_member(*r, "repayment", "grace_principal", 0, kMaxInstallments - 1));
  SC_ASSIGN_OR_RETURN(const int64_t grace_i,
                      int_member(*r, "repayment", "grace_interest", 0, kMaxInstallments - 1));
  product.grace_principal = static_cast<int>(grace_p);
  product.grace_interest = static_cast<int>(grace_i);
  return ok_status();
}

Result<FeeRule> parse_fee(const JsonValue& fees, std::string_view key, Currency currency) {
  const std::string path = join("fees", key);
  SC_ASSIGN_OR_RETURN(const JsonValue* fee, object_member(fees, "fees", key));
  SC_ASSIGN_OR_RETURN(const std::string type, string_member(*fee, path, "type"));
  FeeRule rule;
  if (type == "fixed") {
    SC_ASSIGN_OR_RETURN(rule.fixed_minor, money_member(*fee, path, "value", currency));
    return rule;
  }
  if (type != "percentage") return field_error(join(path, "type"), "must be fixed or percentage");
  rule.basis = FeeBasis::kPercentage;
  SC_ASSIGN_OR_RETURN(rule.percent,
                      decimal_member(*fee, path, "value", 100, kMaxPercentFractionDigits));
  return rule;
}

Status parse_charges(const JsonValue& root, Product& product) {
  SC_ASSIGN_OR_RETURN(const JsonValue* fees, object_member(root, "", "fees"));
  SC_ASSIGN_OR_RETURN(product.upfront_fee, parse_fee(*fees, "upfront", product.currency));
  SC_ASSIGN_OR_RETURN(product.installment_fee,
                      parse_fee(*fees, "per_installment", product.currency));
  SC_ASSIGN_OR_RETURN(const JsonValue* penalty, object_member(root, "", "penalty"));
  SC_ASSIGN_OR_RETURN(product.penalty_multiplier,
                      decimal_member(*penalty, "penalty", "rate_multiplier", kMaxPenaltyMultiplier,
                                     kMaxMultiplierFractionDigits));
  return ok_status();
}

Status parse_allocation(const JsonValue& root, Product& product) {
  SC_ASSIGN_OR_RETURN(const JsonValue* order, member(root, "", "allocation_order"));
  if (!order->IsArray()) return field_error("allocation_order", "must be an array");
  for (rapidjson::SizeType i = 0; i < order->Size() && i < kComponentCount + 1; ++i) {
    const std::string path = "allocation_order[" + std::to_string(i) + "]";
    if (!(*order)[i].IsString()) return field_error(path, "must be a string");
    SC_ASSIGN_OR_RETURN(const Component component,
                        named(parse_component((*order)[i].GetString()), path));
    product.allocation_order.push_back(component);
  }
  return ok_status();
}

Status parse_prepayment(const JsonValue& root, Product& product) {
  SC_ASSIGN_OR_RETURN(const JsonValue* p, object_member(root, "", "prepayment"));
  SC_ASSIGN_OR_RETURN(
      product.prepayment_fee_percent,
      decimal_member(*p, "prepayment", "fee_percent", 100, kMaxPercentFractionDigits));
  SC_ASSIGN_OR_RETURN(const std::string mode, string_member(*p, "prepayment", "mode"));
  if (mode == "keep-installment-shorten-term") {
    product.prepayment_mode = PrepaymentMode::kShortenTerm;
  } else if (mode == "keep-term-lower-installment") {
    product.prepayment_mode = PrepaymentMode::kLowerInstallment;
  } else {
    return field_error("prepayment.mode",
                       "must be keep-installment-shorten-term or keep-term-lower-installment");
  }
  return ok_status();
}

Status set_calendar(std::string_view field, std::string_view text, Product& product) {
  Result<BusinessCalendar> calendar = parse_business_calendar(text);
  if (!calendar.ok()) return field_error(field, calendar.error().message);
  product.calendar = std::move(calendar).value();
  return ok_status();
}

// Optional "calendar": an array of lines in the calendar format; or
// "calendar_file", whose text the loader read (`file_text`).
Status parse_calendar(const JsonValue& root, std::optional<std::string_view> file_text,
                      Product& product) {
  const auto it = root.FindMember("calendar");
  const bool names_file = root.HasMember("calendar_file");
  if (names_file && it != root.MemberEnd()) {
    return field_error("calendar_file", "give calendar or calendar_file, not both");
  }
  if (names_file != file_text.has_value()) {
    return field_error("calendar_file", names_file
                                            ? "is read by the product loader, which passes its text"
                                            : "the product names no calendar_file");
  }
  if (names_file) return set_calendar("calendar_file", *file_text, product);
  if (it == root.MemberEnd()) return ok_status();
  if (!it->value.IsArray()) return field_error("calendar", "must be an array of lines");
  std::string text;
  for (const JsonValue& line : it->value.GetArray()) {
    if (!line.IsString()) return field_error("calendar", "each line must be a string");
    const std::string_view view(line.GetString(), line.GetStringLength());
    if (view.find('\n') != std::string_view::npos) {
      return field_error("calendar", "a line may not contain a line break");
    }
    text.append(view).push_back('\n');
  }
  return set_calendar("calendar", text, product);
}

Status parse_identity(const JsonValue& root, Product& product) {
  SC_ASSIGN_OR_RETURN(product.code, string_member(root, "", "code"));
  SC_ASSIGN_OR_RETURN(const int64_t version, int_member(root, "", "version", 1, 1'000'000));
  product.version = static_cast<int>(version);
  SC_ASSIGN_OR_RETURN(const std::string currency, string_member(root, "", "currency"));
  SC_ASSIGN_OR_RETURN(product.currency, named(find_currency(currency), "currency"));
  return ok_status();
}

Status check_allocation_order(const std::vector<Component>& order) {
  if (order.size() != kComponentCount) {
    return field_error("allocation_order", "must list penalty, fees, interest and principal once");
  }
  for (size_t i = 0; i < order.size(); ++i) {
    if (std::count(order.begin(), order.end(), order[i]) != 1) {
      return field_error("allocation_order",
                         "lists " + std::string(component_name(order[i])) + " more than once");
    }
  }
  return ok_status();
}

}  // namespace

Result<Component> parse_component(std::string_view text) {
  if (text == "penalty") return Component::kPenalty;
  if (text == "fees") return Component::kFees;
  if (text == "interest") return Component::kInterest;
  if (text == "principal") return Component::kPrincipal;
  return Error{ErrorCode::kInvalidArgument,
               "unknown component (expected penalty, fees, interest or principal)"};
}

std::string_view component_name(Component component) {
  switch (component) {
    case Component::kPenalty:
      return "penalty";
    case Component::kFees:
      return "fees";
    case Component::kInterest:
      return "interest";
    case Component::kPrincipal:
      return "principal";
  }
  return "principal";
}

Result<CollateralType> parse_collateral_type(std::string_view text) {
  if (text == "property") return CollateralType::kProperty;
  if (text == "vehicle") return CollateralType::kVehicle;
  if (text == "receivable") return CollateralType::kReceivable;
  if (text == "deposit") return CollateralType::kDeposit;
  return Error{ErrorCode::kInvalidArgument,
               "unknown collateral type (expected property, vehicle, receivable or deposit)"};
}

namespace {

Result<rapidjson::Document> parse_document(std::string_view text) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) {
    return Error{ErrorCode::kInvalidArgument,
                 std::string("product JSON: ") + rapidjson::GetParseError_En(doc.GetParseError()) +
                     " at offset " + std::to_string(doc.GetErrorOffset())};
  }
  if (!doc.IsObject()) return field_error("product", "must be a JSON object");
  return doc;
}

Result<Product> parse_product(std::string_view text,
                              std::optional<std::string_view> calendar_text) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Document doc, parse_document(text));
  Product product;
  SC_RETURN_IF_ERROR(parse_identity(doc, product));
  SC_RETURN_IF_ERROR(parse_limits(doc, product));
  SC_RETURN_IF_ERROR(parse_security(doc, product));
  SC_RETURN_IF_ERROR(parse_repayment(doc, product));
  SC_RETURN_IF_ERROR(parse_charges(doc, product));
  SC_RETURN_IF_ERROR(parse_allocation(doc, product));
  SC_RETURN_IF_ERROR(parse_prepayment(doc, product));
  SC_RETURN_IF_ERROR(parse_calendar(doc, calendar_text, product));
  SC_ASSIGN_OR_RETURN(product.apr_cap_percent,
                      decimal_member(doc, "", "apr_cap_percent", 100, kMaxPercentFractionDigits));
  SC_RETURN_IF_ERROR(validate_product(product));
  return product;
}

}  // namespace

Result<Product> parse_product_json(std::string_view text) {
  return parse_product(text, std::nullopt);
}

Result<Product> parse_product_json(std::string_view text, std::string_view calendar_file_text) {
  return parse_product(text, calendar_file_text);
}

Result<std::optional<std::string>> product_calendar_file(std::string_view text) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Document doc, parse_document(text));
  const auto it = doc.FindMember("calendar_file");
  if (it == doc.MemberEnd()) return std::optional<std::string>();
  if (!it->value.IsString() || it->value.GetStringLength() == 0) {
    return field_error("calendar_file", "must be a file name");
  }
  return std::optional<std::string>(
      std::string(it->value.GetString(), it->value.GetStringLength()));
}

Status validate_product(const Product& product) {
  if (product.code.empty()) return field_error("code", "must not be empty");
  if (product.version < 1) return field_error("version", "must be at least 1");
  if (product.min_amount_minor <= 0) return field_error("amount.min", "must be positive");
  if (product.max_amount_minor < product.min_amount_minor ||
      product.max_amount_minor > kMaxPrincipalMinorUnits) {
    return field_error("amount.max", "must be between amount.min and the engine's maximum");
  }
  if (product.min_installments < 1 || product.max_installments < product.min_installments ||
      product.max_installments > kMaxInstallments) {
    return field_error("term", "needs 1 <= min_installments <= max_installments <= " +
                                   std::to_string(kMaxInstallments));
  }
  if (product.grace_principal >= product.min_installments ||
      product.grace_interest >= product.min_installments) {
    return field_error("repayment", "grace must be below term.min_installments");
  }
  if (product.secured &&
      (product.collateral_types.empty() || !product.max_ltv_percent.normalized().mantissa())) {
    return field_error("security", "a secured product needs collateral types and a positive LTV");
  }
  const Decimal multiplier = product.penalty_multiplier.normalized();
  if (multiplier.is_negative() || multiplier > Decimal::from_int(kMaxPenaltyMultiplier) ||
      multiplier.scale() > kMaxMultiplierFractionDigits) {
    return field_error("penalty.rate_multiplier", "must be 0..10 with at most 4 decimals");
  }
  return check_allocation_order(product.allocation_order);
}

namespace {

Status validate_collateral(const LoanTerms& terms) {
  const Product& product = terms.product;
  if (!product.secured) return ok_status();
  if (terms.collateral.empty())
    return field_error("collateral", "a secured product needs collateral");
  Int128 value_minor = 0;
  for (const Collateral& item : terms.collateral) {
    if (std::find(product.collateral_types.begin(), product.collateral_types.end(), item.type) ==
        product.collateral_types.end()) {
      return field_error("collateral.type", "not accepted by product " + product.code);
    }
    if (item.value_minor <= 0 || item.value_minor > kMaxPrincipalMinorUnits) {
      return field_error("collateral.value", "must be positive and within the engine's maximum");
    }
    value_minor += item.value_minor;
  }
  const Decimal ltv = product.max_ltv_percent.normalized();
  // principal / value <= ltv / 100  <=>  principal * 100 * 10^s <= value * mantissa
  const Int128 lhs = Int128{terms.principal.minor_units()} * 100 * power_of_ten(ltv.scale());
  if (lhs > value_minor * ltv.mantissa()) {
    return Error{ErrorCode::kOutOfRange,
                 "principal: exceeds the maximum loan-to-value of " + ltv.to_string() + "%"};
  }
  return ok_status();
}

}  // namespace

Status validate_loan_terms(const LoanTerms& terms) {
  const Product& product = terms.product;
  SC_RETURN_IF_ERROR(validate_product(product));
  if (!(terms.principal.currency() == product.currency)) {
    return field_error("principal", "currency differs from the product's");
  }
  const int64_t amount = terms.principal.minor_units();
  if (amount < product.min_amount_minor || amount > product.max_amount_minor) {
    return Error{ErrorCode::kOutOfRange, "principal: must be within the product's amount limits"};
  }
  if (terms.installments < product.min_installments ||
      terms.installments > product.max_installments) {
    return Error{ErrorCode::kOutOfRange, "installments: outside the product's term limits"};
  }
  if (terms.annual_rate_percent.normalized() > product.apr_cap_percent.normalized()) {
    return Error{ErrorCode::kOutOfRange, "annual_rate_percent: exceeds the product's APR cap of " +
                                             product.apr_cap_percent.to_string() + "%"};
  }
  SC_RETURN_IF_ERROR(validate_collateral(terms));
  ScheduleTerms schedule = schedule_terms(terms, terms.principal, terms.annual_rate_percent,
                                          terms.installments, terms.start, terms.first_due);
  schedule.grace_principal = product.grace_principal;
  schedule.grace_interest = product.grace_interest;
  return validate_schedule_terms(schedule);
}

ScheduleTerms schedule_terms(const LoanTerms& terms, Money principal,
                             const Decimal& annual_rate_percent, int installments, Date start,
                             Date first_due) {
  const Product& product = terms.product;
  ScheduleTerms s;
  s.principal = principal;
  s.annual_rate_percent = annual_rate_percent;
  s.installments = installments;
  s.frequency = product.frequency;
  s.start = start;
  s.first_due = first_due;
  s.anchor_day = static_cast<unsigned>(terms.first_due.day());
  s.method = product.method;
  s.interest = product.interest;
  s.day_count = product.day_count;
  s.rounding = product.rounding;
  s.installment_multiple = product.installment_multiple;
  s.fee_per_installment = Money::zero(product.currency);
  return s;
}

Result<int64_t> fee_amount_minor(const FeeRule& rule, int64_t base_minor, Rounding rounding) {
  if (rule.basis == FeeBasis::kFixed) return rule.fixed_minor;
  const Decimal percent = rule.percent.normalized();
  const Int128 fee = divide_rounded(Int128{base_minor} * percent.mantissa(),
                                    Int128{100} * power_of_ten(percent.scale()), rounding);
  if (!fits_int64(fee)) return Error{ErrorCode::kOverflow, "fee overflows"};
  return static_cast<int64_t>(fee);
}

}  // namespace smecredit::loan
