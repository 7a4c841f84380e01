#include "api/voucher_routes.h"

#include "api/bank_gateway.h"
#include "api/json.h"
#include "api/problem.h"
#include "core/business_date.h"
#include "scf/voucher/operation_codec.h"

namespace smecredit::api {

namespace {

using Ctx = VoucherRoutesContext;

HttpResponse json(int status, std::string body) {
  return HttpResponse{status, "application/json", std::move(body), {}};
}

HttpResponse submit(const Ctx& ctx, const HttpRequest& request) {
  auto parsed = scf::parse_signed_operation(request.body);
  if (!parsed.ok()) return error_response(parsed.error(), request.trace_id);
  auto submitted = ctx.vouchers->submit(parsed.value(), ctx.clock->now());
  if (!submitted.ok()) return error_response(submitted.error(), request.trace_id);
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("index");
  w.Uint64(submitted.value().index);
  if (submitted.value().replayed) {
    w.Key("replayed");
    w.Bool(true);
  }
  w.EndObject();
  return json(submitted.value().replayed ? 200 : 201, buffer.GetString());
}

void write_piece(JsonWriter& w, const scf::Piece& piece) {
  w.StartObject();
  write_field(w, "id", piece.id);
  if (piece.parent) write_field(w, "parent", *piece.parent);
  write_field(w, "holder", piece.holder);
  w.Key("amount_fen");
  w.Int64(piece.amount_fen);
  write_field(w, "status", scf::piece_status_name(piece.status));
  if (piece.financing) {
    w.Key("financing");
    w.StartObject();
    write_field(w, "funder", piece.financing->funder);
    w.Key("discount_fen");
    w.Int64(piece.financing->discount_fen);
    w.Key("fee_fen");
    w.Int64(piece.financing->fee_fen);
    w.Key("net_proceeds_fen");
    w.Int64(piece.financing->net_proceeds_fen);
    w.Key("with_recourse");
    w.Bool(piece.financing->with_recourse);
    w.Key("approved");
    w.Bool(piece.financing->approved);
    w.EndObject();
  }
  w.EndObject();
}

std::string_view voucher_state(const scf::Voucher& v) {
  if (v.cancelled) return "cancelled";
  if (v.settled) return "settled";
  if (v.overdue_since) return "overdue";
  return v.accepted ? "accepted" : "issued";
}

void write_voucher(JsonWriter& w, const scf::VoucherBook& book, const scf::Voucher& v,
                   const std::vector<scf::LoggedOperation>& history) {
  w.StartObject();
  write_field(w, "id", v.id);
  write_field(w, "issuer", v.issuer);
  write_field(w, "supplier", v.supplier);
  w.Key("amount_fen");
  w.Int64(v.amount_fen);
  write_field(w, "issued_on", format_date(v.issued_on));
  write_field(w, "maturity", format_date(v.maturity));
  write_field(w, "contract_ref", v.contract_ref);
  write_field(w, "invoice_ref", v.invoice_ref);
  write_field(w, "state", voucher_state(v));
  if (v.overdue_since) write_field(w, "overdue_since", format_date(*v.overdue_since));
  if (const auto paid = book.settlements().find(v.id); paid != book.settlements().end()) {
    w.Key("settlement");
    w.StartObject();
    for (const auto& [holder, fen] : paid->second) {
      w.Key(holder.c_str(), static_cast<rapidjson::SizeType>(holder.size()));
      w.Int64(fen);
    }
    w.EndObject();
  }
  w.Key("lineage");
  w.StartArray();
  for (const scf::Piece* piece : book.lineage(v.id)) write_piece(w, *piece);
  w.EndArray();
  w.Key("log");
  w.StartArray();
  for (const scf::LoggedOperation& op : history) {
    w.StartObject();
    w.Key("index");
    w.Uint64(op.index);
    write_field(w, "op", op.kind);
    write_field(w, "actor", op.actor);
    write_field(w, "date", format_date(op.date));
    if (!op.piece.empty()) write_field(w, "piece", op.piece);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

HttpResponse voucher(const Ctx& ctx, const HttpRequest& request) {
  const std::string id(request.path_param("id"));
  const std::vector<scf::LoggedOperation> history = ctx.vouchers->history(id);
  std::optional<HttpResponse> response;
  ctx.vouchers->read([&](const scf::VoucherBook& book) {
    const auto found = book.vouchers().find(id);
    if (found == book.vouchers().end()) {
      response = error_response(Error{ErrorCode::kNotFound, "no such voucher"}, request.trace_id);
      return;
    }
    JsonBuffer buffer;
    JsonWriter w(buffer);
    write_voucher(w, book, found->second, history);
    response = json(200, buffer.GetString());
  });
  return *response;
}

std::string run_json(const scf::SettlementRun& run, Date date) {
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_field(w, "date", format_date(date));
  w.Key("settled");
  w.Int64(run.settled);
  w.Key("marked_overdue");
  w.Int64(run.marked_overdue);
  w.EndObject();
  return buffer.GetString();
}

// {"type":"voucher_payment","voucher":…,"amount_fen":…,"reference":…}: the
// core's payment arrived; it is recorded once per reference and a matured
// voucher is settled at once.
Result<std::string> bank_callback(const Ctx& ctx, const HttpRequest& request) {
  SC_RETURN_IF_ERROR(verify_bank_callback(ctx.bank_secret, request));
  SC_ASSIGN_OR_RETURN(const rapidjson::Document body, parse_json_object(request.body));
  SC_ASSIGN_OR_RETURN(const std::string type, required_string(body, "type"));
  if (type != "voucher_payment") return Error{ErrorCode::kInvalidArgument, "type: voucher_payment"};
  SC_ASSIGN_OR_RETURN(const std::string voucher, required_string(body, "voucher"));
  SC_ASSIGN_OR_RETURN(const int64_t amount_fen, required_int(body, "amount_fen"));
  SC_ASSIGN_OR_RETURN(const std::string reference, required_string(body, "reference"));
  const Timestamp now = ctx.clock->now();
  SC_ASSIGN_OR_RETURN(const bool recorded,
                      ctx.vouchers->record_settlement_funds(voucher, amount_fen, reference, now));
  const Date today = business_date(now);
  SC_ASSIGN_OR_RETURN(const scf::SettlementRun run,
                      ctx.vouchers->settle_due(today, *ctx.platform_key, now));
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_field(w, "status", recorded ? "recorded" : "already_recorded");
  w.Key("settled");
  w.Int64(run.settled);
  w.EndObject();
  return std::string(buffer.GetString());
}

Result<std::string> settlement_run(const Ctx& ctx, const HttpRequest& request) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Document body, parse_json_object(request.body));
  SC_ASSIGN_OR_RETURN(const std::string date_text, required_string(body, "date"));
  auto date = parse_date(date_text);
  if (!date.ok()) return Error{ErrorCode::kInvalidArgument, "date: " + date.error().message};
  const Timestamp now = ctx.clock->now();
  if (date.value() > business_date(now)) {
    return Error{ErrorCode::kInvalidArgument, "date: not after today's business date"};
  }
  SC_ASSIGN_OR_RETURN(const scf::SettlementRun run,
                      ctx.vouchers->settle_due(date.value(), *ctx.platform_key, now));
  return run_json(run, date.value());
}

Result<scf::Submitted> submit_as_platform(const Ctx& ctx, scf::Operation op) {
  SC_ASSIGN_OR_RETURN(const scf::SignedOperation signed_op,
                      scf::sign_operation(*ctx.platform_key, std::move(op)));
  return ctx.vouchers->submit(signed_op, ctx.clock->now());
}

Result<scf::Role> parse_participant_role(std::string_view name) {
  for (scf::Role role : {scf::Role::kCore, scf::Role::kSupplier, scf::Role::kFunder}) {
    if (scf::role_name(role) == name) return role;
  }
  return Error{ErrorCode::kInvalidArgument, "role: core, supplier or funder"};
}

// {"id","role","public_key"}: the platform signs the registration.
Result<std::string> register_participant(const Ctx& ctx, const HttpRequest& request) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Document body, parse_json_object(request.body));
  SC_ASSIGN_OR_RETURN(const std::string id, required_string(body, "id"));
  SC_ASSIGN_OR_RETURN(const std::string role_text, required_string(body, "role"));
  SC_ASSIGN_OR_RETURN(const scf::Role role, parse_participant_role(role_text));
  SC_ASSIGN_OR_RETURN(const std::string key_hex, required_string(body, "public_key"));
  auto key = scf::PublicKey::from_hex(key_hex);
  if (!key.ok()) return Error{ErrorCode::kInvalidArgument, "public_key: " + key.error().message};
  const scf::Header by_platform{scf::kPlatformId, business_date(ctx.clock->now())};
  SC_ASSIGN_OR_RETURN(const scf::Submitted done,
                      submit_as_platform(ctx, scf::Register{by_platform, id, role, key.value()}));
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_field(w, "participant", id);
  write_field(w, "role", scf::role_name(role));
  write_field(w, "scheme", scf::signature_scheme_name(key.value().scheme()));
  w.Key("index");
  w.Uint64(done.index);
  w.EndObject();
  return std::string(buffer.GetString());
}

