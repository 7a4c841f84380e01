#include "profile/sections.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

namespace smecredit::profile {

namespace {

using Json = rapidjson::Value;

Error section_error(std::string_view section, std::string_view what) {
  return Error{ErrorCode::kInvalidArgument, std::string(section) + ": " + std::string(what)};
}

// "YYYY-MM" or "YYYY-MM-DD" to year * 12 + month - 1; -1 when malformed.
int32_t month_index_of(std::string_view text) {
  if (text.size() < 7 || text[4] != '-') return -1;
  int32_t year = 0;
  int32_t month = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    year = year * 10 + (text[i] - '0');
  }
  for (size_t i = 5; i < 7; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    month = month * 10 + (text[i] - '0');
  }
  return month >= 1 && month <= 12 ? year * 12 + month - 1 : -1;
}

std::string_view text_of(const Json& object, const char* name) {
  if (!object.IsObject()) return {};
  const auto member = object.FindMember(name);
  if (member == object.MemberEnd() || !member->value.IsString()) return {};
  return {member->value.GetString(), member->value.GetStringLength()};
}

// An integer member; null or absent is 0. Anything else is an error.
Result<int64_t> integer_of(const Json& object, const char* name, std::string_view section) {
  const auto member = object.FindMember(name);
  if (member == object.MemberEnd() || member->value.IsNull()) return int64_t{0};
  if (!member->value.IsInt64())
    return section_error(section, std::string(name) + " is not an integer");
  return member->value.GetInt64();
}

// Parses `text` (empty: absent) and returns its array member `name` (empty
// array when the document is absent).
class Document {
 public:
  static Result<Document> parse(const std::string& text, std::string_view section) {
    Document doc;
    if (text.empty()) return doc;
    doc.json_.Parse(text.data(), text.size());
    if (doc.json_.HasParseError() || !doc.json_.IsObject()) {
      return section_error(section, "not a JSON object");
    }
    return doc;
  }

  Result<const Json*> array(const char* name, std::string_view section) const {
    if (!json_.IsObject()) return &empty_;
    const auto member = json_.FindMember(name);
    if (member == json_.MemberEnd()) return &empty_;
    if (!member->value.IsArray())
      return section_error(section, std::string(name) + " is not an array");
    for (const Json& row : member->value.GetArray()) {
      if (!row.IsObject()) return section_error(section, std::string(name) + " holds a non-object");
    }
    return &member->value;
  }

