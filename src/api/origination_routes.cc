#include "api/origination_routes.h"

#include "api/bank_gateway.h"
#include "api/json.h"
#include "api/problem.h"
#include "core/business_date.h"
#include "core/parse.h"
#include "origination/offer.h"
#include "security/digest.h"
#include "servicing/loan_service.h"
#include "servicing/relief.h"

namespace smecredit::api {

namespace {

using origination::ApplicationRecord;
using origination::EnterpriseRecord;
using Ctx = OriginationRoutesContext;

constexpr RoleSet kStaff{Role::kOfficer, Role::kAuditor, Role::kAdmin};
constexpr RoleSet kEveryone{Role::kBorrower, Role::kPartner, Role::kOfficer, Role::kAuditor,
                            Role::kAdmin};
constexpr RoleSet kApplicants{Role::kBorrower, Role::kPartner, Role::kAdmin};
constexpr RoleSet kDeciders{Role::kOfficer, Role::kAdmin};

constexpr std::string_view kLoanPrefix = "loan_";

HttpResponse json_response(int status, std::string body) {
  return HttpResponse{status, "application/json", std::move(body), {}};
}

Date today(const Clock& clock) {
  return business_date(clock.now());
}

void write_raw(JsonWriter& w, const char* key, const std::string& json) {
  if (json.empty()) return;
  w.Key(key);
  w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
}

// ---- access ---------------------------------------------------------------

Status enterprise_access(const Ctx& ctx, const Principal& who, std::string_view enterprise_id) {
  return api::enterprise_access(*ctx.service, who, enterprise_id);
}

Result<ApplicationRecord> accessible_application(const Ctx& ctx, const Principal& who,
                                                 std::string_view application_id) {
  SC_ASSIGN_OR_RETURN(ApplicationRecord r, ctx.service->application(application_id));
  SC_RETURN_IF_ERROR(enterprise_access(ctx, who, r.enterprise_id));
  return r;
}

Result<ApplicationRecord> application_behind(const Ctx& ctx, const Principal& who,
                                             std::string_view offer_or_contract_id) {
  SC_ASSIGN_OR_RETURN(const std::string id, origination::application_id_from(offer_or_contract_id));
  return accessible_application(ctx, who, id);
}

Result<int64_t> accessible_loan(const Ctx& ctx, const Principal& who, std::string_view loan_id) {
  int64_t id = 0;
  SC_RETURN_IF_ERROR(
      ctx.store->transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(id, servicing::find_loan_id(tx, loan_id));
        return ok_status();
      }));
  SC_ASSIGN_OR_RETURN(const ApplicationRecord r, ctx.service->application_for_loan(id));
  SC_RETURN_IF_ERROR(enterprise_access(ctx, who, r.enterprise_id));
  return id;
}

// ---- writers --------------------------------------------------------------

void write_application(JsonWriter& w, const ApplicationRecord& r) {
  w.StartObject();
  write_field(w, "id", r.id);
  write_field(w, "enterprise_id", r.enterprise_id);
  write_field(w, "product_code", r.product_code);
  w.Key("product_version");
  w.Int(r.product_version);
  write_field(w, "requested", yuan_text(r.requested_minor));
  w.Key("installments");
  w.Int(r.installments);
  write_field(w, "purpose", r.purpose);
  write_field(w, "stage", origination::stage_name(r.stage));
  w.Key("allowed_actions");
  w.StartArray();
  for (const origination::Action a : origination::allowed_actions(r.stage)) {
    const std::string_view name = origination::action_name(a);
    w.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
  }
  w.EndArray();
  write_raw(w, "decision", r.decision_json);
  write_raw(w, "offer", r.offer_json);
  if (!r.contract_sha256.empty()) {
    w.Key("contract");
    w.StartObject();
    write_field(w, "id", origination::contract_id_of(r.id));
    write_field(w, "sha256", r.contract_sha256);
    if (!r.signed_at.empty()) write_field(w, "signed_at", r.signed_at);
    w.EndObject();
  }
  write_raw(w, "collateral", r.collateral_json);
  write_raw(w, "review", r.review_json);
  if (r.loan_id) write_field(w, "loan_id", std::string(kLoanPrefix) + r.id.substr(4));
  write_field(w, "submitted_at", r.submitted_at);
  write_field(w, "updated_at", r.updated_at);
  w.EndObject();
}

std::string application_json(const ApplicationRecord& r) {
  JsonBuffer buffer;
  JsonWriter w(buffer);
  write_application(w, r);
  return buffer.GetString();
}

std::string enterprise_json(const EnterpriseRecord& e, std::string_view borrower_token) {
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_field(w, "id", e.id);
  write_field(w, "uscc", e.data.uscc);
  write_field(w, "name", e.data.name);
  write_field(w, "kind", e.data.kind);
  write_field(w, "industry", e.data.industry);
  write_field(w, "region", e.data.region);
  write_field(w, "kyc_status", e.kyc_status);
  w.Key("legal_rep");
  w.StartObject();
  write_field(w, "name", origination::mask_name(e.data.legal_rep.name));
  write_field(w, "id_number", origination::mask_id_number(e.data.legal_rep.id_number));
  write_field(w, "phone", origination::mask_phone(e.data.legal_rep.phone));
  w.EndObject();
  w.Key("owners");
  w.StartArray();
  for (const origination::Owner& o : e.data.owners) {
    w.StartObject();
    write_field(w, "name", origination::mask_name(o.name));
    write_field(w, "share_percent", o.share_percent.to_string());
    w.EndObject();
  }
  w.EndArray();
  write_field(w, "bank_account", origination::mask_account(e.data.bank_account));
  w.Key("has_signing_key");
  w.Bool(!e.data.borrower_public_key.empty());
  if (!e.data.referred_by.empty()) write_field(w, "referred_by", e.data.referred_by);
  write_field(w, "created_at", e.created_at);
  if (!borrower_token.empty()) write_field(w, "borrower_token", borrower_token);
  w.EndObject();
  return buffer.GetString();
}

void write_product(JsonWriter& w, const loan::Product& p) {
  w.StartObject();
  write_field(w, "code", p.code);
  w.Key("version");
  w.Int(p.version);
  write_field(w, "currency", p.currency.code);
  write_field(w, "min_amount", yuan_text(p.min_amount_minor));
  write_field(w, "max_amount", yuan_text(p.max_amount_minor));
  w.Key("min_installments");
  w.Int(p.min_installments);
  w.Key("max_installments");
  w.Int(p.max_installments);
  w.Key("secured");
  w.Bool(p.secured);
  if (p.secured) write_field(w, "max_ltv_percent", p.max_ltv_percent.to_string());
  write_field(w, "apr_cap_percent", p.apr_cap_percent.to_string());
  w.EndObject();
}