// {"core","enterprise_id","limit_fen"}: the underwriter decides; only an
// approval is signed into a line (201); a refer or decline changes nothing
// and answers its reasons (200).
HttpResponse grant_line(const Ctx& ctx, const HttpRequest& request, const Principal& who) {
  auto fail = [&](const Error& e) { return error_response(e, request.trace_id); };
  if (!ctx.assess_line) {
    return fail(Error{ErrorCode::kUnavailable, "no decision policy is configured"});
  }
  auto body = parse_json_object(request.body);
  if (!body.ok()) return fail(body.error());
  auto core = required_string(body.value(), "core");
  auto enterprise_id = required_string(body.value(), "enterprise_id");
  auto limit_fen = required_int(body.value(), "limit_fen");
  if (!core.ok()) return fail(core.error());
  if (!enterprise_id.ok()) return fail(enterprise_id.error());
  if (!limit_fen.ok()) return fail(limit_fen.error());
  std::optional<scf::Role> role;
  ctx.vouchers->read([&](const scf::VoucherBook& book) { role = book.role_of(core.value()); });
  if (role != scf::Role::kCore) {
    return fail(Error{ErrorCode::kFailedPrecondition,
                      "core: '" + core.value() + "' is not a registered core enterprise"});
  }
  auto line = ctx.assess_line(enterprise_id.value(), limit_fen.value(), who.subject);
  if (!line.ok()) return fail(line.error());
  std::optional<scf::Submitted> granted;
  if (line.value().outcome == origination::Outcome::kApprove) {
    auto done =
        submit_as_platform(ctx, scf::GrantLine{{scf::kPlatformId, business_date(ctx.clock->now())},
                                               core.value(),
                                               line.value().limit_fen,
                                               line.value().annual_rate_percent});
    if (!done.ok()) return fail(done.error());
    granted = done.value();
  }
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_field(w, "core", core.value());
  write_field(w, "enterprise_id", enterprise_id.value());
  write_field(w, "outcome", origination::outcome_name(line.value().outcome));
  w.Key("granted");
  w.Bool(granted.has_value());
  w.Key("limit_fen");
  w.Int64(line.value().limit_fen);
  if (granted) write_field(w, "risk_rate_percent", line.value().annual_rate_percent.to_string());
  write_field(w, "decision_id", line.value().decision_id);
  if (granted) {
    w.Key("index");
    w.Uint64(granted->index);
  }
  w.Key("reasons");
  w.StartArray();
  for (const origination::Reason& reason : line.value().reasons) {
    w.StartObject();
    write_field(w, "code", reason.code);
    write_field(w, "text", reason.text);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return json(granted ? 201 : 200, buffer.GetString());
}

template <class Make>
HttpResponse answer(const HttpRequest& request, Make make) {
  Result<std::string> body = make();
  if (!body.ok()) return error_response(body.error(), request.trace_id);
  return json(200, std::move(body).value());
}

}  // namespace