 private:
  rapidjson::Document json_;
  Json empty_{rapidjson::kArrayType};
};

struct Column {
  const char* name;
  Series series;
};

Status add_monthly(const std::string& text, std::string_view section,
                   std::initializer_list<Column> columns, std::map<int32_t, MonthValues>& months) {
  SC_ASSIGN_OR_RETURN(const Document doc, Document::parse(text, section));
  SC_ASSIGN_OR_RETURN(const Json* rows, doc.array("rows", section));
  for (const Json& row : rows->GetArray()) {
    const int32_t month = month_index_of(text_of(row, "month"));
    if (month < 0) return section_error(section, "a row has no valid month");
    MonthValues& values = months[month];
    values.month_index = month;
    for (const Column& column : columns) {
      SC_ASSIGN_OR_RETURN(const int64_t value, integer_of(row, column.name, section));
      values.values[static_cast<size_t>(column.series)] += value;
    }
  }
  return ok_status();
}

// The event kind of a provider event row, or -1 for rows that count as none
// (a court case past filing, unknown types).
int event_kind(const Json& row) {
  const std::string_view type = text_of(row, "type");
  if (type == "court_case") {
    if (text_of(row, "stage") != "filed") return -1;
    return static_cast<int>(text_of(row, "role") == "defendant" ? EventKind::kCourtDefendant
                                                                : EventKind::kCourtPlaintiff);
  }
  if (type == "enforcement") return static_cast<int>(EventKind::kEnforcement);
  if (type == "dishonest_debtor") return static_cast<int>(EventKind::kDishonestDebtor);
  if (type == "administrative_penalty") return static_cast<int>(EventKind::kPenalty);
  if (type == "equity_freeze") return static_cast<int>(EventKind::kEquityFreeze);
  if (type == "legal_rep_change") return static_cast<int>(EventKind::kLegalRepChange);
  if (type == "shareholder_change") return static_cast<int>(EventKind::kShareholderChange);
  return -1;
}

Status add_events(const std::string& text, std::string_view section, const char* array,
                  EnterpriseHistory& history) {
  SC_ASSIGN_OR_RETURN(const Document doc, Document::parse(text, section));
  SC_ASSIGN_OR_RETURN(const Json* rows, doc.array(array, section));
  for (const Json& row : rows->GetArray()) {
    const int kind = event_kind(row);
    if (kind < 0) continue;
    const int32_t month = month_index_of(text_of(row, "date"));
    if (month < 0) return section_error(section, "an event has no valid date");
    SC_ASSIGN_OR_RETURN(const int64_t amount_fen, integer_of(row, "amount_fen", section));
    history.events.push_back({month, static_cast<EventKind>(kind), amount_fen});
  }
  return ok_status();
}

Status add_registration(const std::string& text, EnterpriseHistory& history) {
  constexpr std::string_view kSection = "registration";
  SC_ASSIGN_OR_RETURN(const Document doc, Document::parse(text, kSection));
  SC_ASSIGN_OR_RETURN(const Json* rows, doc.array("rows", kSection));
  if (rows->Empty()) return ok_status();
  const Json& row = (*rows)[0];
  const int32_t founded = month_index_of(text_of(row, "founded_on"));
  if (founded < 0) return section_error(kSection, "founded_on is not a date");
  history.founded_month_index = founded;
  SC_ASSIGN_OR_RETURN(history.registered_capital_fen,
                      integer_of(row, "registered_capital_fen", kSection));
  SC_ASSIGN_OR_RETURN(history.declared_employees, integer_of(row, "declared_employees", kSection));
  SC_ASSIGN_OR_RETURN(history.self_declared_annual_revenue_fen,
                      integer_of(row, "self_declared_annual_revenue_fen", kSection));
  // Optional: providers that do not date the declaration leave it undated.
  if (const std::string_view month = text_of(row, "self_declared_revenue_month"); !month.empty()) {
    history.self_declared_month_index = month_index_of(month);
    if (history.self_declared_month_index < 0) {
      return section_error(kSection, "self_declared_revenue_month is not a month");
    }
  }
  return add_events(text, kSection, "changes", history);
}

// Counterparties by edge type from one direction of the relationships section.
Result<std::multimap<std::string, std::string>> edges(const Document& doc, const char* array,
                                                      const char* other_end) {
  constexpr std::string_view kSection = "relationships";
  SC_ASSIGN_OR_RETURN(const Json* rows, doc.array(array, kSection));
  std::multimap<std::string, std::string> out;
  for (const Json& row : rows->GetArray()) {
    out.emplace(std::string(text_of(row, "type")), std::string(text_of(row, other_end)));
  }
  return out;
}

Status add_relationships(const std::string& text, EnterpriseHistory& history) {
  SC_ASSIGN_OR_RETURN(const Document doc, Document::parse(text, "relationships"));
  SC_ASSIGN_OR_RETURN(const auto outgoing, edges(doc, "rows", "to_id"));
  SC_ASSIGN_OR_RETURN(const auto incoming, edges(doc, "incoming", "from_id"));
  for (const auto& [type, other] : outgoing) history.relationships.push_back({type, other, true});
  for (const auto& [type, other] : incoming) history.relationships.push_back({type, other, false});
  GraphFacts& graph = history.graph;
  std::set<std::string> guaranteed;
  for (auto [it, end] = outgoing.equal_range("guarantee"); it != end; ++it) {
    ++graph.guarantees_given;
    guaranteed.insert(it->second);
  }
  for (auto [it, end] = incoming.equal_range("guarantee"); it != end; ++it) {
    ++graph.guarantees_received;
    if (guaranteed.count(it->second) > 0) ++graph.mutual_guarantees;
  }
  graph.trade_partners = static_cast<int64_t>(outgoing.count("trade_partner"));
  if (graph.mutual_guarantees > 0) graph.circle_size = 2;
  return ok_status();
}

}  // namespace