std::string loan_json(std::string_view loan_id, const servicing::LoanSnapshot& s) {
  const loan::LoanState& st = s.state;
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_field(w, "id", loan_id);
  write_field(w, "product_code", s.loan.terms.product.code);
  write_field(w, "status", loan::loan_status_name(st.status));
  write_field(w, "as_of", format_date(st.as_of));
  write_field(w, "principal", s.loan.terms.principal.to_string());
  write_field(w, "annual_rate_percent", st.annual_rate_percent.to_string());
  write_field(w, "principal_outstanding", yuan_text(st.principal_outstanding_minor));
  write_field(w, "interest_outstanding", yuan_text(st.interest_outstanding_minor));
  write_field(w, "fees_outstanding", yuan_text(st.fees_outstanding_minor));
  write_field(w, "penalty_outstanding", yuan_text(st.penalty_outstanding_minor));
  w.Key("days_past_due");
  w.Int64(st.days_past_due);
  write_field(w, "loan_class", loan::loan_class_name(st.loan_class));
  for (const loan::InstallmentState& i : st.installments) {
    if (i.settled()) continue;
    w.Key("next_due");
    w.StartObject();
    write_field(w, "date", format_date(i.due_date));
    write_field(
        w, "amount",
        yuan_text(i.principal_unpaid_minor() + i.interest_unpaid_minor() + i.fees_unpaid_minor()));
    w.EndObject();
    break;
  }
  w.Key("closed");
  w.Bool(st.closed);
  w.EndObject();
  return buffer.GetString();
}

std::string schedule_json(std::string_view loan_id, const loan::LoanState& st) {
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_field(w, "loan_id", loan_id);
  w.Key("installments");
  w.StartArray();
  for (const loan::InstallmentState& i : st.installments) {
    w.StartObject();
    w.Key("number");
    w.Int(i.number);
    write_field(w, "due_date", format_date(i.due_date));
    write_field(w, "principal", yuan_text(i.principal_due_minor));
    write_field(w, "interest", yuan_text(i.interest_due_minor));
    write_field(w, "fees", yuan_text(i.fees_due_minor));
    write_field(w, "paid",
                yuan_text(i.principal_paid_minor + i.interest_paid_minor + i.fees_paid_minor));
    write_field(w, "status", loan::installment_status_name(i.status));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buffer.GetString();
}

// ---- request parsing -------------------------------------------------------

Result<origination::Person> parse_person(const rapidjson::Value& body) {
  const auto it = body.FindMember("legal_rep");
  if (it == body.MemberEnd() || !it->value.IsObject()) {
    return Error{ErrorCode::kInvalidArgument, "legal_rep: required object"};
  }
  origination::Person p;
  SC_ASSIGN_OR_RETURN(p.name, required_string(it->value, "name"));
  SC_ASSIGN_OR_RETURN(p.id_number, required_string(it->value, "id_number"));
  SC_ASSIGN_OR_RETURN(p.phone, required_string(it->value, "phone"));
  return p;
}

Result<std::vector<origination::Owner>> parse_owners(const rapidjson::Value& body) {
  std::vector<origination::Owner> owners;
  const auto it = body.FindMember("owners");
  if (it == body.MemberEnd()) return owners;
  if (!it->value.IsArray() || it->value.Size() > origination::kMaxOwners) {
    return Error{ErrorCode::kInvalidArgument, "owners: an array of at most 50"};
  }
  for (const auto& o : it->value.GetArray()) {
    if (!o.IsObject()) return Error{ErrorCode::kInvalidArgument, "owners: objects expected"};
    origination::Owner owner;
    SC_ASSIGN_OR_RETURN(owner.name, required_string(o, "name"));
    SC_ASSIGN_OR_RETURN(owner.id_number, required_string(o, "id_number"));
    SC_ASSIGN_OR_RETURN(const std::string share, required_string(o, "share_percent"));
    SC_ASSIGN_OR_RETURN(owner.share_percent, Decimal::parse(share));
    owners.push_back(std::move(owner));
  }
  return owners;
}

Result<origination::EnterpriseInput> parse_enterprise(const std::string& text) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Document body, parse_json_object(text));
  origination::EnterpriseInput in;
  SC_ASSIGN_OR_RETURN(in.uscc, required_string(body, "uscc"));
  SC_ASSIGN_OR_RETURN(in.name, required_string(body, "name"));
  SC_ASSIGN_OR_RETURN(in.kind, required_string(body, "kind"));
  SC_ASSIGN_OR_RETURN(in.industry, required_string(body, "industry"));
  SC_ASSIGN_OR_RETURN(in.region, required_string(body, "region"));
  SC_ASSIGN_OR_RETURN(in.legal_rep, parse_person(body));
  SC_ASSIGN_OR_RETURN(in.owners, parse_owners(body));
  SC_ASSIGN_OR_RETURN(in.bank_account, required_string(body, "bank_account"));
  SC_ASSIGN_OR_RETURN(in.borrower_public_key, optional_string(body, "borrower_public_key"));
  return in;
}

Result<origination::ApplicationInput> parse_application(const std::string& text) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Document body, parse_json_object(text));
  origination::ApplicationInput in;
  SC_ASSIGN_OR_RETURN(in.enterprise_id, required_string(body, "enterprise_id"));
  SC_ASSIGN_OR_RETURN(in.product_code, required_string(body, "product_code"));
  SC_ASSIGN_OR_RETURN(const std::string amount, required_string(body, "amount"));
  SC_ASSIGN_OR_RETURN(in.amount, Money::parse(amount, kCny));
  SC_ASSIGN_OR_RETURN(const int64_t installments, required_int(body, "installments"));
  if (installments < 1 || installments > loan::kMaxInstallments) {
    return Error{ErrorCode::kInvalidArgument, "installments: out of range"};
  }
  in.installments = static_cast<int>(installments);
  SC_ASSIGN_OR_RETURN(in.purpose, required_string(body, "purpose"));
  return in;
}

// ---- handlers --------------------------------------------------------------

// The borrower's own subject, without the "borrower:" the principal carries.
std::string borrower_name(const Principal& who) {
  constexpr std::string_view kPrefix = "borrower:";
  return who.subject.starts_with(kPrefix) ? who.subject.substr(kPrefix.size()) : who.subject;
}

