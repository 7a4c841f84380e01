// `smecredit schedule`: print a repayment schedule (src/loan/schedule.h).
// Other tools depend on its flags and JSON, which are fixed by issue 3.
#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "api/json.h"
#include "cli/commands.h"
#include "loan/calendar.h"
#include "loan/schedule.h"

namespace smecredit::cli {

namespace {

struct ScheduleFlags {
  std::string principal;
  std::string annual_rate;
  int periods = 0;
  std::string frequency = "monthly";
  std::string start;
  std::string first_due;
  std::string method = "equal-installment";
  std::string interest = "per-period";
  int days_in_year = 365;
  std::string day_count;  // overrides days_in_year when given
  std::string rounding = "half-even";
  int64_t installment_multiple = 0;
  int grace_principal = 0;
  int grace_interest = 0;
  std::string calendar_file;
  bool json = false;
};

// Bad input is a usage error: CLI11 prints it and main() exits with 2.
template <class T>
T or_usage_error(Result<T> result, const std::string& flag) {
  if (!result.ok()) throw CLI::ValidationError(flag, result.error().message);
  return std::move(result).value();
}

loan::ScheduleTerms terms_from(const ScheduleFlags& flags) {
  loan::ScheduleTerms terms;
  terms.principal = or_usage_error(Money::parse(flags.principal, kCny), "--principal");
  terms.annual_rate_percent = or_usage_error(Decimal::parse(flags.annual_rate), "--annual-rate");
  terms.installments = flags.periods;
  terms.frequency = or_usage_error(loan::parse_frequency(flags.frequency), "--frequency");
  terms.start = or_usage_error(parse_date(flags.start), "--start");
  terms.first_due = or_usage_error(parse_date(flags.first_due), "--first-due");
  terms.method = or_usage_error(loan::parse_repayment_method(flags.method), "--method");
  terms.interest = or_usage_error(loan::parse_interest_method(flags.interest), "--interest");
  terms.day_count =
      flags.day_count.empty()
          ? or_usage_error(loan::day_count_from_days_in_year(flags.days_in_year), "--days-in-year")
          : or_usage_error(loan::parse_day_count(flags.day_count), "--day-count");
  terms.rounding = or_usage_error(parse_rounding(flags.rounding), "--rounding");
  terms.installment_multiple = flags.installment_multiple;
  terms.grace_principal = flags.grace_principal;
  terms.grace_interest = flags.grace_interest;
  terms.fee_per_installment = Money::zero(kCny);
  return terms;
}

std::optional<loan::BusinessCalendar> load_calendar(const std::string& path) {
  if (path.empty()) return std::nullopt;
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  if (!file) throw CLI::ValidationError("--calendar", "cannot read " + path);
  return or_usage_error(loan::parse_business_calendar(text.str()), "--calendar");
}

void write_money(api::JsonWriter& writer, const char* key, const Money& amount) {
  writer.Key(key);
  writer.String(amount.to_string());
}

std::string schedule_json(const loan::Schedule& schedule) {
  api::JsonBuffer buffer;
  api::JsonWriter writer(buffer);
  writer.StartObject();
  writer.Key("installments");
  writer.StartArray();
  for (const loan::Installment& row : schedule.installments) {
    writer.StartObject();
    writer.Key("number");
    writer.Int(row.number);
    writer.Key("due_date");
    writer.String(format_date(row.due_date));
    writer.Key("days");
    writer.Int64(row.days);
    write_money(writer, "principal", row.principal);
    write_money(writer, "interest", row.interest);
    write_money(writer, "fees", row.fees);
    write_money(writer, "total", row.total);
    write_money(writer, "balance", row.balance);
    writer.EndObject();
  }
  writer.EndArray();
  write_money(writer, "total_principal", schedule.total_principal);
  write_money(writer, "total_interest", schedule.total_interest);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

using TableRow = std::array<std::string, 8>;

std::string schedule_table(const loan::Schedule& schedule) {
  std::vector<TableRow> rows{
      {"#", "due_date", "days", "principal", "interest", "fees", "total", "balance"}};
  for (const loan::Installment& row : schedule.installments) {
    rows.push_back({std::to_string(row.number), format_date(row.due_date), std::to_string(row.days),
                    row.principal.to_string(), row.interest.to_string(), row.fees.to_string(),
                    row.total.to_string(), row.balance.to_string()});
  }
  rows.push_back({"total", "", "", schedule.total_principal.to_string(),
                  schedule.total_interest.to_string(), schedule.total_fees.to_string(), "", ""});
  std::array<size_t, 8> widths{};
  for (const TableRow& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  std::string out;
  for (const TableRow& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      if (c > 0) out += "  ";
      out += std::string(widths[c] - row[c].size(), ' ') + row[c];
    }
    out.erase(out.find_last_not_of(' ') + 1);
    out += "\n";
  }
  return out;
}

int run_schedule(const ScheduleFlags& flags) {
  const loan::ScheduleTerms terms = terms_from(flags);
  const std::optional<loan::BusinessCalendar> calendar = load_calendar(flags.calendar_file);
  const loan::Schedule schedule = or_usage_error(
      loan::generate_schedule(terms, calendar ? &*calendar : nullptr), "schedule terms");
  const std::string text = flags.json ? schedule_json(schedule) : schedule_table(schedule);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return kExitOk;
}

}  // namespace

void add_schedule_command(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ScheduleFlags>();
  CLI::App* command =
      app.add_subcommand("schedule", "Print the repayment schedule of a loan's terms");
  command->add_option("--principal", flags->principal, "Amount lent, e.g. 5000.00")->required();
  command->add_option("--annual-rate", flags->annual_rate, "Annual rate in percent, e.g. 12")
      ->required();
  command->add_option("--periods", flags->periods, "Number of installments")->required();
  command->add_option("--frequency", flags->frequency,
                      "monthly, quarterly, bi-weekly, weekly or daily");
  command->add_option("--start", flags->start, "Disbursement date YYYY-MM-DD")->required();
  command->add_option("--first-due", flags->first_due, "First due date YYYY-MM-DD")->required();
  command->add_option("--method", flags->method,
                      "equal-installment, equal-principal, flat, interest-first or bullet");
  command->add_option("--interest", flags->interest, "per-period or daily");
  command->add_option("--days-in-year", flags->days_in_year, "360 or 365 (ACT/360, ACT/365F)");
  command->add_option("--day-count", flags->day_count,
                      "ACT/365F, ACT/360 or ACT/ACT; overrides --days-in-year");
  command->add_option("--rounding", flags->rounding, "half-even or half-up (down, up)");
  command->add_option("--installment-multiple", flags->installment_multiple,
                      "Round installments to this many yuan; 0 = to the fen");
  command->add_option("--grace-principal", flags->grace_principal,
                      "First N installments pay interest only");
  command->add_option("--grace-interest", flags->grace_interest,
                      "First N installments defer their interest to installment N+1");
  command
      ->add_option("--calendar", flags->calendar_file,
                   "Business calendar file (docs/loan-schedules.md)")
      ->check(CLI::ExistingFile);
  command->add_flag("--json", flags->json, "Print one JSON object");
  command->callback([flags, exit_code] { *exit_code = run_schedule(*flags); });
}

}  // namespace smecredit::cli
