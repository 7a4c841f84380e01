// `smecredit report --enterprise ID [--db FILE] [--format json|html]`: the
// enterprise's digital credit report from the provider data last pulled for
// it (underwriting/report_routes.h; the same as GET
// /v1/enterprises/{id}/credit-report), printed on stdout. Exit 1 when the
// enterprise is unknown or no data has been pulled.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/open_store.h"
#include "cli/system_clock.h"
#include "core/business_date.h"
#include "underwriting/policy_underwriter.h"
#include "underwriting/report_routes.h"

namespace smecredit::cli {

namespace {

struct ReportFlags {
  std::string enterprise_id;
  std::string db_path = "var/smecredit.db";
  std::string format = "json";
};

int run_report(const ReportFlags& flags) {
  const auto fail = [](const Error& e) {
    std::fprintf(stderr, "smecredit report: %s\n", e.to_string().c_str());
    return kExitFailure;
  };
  const SystemClock clock;
  auto opened = open_migrated_store({.path = flags.db_path}, clock.now());
  if (!opened.ok()) return fail(opened.error());
  store::Store& store = *opened.value().store;
  std::string uscc;
  const Status found =
      store.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(store::Rows rows, tx.query("SELECT uscc FROM enterprises WHERE id = ?",
                                                       {flags.enterprise_id}));
        if (rows.empty()) return Error{ErrorCode::kNotFound, "no such enterprise"};
        uscc = rows[0].text(0);
        return ok_status();
      });
  if (!found.ok()) return fail(found.error());
  // As the server would: with the graph over every enterprise held.
  auto graph = underwriting::load_platform_graph(store, nullptr);
  if (!graph.ok()) return fail(graph.error());
  const auto report = underwriting::credit_report(store, uscc, flags.enterprise_id, flags.format,
                                                  business_date(clock.now()), &graph.value());
  if (!report.ok()) return fail(report.error());
  std::printf("%s\n", report.value().c_str());
  return kExitOk;
}

}  // namespace

void add_report_command(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ReportFlags>();
  CLI::App* report = app.add_subcommand("report", "An enterprise's digital credit report");
  report->add_option("--enterprise", flags->enterprise_id, "Enterprise id (ent_…)")->required();
  report->add_option("--db", flags->db_path, "SQLite database");
  report->add_option("--format", flags->format, "json or html")
      ->check(CLI::IsMember({"json", "html"}));
  report->callback([flags, exit_code] { *exit_code = run_report(*flags); });
}

}  // namespace smecredit::cli