HttpResponse register_enterprise(const Ctx& ctx, const HttpRequest& request, const Principal& who) {
  auto input = parse_enterprise(request.body);
  if (!input.ok()) return error_response(input.error(), request.trace_id);
  if (who.role == Role::kBorrower && !who.enterprise_id.empty()) {
    return error_response(
        Error{ErrorCode::kPermissionDenied, "this borrower already acts for an enterprise"},
        request.trace_id);
  }
  if (who.role == Role::kPartner) input.value().referred_by = who.partner_id;
  auto record = ctx.service->register_enterprise(input.value(), who.subject, ctx.clock->now());
  if (!record.ok()) return error_response(record.error(), request.trace_id);
  // A borrower who registers gets a token bound to the new enterprise.
  std::string token;
  if (who.role == Role::kBorrower) {
    token = ctx.authenticator->issue_borrower_token(borrower_name(who), record.value().id,
                                                    ctx.clock->now() + ctx.borrower_token_ttl);
  }
  return json_response(201, enterprise_json(record.value(), token));
}

HttpResponse get_enterprise(const Ctx& ctx, const HttpRequest& request, const Principal& who) {
  const std::string_view id = request.path_param("id");
  const Status allowed = enterprise_access(ctx, who, id);
  if (!allowed.ok()) return error_response(allowed.error(), request.trace_id);
  auto record = ctx.service->enterprise(id);
  if (!record.ok()) return error_response(record.error(), request.trace_id);
  return json_response(200, enterprise_json(record.value(), ""));
}

HttpResponse set_signing_key(const Ctx& ctx, const HttpRequest& request, const Principal& who) {
  const std::string_view id = request.path_param("id");
  Status s = enterprise_access(ctx, who, id);
  auto body = parse_json_object(request.body);
  if (s.ok() && !body.ok()) s = body.error();
  std::string key;
  if (s.ok()) {
    auto parsed = required_string(body.value(), "public_key");
    if (parsed.ok())
      key = parsed.value();
    else
      s = parsed.error();
  }
  if (s.ok()) s = ctx.service->set_borrower_key(id, key, who.subject, ctx.clock->now());
  if (!s.ok()) return error_response(s.error(), request.trace_id);
  return json_response(200, json_object_with_string("public_key", key));
}

HttpResponse list_products(const Ctx& ctx) {
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("products");
  w.StartArray();
  for (const loan::Product* p : ctx.service->catalog().current()) write_product(w, *p);
  w.EndArray();
  w.EndObject();
  return json_response(200, buffer.GetString());
}

HttpResponse submit_application(const Ctx& ctx, const HttpRequest& request, const Principal& who) {
  auto input = parse_application(request.body);
  if (!input.ok()) return error_response(input.error(), request.trace_id);
  const Status allowed = enterprise_access(ctx, who, input.value().enterprise_id);
  if (!allowed.ok()) return error_response(allowed.error(), request.trace_id);
  auto record = ctx.service->submit(input.value(), who.subject, ctx.clock->now());
  if (!record.ok()) return error_response(record.error(), request.trace_id);
  return json_response(201, application_json(record.value()));
}

HttpResponse get_application(const Ctx& ctx, const HttpRequest& request, const Principal& who) {
  auto record = accessible_application(ctx, who, request.path_param("id"));
  if (!record.ok()) return error_response(record.error(), request.trace_id);
  return json_response(200, application_json(record.value()));
}

// Runs `act` on the application behind an offer or contract id after the
// access check; answers with the changed application.
template <class Act>
HttpResponse on_application(const Ctx& ctx, const HttpRequest& request, const Principal& who,
                            Act act) {
  auto record = application_behind(ctx, who, request.path_param("id"));
  if (!record.ok()) return error_response(record.error(), request.trace_id);
  Result<ApplicationRecord> changed = act(record.value());
  if (!changed.ok()) return error_response(changed.error(), request.trace_id);
  if (changed.value().stage == origination::Stage::kDisbursing && ctx.disbursement_due) {
    ctx.disbursement_due();
  }
  return json_response(200, application_json(changed.value()));
}

HttpResponse get_contract(const Ctx& ctx, const HttpRequest& request, const Principal& who) {
  auto record = application_behind(ctx, who, request.path_param("id"));
  if (!record.ok()) return error_response(record.error(), request.trace_id);
  const ApplicationRecord& r = record.value();
  if (r.contract_text.empty()) {
    return error_response(Error{ErrorCode::kNotFound, "no contract for this application yet"},
                          request.trace_id);
  }
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_field(w, "id", origination::contract_id_of(r.id));
  write_field(w, "application_id", r.id);
  write_field(w, "sha256", r.contract_sha256);
  write_field(
      w, "signing_message",
      origination::contract_signing_message(origination::contract_id_of(r.id), r.contract_sha256));
  write_field(w, "text", r.contract_text);
  if (!r.borrower_signature.empty()) {
    write_field(w, "borrower_signature", r.borrower_signature);
    write_field(w, "platform_signature", r.platform_signature);
    write_field(w, "signed_at", r.signed_at);
  }
  w.EndObject();
  return json_response(200, buffer.GetString());
}

HttpResponse sign_contract(const Ctx& ctx, const HttpRequest& request, const Principal& who) {
  return on_application(
      ctx, request, who, [&](const ApplicationRecord& r) -> Result<ApplicationRecord> {
        SC_ASSIGN_OR_RETURN(const rapidjson::Document body, parse_json_object(request.body));
        SC_ASSIGN_OR_RETURN(const std::string signature, required_string(body, "signature"));
        return ctx.service->sign(r.id, signature, who.subject, ctx.clock->now());
      });
}

HttpResponse register_collateral(const Ctx& ctx, const HttpRequest& request, const Principal& who) {
  return on_application(
      ctx, request, who, [&](const ApplicationRecord& r) -> Result<ApplicationRecord> {
        SC_ASSIGN_OR_RETURN(const rapidjson::Document body, parse_json_object(request.body));
        origination::CollateralInput c;
        SC_ASSIGN_OR_RETURN(c.type, required_string(body, "type"));
        SC_ASSIGN_OR_RETURN(c.identifier, required_string(body, "identifier"));
        SC_ASSIGN_OR_RETURN(const std::string valuation, required_string(body, "valuation"));
        SC_ASSIGN_OR_RETURN(c.valuation, Money::parse(valuation, kCny));
        SC_ASSIGN_OR_RETURN(c.lien_reference, required_string(body, "lien_reference"));
        return ctx.service->register_collateral(r.id, c, who.subject, ctx.clock->now());
      });
}

Result<int64_t> page_limit(const HttpRequest& request) {
  if (request.query_param("limit").empty()) return int64_t{50};
  return parse_int64(request.query_param("limit"), "limit", 1, kMaxReviewPage);
}

