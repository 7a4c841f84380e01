// `smecredit apr --flows FILE [--json]`: the APR of actual cash flows
// (src/loan/apr.h). FILE is
//   {"unit_period":"monthly","flows":[{"date":"2021-01-01","amount":"-99000.00"},...]}
// with amounts as decimal strings in yuan.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "api/json.h"
#include "cli/commands.h"
#include "loan/apr.h"

namespace smecredit::cli {

namespace {

struct AprFlags {
  std::string flows_file;
  bool json = false;
};

struct FlowsFile {
  loan::UnitPeriod unit;
  std::vector<loan::CashFlow> flows;
};

Error bad_file(const std::string& what) {
  return Error{ErrorCode::kInvalidArgument, "flows file: " + what};
}

Result<std::string> string_member(const rapidjson::Value& object, const char* key,
                                  const std::string& where) {
  const auto member = object.FindMember(key);
  if (member == object.MemberEnd() || !member->value.IsString()) {
    return bad_file(where + " needs a string \"" + key + "\"");
  }
  return std::string(member->value.GetString(), member->value.GetStringLength());
}

Result<loan::CashFlow> parse_flow(const rapidjson::Value& value, size_t index) {
  const std::string where = "flow " + std::to_string(index + 1);
  if (!value.IsObject()) return bad_file(where + " is not an object");
  SC_ASSIGN_OR_RETURN(const std::string date_text, string_member(value, "date", where));
  SC_ASSIGN_OR_RETURN(const std::string amount_text, string_member(value, "amount", where));
  auto date = parse_date(date_text);
  if (!date.ok()) return bad_file(where + ": " + date.error().message);
  auto amount = Money::parse(amount_text, kCny);
  if (!amount.ok()) return bad_file(where + ": " + amount.error().message);
  return loan::CashFlow{date.value(), amount.value()};
}

Result<FlowsFile> parse_flows_file(std::string_view text) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Document document, api::parse_json_object(text));
  FlowsFile parsed;
  SC_ASSIGN_OR_RETURN(const std::string unit_text,
                      string_member(document, "unit_period", "the top level"));
  SC_ASSIGN_OR_RETURN(parsed.unit, loan::parse_unit_period(unit_text));
  const auto flows = document.FindMember("flows");
  if (flows == document.MemberEnd() || !flows->value.IsArray()) {
    return bad_file("needs an array \"flows\"");
  }
  if (flows->value.Size() > loan::kMaxCashFlows) return bad_file("too many flows");
  for (rapidjson::SizeType k = 0; k < flows->value.Size(); ++k) {
    SC_ASSIGN_OR_RETURN(loan::CashFlow flow, parse_flow(flows->value[k], k));
    parsed.flows.push_back(flow);
  }
  return parsed;
}

std::string read_file(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  if (!file) throw CLI::ValidationError("--flows", "cannot read " + path);
  return text.str();
}

std::string apr_text(const loan::AprResult& apr, bool json) {
  char buffer[256];
  const char* format = json ? "{\"periodic_rate\":%.10f,\"nominal_annual_rate\":%.10f,"
                              "\"effective_annual_rate\":%.10f}\n"
                            : "periodic_rate          %.10f\nnominal_annual_rate    %.10f\n"
                              "effective_annual_rate  %.10f\n";
  std::snprintf(buffer, sizeof buffer, format, apr.periodic_rate, apr.nominal_annual_rate,
                apr.effective_annual_rate);
  return buffer;
}

int run_apr(const AprFlags& flags) {
  Result<FlowsFile> parsed = parse_flows_file(read_file(flags.flows_file));
  if (!parsed.ok()) throw CLI::ValidationError("--flows", parsed.error().message);
  Result<loan::AprResult> apr = loan::compute_apr(parsed.value().flows, parsed.value().unit);
  if (!apr.ok()) throw CLI::ValidationError("--flows", apr.error().message);
  const std::string text = apr_text(apr.value(), flags.json);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return kExitOk;
}

}  // namespace

void add_apr_command(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<AprFlags>();
  CLI::App* command = app.add_subcommand(
      "apr", "Annualised rate of actual cash flows (Regulation Z Appendix J, PBoC 2021 No. 3)");
  command->add_option("--flows", flags->flows_file, "JSON file of dated cash flows")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_flag("--json", flags->json, "Print one JSON object");
  command->callback([flags, exit_code] { *exit_code = run_apr(*flags); });
}

}  // namespace smecredit::cli