void add_voucher_routes(Router& router, const Gate& gate, VoucherRoutesContext context) {
  auto ctx = std::make_shared<const Ctx>(std::move(context));
  router.add(
      Method::kPost, "/v1/scf/operations",
      {"postVoucherOperation",
       "Submit a signed voucher operation (issue, accept, transfer, financing, settle...)", "scf",
       R"json({"201":{"description":"Applied and appended to the verifiable log",
                  "content":{"application/json":{"schema":{"type":"object",
                  "properties":{"index":{"type":"integer"}}}}}},
               "200":{"description":"The log already holds this exact operation: its index",
                  "content":{"application/json":{"schema":{"type":"object",
                  "properties":{"index":{"type":"integer"},"replayed":{"type":"boolean"}}}}}}})json"},
      [ctx](const HttpRequest& r) { return submit(*ctx, r); });
  router.add(Method::kGet, "/v1/scf/vouchers/{id}",
             {"getVoucher",
              "A voucher with its lineage (every piece, holder and status) and the log "
              "entries about it (index, op, actor, date, piece) to prove inclusion against",
              "scf",
              R"json({"200":{"description":"The voucher","content":{"application/json":
                  {"schema":{"type":"object"}}}}})json"},
             [ctx](const HttpRequest& r) { return voucher(*ctx, r); });
  router.add(
      Method::kPost, "/v1/scf/bank/callbacks",
      {"scfBankCallback",
       "The bank reports a core enterprise's payment for a voucher "
       "(X-Bank-Signature: hex HMAC-SHA-256 of the body); a matured voucher settles at once",
       "scf", R"json({"200":{"description":"Recorded (or already recorded)"}})json"},
      [ctx](const HttpRequest& r) { return answer(r, [&] { return bank_callback(*ctx, r); }); });
  gate.add(router, Method::kPost, "/v1/scf/settlement-runs",
           {"postSettlementRun",
            "Settle every matured voucher whose payment has arrived and mark unpaid ones overdue, "
            "for a date up to today's business date (the server also does this on its own)",
            "scf",
            R"json({"200":{"description":"What the run did","content":{"application/json":
                {"example":{"date":"2026-07-11","settled":3,"marked_overdue":1}}}}})json"},
           RoleSet{Role::kAdmin}, [ctx](const HttpRequest& r, const Principal&) {
             return answer(r, [&] { return settlement_run(*ctx, r); });
           });
  gate.add(router, Method::kPost, "/v1/scf/participants",
           {"postScfParticipant",
            "Onboard a core enterprise, supplier or funder with its Ed25519 or SM2 public key "
            "(the platform signs the registration into the log)",
            "scf",
            R"json({"200":{"description":"Registered","content":{"application/json":{"example":
                {"participant":"core-1","role":"core","scheme":"sm2","index":12}}}}})json",
            R"json({"content":{"application/json":{"example":
                {"id":"core-1","role":"core","public_key":"<64 or 130 hex digits>"}}}})json"},
           RoleSet{Role::kAdmin}, [ctx](const HttpRequest& r, const Principal&) {
             return answer(r, [&] { return register_participant(*ctx, r); });
           });
  gate.add(router, Method::kPost, "/v1/scf/lines",
           {"postScfLine",
            "Grant a core enterprise an issuance line through the risk process: the loan "
            "underwriter (consent, data, policy) decides the limit and the risk price funders "
            "discount its vouchers at (at least); only an approval is signed into the log",
            "scf",
            R"json({"201":{"description":"Granted","content":{"application/json":{"example":
                {"core":"core-1","enterprise_id":"ent_x","outcome":"approve","granted":true,
                 "limit_fen":20000000,"risk_rate_percent":"7.85","decision_id":"dec_x",
                 "index":13,"reasons":[]}}}},
               "200":{"description":"Referred or declined: nothing granted, with the reasons"}})json",
            R"json({"content":{"application/json":{"example":
                {"core":"core-1","enterprise_id":"ent_x","limit_fen":20000000}}}})json"},
           RoleSet{Role::kOfficer, Role::kAdmin},
           [ctx](const HttpRequest& r, const Principal& who) { return grant_line(*ctx, r, who); });
}

}  // namespace smecredit::api