HttpResponse applications_page(const char* key,
                               const Result<std::vector<ApplicationRecord>>& applications,
                               const HttpRequest& request) {
  if (!applications.ok()) return error_response(applications.error(), request.trace_id);
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key(key);
  w.StartArray();
  for (const ApplicationRecord& r : applications.value()) write_application(w, r);
  w.EndArray();
  w.EndObject();
  return json_response(200, buffer.GetString());
}

HttpResponse list_reviews(const Ctx& ctx, const HttpRequest& request) {
  const Result<int64_t> limit = page_limit(request);
  if (!limit.ok()) return error_response(limit.error(), request.trace_id);
  return applications_page("reviews", ctx.service->reviews(limit.value()), request);
}

HttpResponse list_enterprise_applications(const Ctx& ctx, const HttpRequest& request,
                                          const Principal& who) {
  const std::string_view id = request.path_param("id");
  Status allowed = enterprise_access(ctx, who, id);
  const Result<int64_t> limit = page_limit(request);
  if (allowed.ok() && !limit.ok()) allowed = limit.error();
  if (!allowed.ok()) return error_response(allowed.error(), request.trace_id);
  return applications_page("applications", ctx.service->applications_of(id, limit.value()),
                           request);
}

// Who the credential belongs to, so a client can show the right workspace.
HttpResponse session_json(const Principal& who) {
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_field(w, "subject", who.subject);
  write_field(w, "role", role_name(who.role));
  if (!who.enterprise_id.empty()) write_field(w, "enterprise_id", who.enterprise_id);
  if (!who.partner_id.empty()) write_field(w, "partner_id", who.partner_id);
  w.EndObject();
  return json_response(200, buffer.GetString());
}

HttpResponse decide_review(const Ctx& ctx, const HttpRequest& request, const Principal& who) {
  auto body = parse_json_object(request.body);
  if (!body.ok()) return error_response(body.error(), request.trace_id);
  auto decision = required_string(body.value(), "decision");
  auto reason = required_string(body.value(), "reason");
  Status s = decision.ok() ? (reason.ok() ? ok_status() : Status(reason.error()))
                           : Status(decision.error());
  if (s.ok() && decision.value() != "approve" && decision.value() != "decline") {
    s = Error{ErrorCode::kInvalidArgument, "decision: approve or decline"};
  }
  if (!s.ok()) return error_response(s.error(), request.trace_id);
  auto changed = ctx.service->decide_review(request.path_param("id"), decision.value() == "approve",
                                            reason.value(), who.subject, ctx.clock->now());
  if (!changed.ok()) return error_response(changed.error(), request.trace_id);
  return json_response(200, application_json(changed.value()));
}

HttpResponse get_loan(const Ctx& ctx, const HttpRequest& request, const Principal& who,
                      bool schedule) {
  const std::string_view loan_id = request.path_param("id");
  auto id = accessible_loan(ctx, who, loan_id);
  if (!id.ok()) return error_response(id.error(), request.trace_id);
  auto snapshot = servicing::loan_snapshot(*ctx.store, id.value(), today(*ctx.clock));
  if (!snapshot.ok()) return error_response(snapshot.error(), request.trace_id);
  return json_response(200, schedule ? schedule_json(loan_id, snapshot.value().state)
                                     : loan_json(loan_id, snapshot.value()));
}

HttpResponse payoff(const Ctx& ctx, const HttpRequest& request, const Principal& who) {
  auto id = accessible_loan(ctx, who, request.path_param("id"));
  if (!id.ok()) return error_response(id.error(), request.trace_id);
  auto date = request.query_param("date").empty() ? Result<Date>(today(*ctx.clock))
                                                  : parse_date(request.query_param("date"));
  if (!date.ok()) return error_response(date.error(), request.trace_id);
  auto snapshot = servicing::loan_snapshot(*ctx.store, id.value(), date.value());
  if (!snapshot.ok()) return error_response(snapshot.error(), request.trace_id);
  auto quote =
      loan::payoff_quote(snapshot.value().loan.terms, snapshot.value().state, date.value());
  if (!quote.ok()) return error_response(quote.error(), request.trace_id);
  const loan::PayoffQuote& q = quote.value();
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_field(w, "date", format_date(q.date));
  write_field(w, "principal", yuan_text(q.amounts.principal_minor));
  write_field(w, "interest", yuan_text(q.amounts.interest_minor));
  write_field(w, "fees", yuan_text(q.amounts.fees_minor));
  write_field(w, "penalty", yuan_text(q.amounts.penalty_minor));
  write_field(w, "prepayment_fee", yuan_text(q.prepayment_fee_minor));
  write_field(w, "total", yuan_text(q.total_minor));
  w.EndObject();
  return json_response(200, buffer.GetString());
}

// A repayment of `loan_id` as `body` ({"amount", "date"?}) describes it:
// from the borrower's or an officer's request, or from the bank's payment
// callback (with its reference, which makes it apply once).
Result<std::string> repay(const Ctx& ctx, std::string_view loan_id, const rapidjson::Document& body,
                          const Principal& who, std::string_view payment_reference, bool prepay) {
  SC_ASSIGN_OR_RETURN(const int64_t id, accessible_loan(ctx, who, loan_id));
  SC_ASSIGN_OR_RETURN(const std::string amount_text, required_string(body, "amount"));
  SC_ASSIGN_OR_RETURN(const Money amount, Money::parse(amount_text, kCny));
  SC_ASSIGN_OR_RETURN(const std::string date_text, optional_string(body, "date"));
  Date date = today(*ctx.clock);
  if (!date_text.empty()) {
    SC_ASSIGN_OR_RETURN(date, parse_date(date_text));
  }
  if (date > today(*ctx.clock)) {
    return Error{ErrorCode::kInvalidArgument, "date: a repayment cannot be in the future"};
  }
  if (prepay) {
    SC_RETURN_IF_ERROR(
        servicing::record_prepayment(*ctx.store, id, amount, date, ctx.clock->now()));
  } else {
    SC_RETURN_IF_ERROR(servicing::record_repayment(*ctx.store, id, amount, date, payment_reference,
                                                   ctx.clock->now()));
  }
  SC_ASSIGN_OR_RETURN(const servicing::LoanSnapshot s,
                      servicing::loan_snapshot(*ctx.store, id, today(*ctx.clock)));
  return loan_json(loan_id, s);
}

HttpResponse repayment(const Ctx& ctx, const HttpRequest& request, const Principal& who,
                       bool prepay) {
  auto body = parse_json_object(request.body);
  if (!body.ok()) return error_response(body.error(), request.trace_id);
  auto loan = repay(ctx, request.path_param("id"), body.value(), who, "", prepay);
  if (!loan.ok()) return error_response(loan.error(), request.trace_id);
  return json_response(201, loan.value());
}

