#include "api/voucher_routes.h"

#include "api/json.h"
#include "api/problem.h"
#include "scf/voucher/operation_codec.h"

namespace smecredit::api {

namespace {

HttpResponse submit(scf::VoucherService& vouchers, const Clock& clock, const HttpRequest& request) {
  auto parsed = scf::parse_signed_operation(request.body);
  if (!parsed.ok()) return error_response(parsed.error(), request.trace_id);
  auto index = vouchers.submit(parsed.value(), clock.now());
  if (!index.ok()) return error_response(index.error(), request.trace_id);
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("index");
  w.Uint64(index.value());
  w.EndObject();
  return HttpResponse{201, "application/json", buffer.GetString(), {}};
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

HttpResponse voucher(const scf::VoucherService& vouchers, const HttpRequest& request) {
  const std::string id(request.path_param("id"));
  std::optional<HttpResponse> response;
  vouchers.read([&](const scf::VoucherBook& book) {
    const auto found = book.vouchers().find(id);
    if (found == book.vouchers().end()) {
      response = error_response(Error{ErrorCode::kNotFound, "no such voucher"}, request.trace_id);
      return;
    }
    const scf::Voucher& v = found->second;
    JsonBuffer buffer;
    JsonWriter w(buffer);
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
    write_field(w, "state",
                v.cancelled  ? "cancelled"
                : v.settled  ? "settled"
                : v.accepted ? "accepted"
                             : "issued");
    w.Key("lineage");
    w.StartArray();
    for (const scf::Piece* piece : book.lineage(id)) write_piece(w, *piece);
    w.EndArray();
    w.EndObject();
    response = HttpResponse{200, "application/json", buffer.GetString(), {}};
  });
  return *response;
}

}  // namespace

void add_voucher_routes(Router& router, scf::VoucherService& vouchers, const Clock& clock) {
  router.add(
      Method::kPost, "/v1/scf/operations",
      {"postVoucherOperation",
       "Submit a signed voucher operation (issue, accept, transfer, financing, settle...)", "scf",
       R"json({"201":{"description":"Applied and appended to the verifiable log",
                  "content":{"application/json":{"schema":{"type":"object",
                  "properties":{"index":{"type":"integer"}}}}}}})json"},
      [&vouchers, &clock](const HttpRequest& r) { return submit(vouchers, clock, r); });
  router.add(Method::kGet, "/v1/scf/vouchers/{id}",
             {"getVoucher", "A voucher with its lineage (every piece, holder and status)", "scf",
              R"json({"200":{"description":"The voucher","content":{"application/json":
                  {"schema":{"type":"object"}}}}})json"},
             [&vouchers](const HttpRequest& r) { return voucher(vouchers, r); });
}

}  // namespace smecredit::api