Result<EnterpriseHistory> history_from_sections(const SectionDocuments& docs) {
  EnterpriseHistory history;
  SC_RETURN_IF_ERROR(add_registration(docs.registration, history));
  std::map<int32_t, MonthValues> months;
  SC_RETURN_IF_ERROR(add_monthly(docs.flows, "flows",
                                 {{"pos_sales_fen", Series::kPosSales},
                                  {"ecommerce_sales_fen", Series::kEcommerceSales},
                                  {"transfer_sales_fen", Series::kTransferSales},
                                  {"pos_sales_fen", Series::kInflows},
                                  {"ecommerce_sales_fen", Series::kInflows},
                                  {"transfer_sales_fen", Series::kInflows},
                                  {"purchases_fen", Series::kPurchases},
                                  {"electricity_kwh", Series::kElectricity}},
                                 months));
  SC_RETURN_IF_ERROR(add_monthly(docs.invoices, "invoices",
                                 {{"invoices_issued_fen", Series::kInvoicesIssued},
                                  {"invoices_received_fen", Series::kInvoicesReceived}},
                                 months));
  SC_RETURN_IF_ERROR(add_monthly(docs.tax, "tax",
                                 {{"vat_tax_base_fen", Series::kTaxBase},
                                  {"vat_declared_fen", Series::kVatDeclared},
                                  {"vat_paid_fen", Series::kVatPaid},
                                  {"social_insurance_headcount", Series::kHeadcount}},
                                 months));
  history.months.reserve(months.size());
  for (auto& [month, values] : months) history.months.push_back(values);
  SC_RETURN_IF_ERROR(add_events(docs.judicial, "judicial", "rows", history));
  SC_RETURN_IF_ERROR(add_events(docs.penalties, "penalties", "rows", history));
  SC_RETURN_IF_ERROR(add_relationships(docs.relationships, history));
  return history;
}

int32_t last_data_month(const EnterpriseHistory& history) {
  int32_t last = -1;
  for (const MonthValues& m : history.months) last = std::max(last, m.month_index);
  return last;
}

Result<HeldEnterprise> held_enterprise(std::string key, const std::string& relationships,
                                       const std::string& judicial) {
  constexpr std::string_view kSection = "relationships";
  HeldEnterprise held;
  held.key = std::move(key);
  SC_ASSIGN_OR_RETURN(const Document doc, Document::parse(relationships, kSection));
  for (const auto& [array, own_end] : {std::pair{"rows", "from_id"}, {"incoming", "to_id"}}) {
    SC_ASSIGN_OR_RETURN(const Json* rows, doc.array(array, kSection));
    for (const Json& row : rows->GetArray()) {
      TypedEdge edge{std::string(text_of(row, "type")), std::string(text_of(row, "from_id")),
                     std::string(text_of(row, "to_id"))};
      if (edge.type.empty() || edge.from.empty() || edge.to.empty()) {
        return section_error(kSection, "an edge lacks its type or an end");
      }
      const std::string own(text_of(row, own_end));
      if (held.own_id.empty()) held.own_id = own;
      if (own != held.own_id) return section_error(kSection, "edges of two enterprises");
      held.edges.push_back(std::move(edge));
    }
  }
  SectionDocuments docs;
  docs.judicial = judicial;
  SC_ASSIGN_OR_RETURN(const EnterpriseHistory history, history_from_sections(docs));
  for (const DatedEvent& e : history.events) {
    if (e.kind == EventKind::kDishonestDebtor) {
      held.dishonest_debtor_month = std::min(held.dishonest_debtor_month, e.month_index);
    }
  }
  return held;
}

}  // namespace smecredit::profile