// A repayment collected from the borrower's bank account (代扣): the
// platform asks the bank, which reports the money as a payment callback that
// repays the loan. The collection id is derived from the caller and the
// Idempotency-Key, so a retry after a lost answer asks the bank again under
// the same id and the money is applied once.
Result<std::string> request_collection(const Ctx& ctx, const HttpRequest& request,
                                       const Principal& who) {
  if (!ctx.collect) {
    return Error{ErrorCode::kUnavailable, "no bank is configured to collect from (bank.url)"};
  }
  const std::string_view loan_id = request.path_param("id");
  SC_ASSIGN_OR_RETURN(const int64_t id, accessible_loan(ctx, who, loan_id));
  SC_ASSIGN_OR_RETURN(const rapidjson::Document body, parse_json_object(request.body));
  SC_ASSIGN_OR_RETURN(const std::string amount_text, required_string(body, "amount"));
  SC_ASSIGN_OR_RETURN(const Money amount, Money::parse(amount_text, kCny));
  if (amount.minor_units() <= 0) {
    return Error{ErrorCode::kInvalidArgument, "amount: must be positive"};
  }
  SC_ASSIGN_OR_RETURN(const servicing::LoanSnapshot s,
                      servicing::loan_snapshot(*ctx.store, id, today(*ctx.clock)));
  if (s.state.closed) return Error{ErrorCode::kFailedPrecondition, "the loan is closed"};
  const std::string collection_id =
      "col_" + security::to_hex(security::sha256(who.subject + "\n" +
                                                 std::string(request.header("idempotency-key")) +
                                                 "\n" + std::string(loan_id)))
                   .substr(0, 24);
  SC_RETURN_IF_ERROR(ctx.collect(collection_id, loan_id, amount));
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_field(w, "collection_id", collection_id);
  write_field(w, "loan_id", loan_id);
  write_field(w, "amount", amount.to_string());
  write_field(w, "status", "requested");
  w.EndObject();
  return std::string(buffer.GetString());
}

// The bank's callback: {"type":"disbursement","instruction_id":…,"status":
// "succeeded"|"failed","bank_reference":…} or {"type":"payment","loan_id":…,
// "amount":…,"date":…,"reference":…}. Duplicates are answered 200 and change
// nothing.
Status bank_callback(const Ctx& ctx, const HttpRequest& request) {
  SC_RETURN_IF_ERROR(verify_bank_callback(ctx.bank_secret, request));
  SC_ASSIGN_OR_RETURN(const rapidjson::Document body, parse_json_object(request.body));
  SC_ASSIGN_OR_RETURN(const std::string type, required_string(body, "type"));
  if (type == "disbursement") {
    SC_ASSIGN_OR_RETURN(const std::string id, required_string(body, "instruction_id"));
    SC_ASSIGN_OR_RETURN(const std::string status, required_string(body, "status"));
    SC_ASSIGN_OR_RETURN(const std::string reference, optional_string(body, "bank_reference"));
    return ctx.service->record_disbursement(id, status == "succeeded", reference, ctx.clock->now())
                   .ok()
               ? ok_status()
               : Error{ErrorCode::kConflict, "the disbursement result could not be applied"};
  }
  if (type != "payment") return Error{ErrorCode::kInvalidArgument, "type: disbursement or payment"};
  SC_ASSIGN_OR_RETURN(const std::string reference, required_string(body, "reference"));
  SC_ASSIGN_OR_RETURN(const std::string loan_id, required_string(body, "loan_id"));
  const Principal bank{
      .subject = "system:bank", .role = Role::kAdmin, .enterprise_id = "", .partner_id = ""};
  auto applied = repay(ctx, loan_id, body, bank, reference, false);
  if (!applied.ok() && applied.error().code != ErrorCode::kAlreadyExists) return applied.error();
  return ok_status();
}

// ---- relief and statements ----------------------------------------------

std::string relief_json(const servicing::ReliefRecord& r, std::string_view loan_id) {
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("id");
  w.Int64(r.id);
  write_field(w, "loan_id", loan_id);
  w.Key("terms");
  w.RawValue(r.terms_json.data(), r.terms_json.size(), rapidjson::kObjectType);
  write_field(w, "stage", r.stage);
  write_field(w, "requested_at", r.requested_at);
  if (!r.decided_by.empty()) write_field(w, "decision_reason", r.decision_reason);
  w.EndObject();
  return buffer.GetString();
}

Result<servicing::ReliefTerms> parse_relief(std::string_view body, Currency currency) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Document doc, parse_json_object(body));
  servicing::ReliefTerms terms;
  SC_ASSIGN_OR_RETURN(const std::string kind, required_string(doc, "kind"));
  SC_ASSIGN_OR_RETURN(terms.reason, required_string(doc, "reason"));
  if (kind == "extension") {
    terms.kind = servicing::ReliefKind::kExtension;
    if (doc.HasMember("defer_periods")) {
      SC_ASSIGN_OR_RETURN(const int64_t n, required_int(doc, "defer_periods"));
      terms.defer_periods = static_cast<int>(std::clamp<int64_t>(n, -1, 1000));
    }
    if (doc.HasMember("extra_installments")) {
      SC_ASSIGN_OR_RETURN(const int64_t n, required_int(doc, "extra_installments"));
      terms.extra_installments = static_cast<int>(std::clamp<int64_t>(n, -1, 1000));
    }
    return terms;
  }
  if (kind == "restructure") {
    terms.kind = servicing::ReliefKind::kRestructure;
    SC_ASSIGN_OR_RETURN(const std::string rate, required_string(doc, "new_rate_percent"));
    SC_ASSIGN_OR_RETURN(terms.new_rate_percent, Decimal::parse(rate));
    SC_ASSIGN_OR_RETURN(const int64_t n, required_int(doc, "new_installments"));
    terms.new_installments = static_cast<int>(std::clamp<int64_t>(n, -1, 1000));
    return terms;
  }
  if (kind != "waiver") {
    return Error{ErrorCode::kInvalidArgument, "kind: extension, waiver or restructure"};
  }
  terms.kind = servicing::ReliefKind::kWaiver;
  SC_ASSIGN_OR_RETURN(const std::string component, required_string(doc, "component"));
  SC_ASSIGN_OR_RETURN(terms.waiver_component, loan::parse_component(component));
  SC_ASSIGN_OR_RETURN(const std::string amount, required_string(doc, "amount"));
  SC_ASSIGN_OR_RETURN(terms.amount, Money::parse(amount, currency));
  return terms;
}

Result<std::string> ask_relief(const Ctx& ctx, const HttpRequest& request, const Principal& who) {
  const std::string_view loan_id = request.path_param("id");
  SC_ASSIGN_OR_RETURN(const int64_t id, accessible_loan(ctx, who, loan_id));
  SC_ASSIGN_OR_RETURN(const servicing::ReliefTerms terms, parse_relief(request.body, kCny));
  SC_ASSIGN_OR_RETURN(
      const int64_t relief_id,
      servicing::request_relief(*ctx.store, id, terms, who.subject, ctx.clock->now()));
  SC_ASSIGN_OR_RETURN(const servicing::ReliefRecord r, servicing::relief(*ctx.store, relief_id));
  return relief_json(r, loan_id);
}

// The loan's external id ("loan_…") of a stored loan id.
Result<std::string> external_loan_id(const Ctx& ctx, int64_t loan_id) {
  SC_ASSIGN_OR_RETURN(const ApplicationRecord a, ctx.service->application_for_loan(loan_id));
  return std::string(kLoanPrefix) + a.id.substr(4);
}

Result<std::string> pending_relief_json(const Ctx& ctx) {
  SC_ASSIGN_OR_RETURN(const std::vector<servicing::ReliefRecord> pending,
                      servicing::pending_relief(*ctx.store, kMaxReviewPage));
  std::string out = R"({"relief_requests":[)";
  for (size_t i = 0; i < pending.size(); ++i) {
    SC_ASSIGN_OR_RETURN(const std::string loan_id, external_loan_id(ctx, pending[i].loan_id));
    out += (i == 0 ? "" : ",") + relief_json(pending[i], loan_id);
  }
  return out + "]}";
}

Result<std::string> decide_relief_request(const Ctx& ctx, const HttpRequest& request,
                                          const Principal& who) {
  SC_ASSIGN_OR_RETURN(const int64_t relief_id,
                      parse_int64(request.path_param("id"), "id", 1, INT64_MAX));
  SC_ASSIGN_OR_RETURN(const rapidjson::Document body, parse_json_object(request.body));
  SC_ASSIGN_OR_RETURN(const std::string decision, required_string(body, "decision"));
  SC_ASSIGN_OR_RETURN(const std::string reason, required_string(body, "reason"));
  if (decision != "approve" && decision != "decline") {
    return Error{ErrorCode::kInvalidArgument, "decision: approve or decline"};
  }
  SC_ASSIGN_OR_RETURN(const servicing::ReliefRecord r,
                      servicing::decide_relief(*ctx.store, relief_id, decision == "approve", reason,
                                               who.subject, today(*ctx.clock), ctx.clock->now()));
  SC_ASSIGN_OR_RETURN(const std::string loan_id, external_loan_id(ctx, r.loan_id));
  return relief_json(r, loan_id);
}

void write_balances(JsonWriter& w, const char* key, const loan::LoanState& st) {
  w.Key(key);
  w.StartObject();
  write_field(w, "principal_outstanding", yuan_text(st.principal_outstanding_minor));
  write_field(w, "interest_outstanding", yuan_text(st.interest_outstanding_minor));
  write_field(w, "fees_outstanding", yuan_text(st.fees_outstanding_minor));
  write_field(w, "penalty_outstanding", yuan_text(st.penalty_outstanding_minor));
  w.EndObject();
}

// GET /v1/loans/{id}/statement?from=&to=: balances at the start and end of
// the period and every transaction dated in it.
Result<std::string> statement(const Ctx& ctx, const HttpRequest& request, const Principal& who) {
  const std::string_view loan_id = request.path_param("id");
  SC_ASSIGN_OR_RETURN(const int64_t id, accessible_loan(ctx, who, loan_id));
  Date to = today(*ctx.clock);
  if (!request.query_param("to").empty()) {
    SC_ASSIGN_OR_RETURN(to, parse_date(request.query_param("to")));
  }
  SC_ASSIGN_OR_RETURN(const Date from, parse_date(request.query_param("from")));
  if (from > to) return Error{ErrorCode::kInvalidArgument, "from: not after to"};
  SC_ASSIGN_OR_RETURN(const servicing::LoanSnapshot closing,
                      servicing::loan_snapshot(*ctx.store, id, to));
  // Before the loan's start there is nothing outstanding.
  loan::LoanState opening_state;
  if (add_days(from, -1) >= closing.loan.terms.start) {
    SC_ASSIGN_OR_RETURN(const servicing::LoanSnapshot opening,
                        servicing::loan_snapshot(*ctx.store, id, add_days(from, -1)));
    opening_state = opening.state;
  }
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_field(w, "loan_id", loan_id);
  write_field(w, "from", format_date(from));
  write_field(w, "to", format_date(to));
  write_balances(w, "opening", opening_state);
  write_balances(w, "closing", closing.state);
  w.Key("transactions");
  w.StartArray();
  for (const loan::LoanTransaction& t : closing.loan.transactions) {
    if (t.value_date < from || t.value_date > to) continue;
    w.StartObject();
    w.Key("id");
    w.Int64(t.id);
    write_field(w, "kind", loan::transaction_kind_name(t.kind));
    write_field(w, "value_date", format_date(t.value_date));
    write_field(w, "amount", t.amount.to_string());
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString());
}

// A handler whose body is produced by `make`, answered with `status`.
template <class Make>
HttpResponse answer(int status, const HttpRequest& request, Make make) {
  Result<std::string> body = make();
  if (!body.ok()) return error_response(body.error(), request.trace_id);
  return json_response(status, std::move(body).value());
}

}  // namespace

Status enterprise_access(const origination::OriginationService& service, const Principal& who,
                         std::string_view enterprise_id) {
  if (who.role != Role::kPartner) return check_enterprise_access(who, enterprise_id, "");
  SC_ASSIGN_OR_RETURN(const EnterpriseRecord e, service.enterprise(enterprise_id));
  return check_enterprise_access(who, enterprise_id, e.data.referred_by);
}

void add_origination_routes(Router& router, const Gate& gate, OriginationRoutesContext context) {
  auto ctx = std::make_shared<const Ctx>(std::move(context));
  const auto doc = [](const char* id, const char* summary, const char* tag, const char* responses,
                      const char* body = "") {
    return RouteDoc{id, summary, tag, responses, body};
  };
  constexpr const char* kApplicationResponses =
      R"json({"200":{"description":"The application, with its stage and allowed actions"}})json";
  gate.add(
      router, Method::kPost, "/v1/enterprises",
      doc("registerEnterprise", "Register an enterprise (USCC and identity numbers checked)",
          "enterprises",
          R"json({"201":{"description":"The enterprise, personal data masked"}})json",
          R"json({"required":true,"content":{"application/json":{"example":{
                 "uscc":"91350100M000100Y43","name":"福州海鲜小店","kind":"micro","industry":"F",
                 "region":"350100","legal_rep":{"name":"张三","id_number":"11010519491231002X",
                 "phone":"13800138000"},"owners":[{"name":"张三","id_number":"11010519491231002X",
                 "share_percent":"100"}],"bank_account":"6222020200112233445"}}}})json"),
      RoleSet{Role::kBorrower, Role::kPartner, Role::kOfficer, Role::kAdmin},
      [ctx](const HttpRequest& r, const Principal& p) { return register_enterprise(*ctx, r, p); });
  gate.add(router, Method::kGet, "/v1/session",
           doc("getSession", "Who the credential belongs to: role, subject, enterprise", "session",
               R"json({"200":{"description":"The caller"}})json"),
           kEveryone, [](const HttpRequest&, const Principal& p) { return session_json(p); });
  gate.add(router, Method::kGet, "/v1/enterprises/{id}/applications",
           doc("listEnterpriseApplications", "An enterprise's applications, newest first",
               "applications", R"json({"200":{"description":"The applications"}})json"),
           kEveryone, [ctx](const HttpRequest& r, const Principal& p) {
             return list_enterprise_applications(*ctx, r, p);
           });
  gate.add(router, Method::kGet, "/v1/enterprises/{id}",
           doc("getEnterprise", "An enterprise, personal data masked", "enterprises",
               R"json({"200":{"description":"The enterprise"}})json"),
           kEveryone,
           [ctx](const HttpRequest& r, const Principal& p) { return get_enterprise(*ctx, r, p); });
  gate.add(
      router, Method::kPost, "/v1/enterprises/{id}/signing-key",
      doc("setSigningKey", "Register the borrower's Ed25519 contract-signing key", "enterprises",
          R"json({"200":{"description":"The key"}})json",
          R"json({"required":true,"content":{"application/json":{"example":{"public_key":"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"}}}})json"),
      RoleSet{Role::kBorrower, Role::kAdmin},
      [ctx](const HttpRequest& r, const Principal& p) { return set_signing_key(*ctx, r, p); });
  gate.add(router, Method::kGet, "/v1/products",
           doc("listProducts", "The product catalogue (newest version of each)", "products",
               R"json({"200":{"description":"Products"}})json"),
           kEveryone, [ctx](const HttpRequest&, const Principal&) { return list_products(*ctx); });
  gate.add(router, Method::kPost, "/v1/applications",
           doc("submitApplication", "Apply: the data is pulled, the decision answered at once",
               "applications", R"json({"201":{"description":"The decided application"}})json",
               R"json({"required":true,"content":{"application/json":{"example":{
                 "enterprise_id":"ent_Ab3","product_code":"SME-CREDIT-12M","amount":"50000.00",
                 "installments":12,"purpose":"inventory"}}}})json"),
           kApplicants, [ctx](const HttpRequest& r, const Principal& p) {
             return submit_application(*ctx, r, p);
           });
  gate.add(router, Method::kGet, "/v1/applications/{id}",
           doc("getApplication", "An application", "applications", kApplicationResponses),
           kEveryone,
           [ctx](const HttpRequest& r, const Principal& p) { return get_application(*ctx, r, p); });
  gate.add(router, Method::kGet, "/v1/applications/{id}/decision-record",
           doc("getDecisionRecord",
               "The canonical decision record: policy version, input snapshot and its SHA-256, "
               "outcome, offer, reasons, step trace (replayable)",
               "applications", R"json({"200":{"description":"The record"}})json"),
           RoleSet{Role::kOfficer, Role::kAuditor, Role::kAdmin},
           [ctx](const HttpRequest& r, const Principal&) {
             auto record = ctx->service->decision_record(r.path_param("id"));
             if (!record.ok()) return error_response(record.error(), r.trace_id);
             return json_response(200, std::move(record).value());
           });
  gate.add(
      router, Method::kPost, "/v1/offers/{id}/accept",
      doc("acceptOffer", "Accept an offer (before it expires)", "offers", kApplicationResponses),
      RoleSet{Role::kBorrower, Role::kAdmin}, [ctx](const HttpRequest& r, const Principal& p) {
        return on_application(*ctx, r, p, [&](const ApplicationRecord& a) {
          return ctx->service->accept_offer(a.id, p.subject, ctx->clock->now());
        });
      });
  gate.add(router, Method::kPost, "/v1/offers/{id}/decline",
           doc("declineOffer", "Decline an offer", "offers", kApplicationResponses),
           RoleSet{Role::kBorrower, Role::kAdmin}, [ctx](const HttpRequest& r, const Principal& p) {
             return on_application(*ctx, r, p, [&](const ApplicationRecord& a) {
               return ctx->service->decline_offer(a.id, p.subject, ctx->clock->now());
             });
           });
  gate.add(router, Method::kGet, "/v1/contracts/{id}",
           doc("getContract", "The contract document, its hash and signatures", "contracts",
               R"json({"200":{"description":"The contract"}})json"),
           kEveryone,
           [ctx](const HttpRequest& r, const Principal& p) { return get_contract(*ctx, r, p); });
  gate.add(
      router, Method::kPost, "/v1/contracts/{id}/signatures",
      doc("signContract",
          "The borrower's Ed25519 signature of the signing message; the "
          "platform countersigns",
          "contracts", kApplicationResponses,
          R"json({"required":true,"content":{"application/json":{"example":{"signature":"<128 hex digits>"}}}})json"),
      RoleSet{Role::kBorrower, Role::kAdmin},
      [ctx](const HttpRequest& r, const Principal& p) { return sign_contract(*ctx, r, p); });
  gate.add(router, Method::kPost, "/v1/contracts/{id}/collateral",
           doc("registerCollateral", "Register collateral (loan-to-value checked)", "contracts",
               kApplicationResponses,
               R"json({"required":true,"content":{"application/json":{"example":{"type":"property",
                 "identifier":"闽(2024)福州市不动产权第0001号","valuation":"1000000.00",
                 "lien_reference":"LIEN-2026-1"}}}})json"),
           kDeciders, [ctx](const HttpRequest& r, const Principal& p) {
             return register_collateral(*ctx, r, p);
           });
  gate.add(router, Method::kPost, "/v1/contracts/{id}/lien-confirmation",
           doc("confirmLien", "Confirm the lien is registered; disbursement may start", "contracts",
               kApplicationResponses),
           kDeciders, [ctx](const HttpRequest& r, const Principal& p) {
             return on_application(*ctx, r, p, [&](const ApplicationRecord& a) {
               return ctx->service->confirm_lien(a.id, p.subject, ctx->clock->now());
             });
           });
  gate.add(router, Method::kPost, "/v1/contracts/{id}/disbursement-retry",
           doc("retryDisbursement", "Send a failed disbursement again", "contracts",
               kApplicationResponses),
           kDeciders, [ctx](const HttpRequest& r, const Principal& p) {
             return on_application(*ctx, r, p, [&](const ApplicationRecord& a) {
               return ctx->service->retry_disbursement(a.id, p.subject, ctx->clock->now());
             });
           });
  gate.add(router, Method::kGet, "/v1/reviews",
           doc("listReviews", "Referred applications waiting for an officer, oldest first",
               "reviews", R"json({"200":{"description":"The queue"}})json"),
           kStaff, [ctx](const HttpRequest& r, const Principal&) { return list_reviews(*ctx, r); });
  gate.add(
      router, Method::kPost, "/v1/reviews/{id}/decision",
      doc("decideReview",
          "An officer's decision with a reason (a second officer confirms "
          "large approvals)",
          "reviews", kApplicationResponses,
          R"json({"required":true,"content":{"application/json":{"example":{"decision":"approve","reason":"seasonal dip explained by invoices"}}}})json"),
      kDeciders,
      [ctx](const HttpRequest& r, const Principal& p) { return decide_review(*ctx, r, p); });
  gate.add(router, Method::kGet, "/v1/loans/{id}",
           doc("getLoan", "A loan's balances, status and next installment", "loans",
               R"json({"200":{"description":"The loan"}})json"),
           kEveryone,
           [ctx](const HttpRequest& r, const Principal& p) { return get_loan(*ctx, r, p, false); });
  gate.add(router, Method::kGet, "/v1/loans/{id}/schedule",
           doc("getLoanSchedule", "A loan's installments with what is paid", "loans",
               R"json({"200":{"description":"The schedule"}})json"),
           kEveryone,
           [ctx](const HttpRequest& r, const Principal& p) { return get_loan(*ctx, r, p, true); });
  gate.add(router, Method::kGet, "/v1/loans/{id}/payoff",
           doc("getPayoffQuote", "What repays the loan in full on ?date=YYYY-MM-DD", "loans",
               R"json({"200":{"description":"The payoff quote"}})json"),
           kEveryone,
           [ctx](const HttpRequest& r, const Principal& p) { return payoff(*ctx, r, p); });
  gate.add(
      router, Method::kPost, "/v1/loans/{id}/repayments",
      doc("recordRepayment", "A manual repayment", "loans",
          R"json({"201":{"description":"The loan after the repayment"}})json",
          R"json({"required":true,"content":{"application/json":{"example":{"amount":"4442.44","date":"2026-12-22"}}}})json"),
      RoleSet{Role::kBorrower, Role::kOfficer, Role::kAdmin},
      [ctx](const HttpRequest& r, const Principal& p) { return repayment(*ctx, r, p, false); });
  gate.add(
      router, Method::kPost, "/v1/loans/{id}/bank-payments",
      doc("requestBankPayment",
          "Repay from the borrower's bank account: the bank is asked to collect, and the "
          "payment it reports repays the loan",
          "loans",
          R"json({"202":{"description":"Requested; the loan changes when the bank reports the payment"}})json",
          R"json({"required":true,"content":{"application/json":{"example":{"amount":"4442.44"}}}})json"),
      RoleSet{Role::kBorrower, Role::kOfficer, Role::kAdmin},
      [ctx](const HttpRequest& r, const Principal& p) {
        auto requested = request_collection(*ctx, r, p);
        if (!requested.ok()) return error_response(requested.error(), r.trace_id);
        return json_response(202, std::move(requested).value());
      });
  gate.add(
      router, Method::kPost, "/v1/loans/{id}/prepayments",
      doc("recordPrepayment",
          "Prepay principal: partial regenerates the schedule, the payoff amount closes the loan",
          "loans", R"json({"201":{"description":"The loan after the prepayment"}})json",
          R"json({"required":true,"content":{"application/json":{"example":{"amount":"10000.00"}}}})json"),
      RoleSet{Role::kBorrower, Role::kOfficer, Role::kAdmin},
      [ctx](const HttpRequest& r, const Principal& p) { return repayment(*ctx, r, p, true); });
  gate.add(router, Method::kPost, "/v1/loans/{id}/relief-requests",
           doc("requestRelief",
               "Ask for an extension, a waiver or a restructure (new_rate_percent, "
               "new_installments); an officer decides",
               "loans", R"json({"201":{"description":"The pending relief request"}})json",
               R"json({"required":true,"content":{"application/json":{"example":{"kind":"extension",
            "defer_periods":2,"extra_installments":0,"reason":"shop closed by the flood"}}}})json"),
           kApplicants, [ctx](const HttpRequest& r, const Principal& p) {
             return answer(201, r, [&] { return ask_relief(*ctx, r, p); });
           });
  gate.add(router, Method::kGet, "/v1/relief-requests",
           doc("listReliefRequests", "Pending relief requests, oldest first", "loans",
               R"json({"200":{"description":"The queue"}})json"),
           RoleSet{Role::kOfficer, Role::kAuditor, Role::kAdmin},
           [ctx](const HttpRequest& r, const Principal&) {
             return answer(200, r, [&] { return pending_relief_json(*ctx); });
           });
  gate.add(
      router, Method::kPost, "/v1/relief-requests/{id}/decision",
      doc("decideRelief", "Approve (the loan changes at once) or decline, with a reason", "loans",
          R"json({"200":{"description":"The decided request"}})json",
          R"json({"required":true,"content":{"application/json":{"example":{"decision":"approve","reason":"flood confirmed"}}}})json"),
      kDeciders, [ctx](const HttpRequest& r, const Principal& p) {
        return answer(200, r, [&] { return decide_relief_request(*ctx, r, p); });
      });
  gate.add(router, Method::kGet, "/v1/loans/{id}/statement",
           doc("getLoanStatement",
               "Balances at the start and end of ?from=&to= and the transactions between", "loans",
               R"json({"200":{"description":"The statement"}})json"),
           kEveryone, [ctx](const HttpRequest& r, const Principal& p) {
             return answer(200, r, [&] { return statement(*ctx, r, p); });
           });
  if (ctx->bank_secret.empty()) return;
  router.add(Method::kPost, "/v1/bank/callbacks",
             {"bankCallback",
              "The bank's disbursement results and incoming payments "
              "(X-Bank-Signature: hex HMAC-SHA-256 of the body)",
              "bank", R"json({"200":{"description":"Applied (or already applied)"}})json"},
             [ctx](const HttpRequest& r) {
               const Status s = bank_callback(*ctx, r);
               if (!s.ok()) return error_response(s.error(), r.trace_id);
               return json_response(200, json_object_with_string("status", "applied"));
             });
}

}  // namespace smecredit::api
