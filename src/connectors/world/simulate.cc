// The monthly simulation of one enterprise: the latent health process, the
// default hazard, the observables it drives, and the events. docs/world.md
// states the equations; the constants below are those in the document.
#include <algorithm>
#include <cmath>
#include <string>

#include "connectors/world/model.h"
#include "connectors/world/prng.h"

namespace smecredit::world {
namespace {

constexpr double kHealthPersistence = 0.92;
constexpr double kHealthNoise = 0.25;
constexpr double kMacroLoading = 0.15;
constexpr double kIndustryLoading = 0.20;
constexpr double kCircleLoading = 0.30;
constexpr double kBaseLogit = -6.3;
constexpr double kHealthLogit = -1.1;
constexpr double kIntegrityLogit = -0.5;
constexpr double kRingLogit = 1.2;
constexpr double kYoungLogit = 0.4;

constexpr const char* kCauses[] = {"contract_dispute", "loan_dispute", "sales_dispute",
                                   "labour_dispute", "lease_dispute"};
constexpr const char* kAuthorities[] = {"tax", "market_regulation", "environment", "fire_safety",
                                        "emergency_management"};

int64_t to_fen(double amount_fen) {
  return amount_fen <= 0 ? 0 : std::llround(amount_fen);
}

std::string amount_field(int64_t amount_fen) {
  return ",\"amount_fen\":" + std::to_string(amount_fen);
}

struct Context {
  const WorldOptions& options;
  const Population& population;
  const Enterprise& e;
  const Industry& industry;
  int64_t index;
  Rng rng;
  Simulation sim;
  int32_t cases = 0;
};

void add_event(Context& c, int32_t month, std::string type, std::string fields) {
  if (month >= c.options.months) return;
  const int32_t day = static_cast<int32_t>(c.rng.between(1, 28));
  c.sim.events.push_back({month, day, std::move(type), std::move(fields)});
}

// A court case and its later stages, each dated; a defendant that loses
// while weak may be enforced against.
void add_court_case(Context& c, int32_t month, const char* role, bool weak) {
  const std::string case_id = "C" + std::to_string(c.index + 1) + "-" + std::to_string(++c.cases);
  const int64_t amount_fen =
      to_fen(c.e.scale_fen * static_cast<double>(c.rng.between(10, 300)) / 100.0);
  const std::string common = ",\"case_id\":\"" + case_id + "\",\"role\":\"" + role +
                             "\",\"cause\":\"" + kCauses[c.rng.below(std::size(kCauses))] + "\"" +
                             amount_field(amount_fen);
  add_event(c, month, "court_case", common + ",\"stage\":\"filed\"");
  const int32_t judgment = month + static_cast<int32_t>(c.rng.between(2, 6));
  add_event(c, judgment, "court_case", common + ",\"stage\":\"judgment\"");
  const int32_t closed = judgment + static_cast<int32_t>(c.rng.between(1, 4));
  const bool enforced = weak && std::string_view(role) == "defendant" && c.rng.chance(0.5);
  if (enforced) {
    add_event(c, closed, "enforcement",
              ",\"case_id\":\"" + case_id + "\"" + amount_field(amount_fen));
  }
  add_event(c, closed, "court_case", common + ",\"stage\":\"closed\"");
}

void add_default_aftermath(Context& c, int32_t t) {
  if (c.rng.chance(0.7))
    add_court_case(c, t + static_cast<int32_t>(c.rng.between(1, 3)), "defendant", true);
  const int64_t debt_fen =
      to_fen(c.e.scale_fen * static_cast<double>(c.rng.between(50, 400)) / 100.0);
  if (c.rng.chance(0.6)) {
    add_event(c, t + static_cast<int32_t>(c.rng.between(3, 8)), "enforcement",
              ",\"case_id\":\"X" + std::to_string(c.index + 1) + "\"" + amount_field(debt_fen));
  }
  if (c.rng.chance(0.4)) {
    add_event(c, t + static_cast<int32_t>(c.rng.between(6, 12)), "dishonest_debtor",
              amount_field(debt_fen));
  }
  if (c.rng.chance(0.3)) {
    add_event(c, t + static_cast<int32_t>(c.rng.between(2, 6)), "equity_freeze",
              amount_field(c.e.registered_capital_fen / 2));
  }
}

void add_monthly_events(Context& c, int32_t t, double health, bool defaulted) {
  if (c.rng.chance(0.002 * det_exp(-0.8 * health))) add_court_case(c, t, "defendant", health < -1);
  if (c.rng.chance(0.001)) add_court_case(c, t, "plaintiff", false);
  if (c.rng.chance(0.002 * det_exp(-0.7 * c.e.integrity))) {
    const int64_t fine_fen = c.rng.between(1000, 50000) * 100;
    add_event(c, t, "administrative_penalty",
              std::string(",\"authority\":\"") +
                  kAuthorities[c.rng.below(std::size(kAuthorities))] + "\"" +
                  amount_field(fine_fen));
  }
  const double change_p = (health < -1.5 || defaulted) ? 0.02 : 0.001;
  if (c.rng.chance(change_p)) add_event(c, t, "legal_rep_change", "");
  if (c.rng.chance(change_p)) add_event(c, t, "shareholder_change", "");
}

// Activity after a default falls by 45% a month, to a floor of 5%.
double decline_after_default(int32_t default_month, int32_t t) {
  if (default_month < 0) return 1.0;
  double factor = 1.0;
  for (int32_t m = default_month; m <= t && factor > 0.05; ++m) factor *= 0.55;
  return std::max(0.05, factor);
}

double social_insurance_coverage(Kind kind) {
  switch (kind) {
    case Kind::kSmall:
      return 0.8;
    case Kind::kMicro:
      return 0.6;
    case Kind::kIndividual:
      return 0.2;
  }
  return 0.6;
}

int64_t ticket_fen(Kind kind) {
  return kind == Kind::kSmall ? 2'000'000 : 500'000;
}

void add_invoices(Context& c, int32_t t, MonthRow& row) {
  const int32_t vat_pct = c.e.kind == Kind::kSmall ? c.industry.vat_rate_pct : 1;
  int64_t in_world_fen = 0;
  if (!c.e.customers.empty()) {
    const int64_t share_fen =
        row.issued_fen * 40 / 100 / static_cast<int64_t>(c.e.customers.size());
    for (const int32_t buyer : c.e.customers) {
      if (share_fen <= 0) break;
      const int64_t count = std::max<int64_t>(1, share_fen / ticket_fen(c.e.kind));
      c.sim.invoices.push_back({buyer, t, count, share_fen, share_fen * vat_pct / 100});
      row.issued_count += count;
      in_world_fen += share_fen;
    }
  }
  const int64_t external_fen = row.issued_fen - in_world_fen;
  if (external_fen > 0)
    row.issued_count += std::max<int64_t>(1, external_fen / ticket_fen(c.e.kind));
}

void fill_month(Context& c, int32_t t, double health, int32_t age_months) {
  MonthRow& row = c.sim.months[static_cast<size_t>(t)];
  row.active = true;
  const int32_t calendar_month = (c.options.start_month - 1 + t) % 12;
  const double seasonal = c.industry.seasonal_pct[static_cast<size_t>(calendar_month)] / 100.0;
  const double ramp = age_months < 6 ? (age_months + 1) / 7.0 : 1.0;
  const double decline = decline_after_default(c.sim.default_month, t);
  const double sales_fen =
      c.e.scale_fen * seasonal * ramp * decline * det_exp(0.15 * health + 0.1 * c.rng.normal());
  const int64_t sales = to_fen(sales_fen);
  row.pos_fen = sales * c.e.pos_pct / 100;
  row.ecommerce_fen = sales * c.e.ecommerce_pct / 100;
  row.transfer_fen = sales - row.pos_fen - row.ecommerce_fen;
  row.purchases_fen =
      to_fen(sales_fen * c.industry.cost_pct / 100.0 * det_exp(0.08 * c.rng.normal()));
  row.issued_fen = sales * c.e.invoiced_pct / 100;
  add_invoices(c, t, row);
  row.external_received_fen = row.purchases_fen * c.e.invoiced_pct / 100 * 6 / 10;
  row.external_received_count =
      row.external_received_fen > 0
          ? std::max<int64_t>(1, row.external_received_fen / ticket_fen(c.e.kind))
          : 0;
  row.tax_base_fen =
      c.e.under_declares ? row.issued_fen * c.rng.between(30, 70) / 100 : row.issued_fen;
  const bool distressed = health < -1.2 || c.sim.default_month >= 0;
  row.paid_pct = distressed ? static_cast<int32_t>(c.rng.between(0, 80)) : 100;
  const double kwh =
      sales_fen / 100.0 * c.industry.kwh_per_10k_yuan / 10000.0 * det_exp(0.05 * c.rng.normal());
  row.electricity_kwh = to_fen(kwh);
  row.utilities_fen = row.electricity_kwh * 85 + 5000;
  const double staff = c.e.declared_employees * social_insurance_coverage(c.e.kind) *
                       std::clamp(1.0 + 0.1 * health, 0.5, 1.2) * decline;
  row.si_headcount = std::llround(staff);
  row.missing = static_cast<int64_t>(c.rng.below(10000)) < c.options.quality.missing_month_bp;
  if (t + 12 >= c.options.months) c.sim.last12_sales_fen += sales;
}

double step_health(Context& c, int32_t t, double health) {
  const size_t months = static_cast<size_t>(c.options.months);
  const size_t tt = static_cast<size_t>(t);
  double next = kHealthPersistence * health + (1 - kHealthPersistence) * c.e.health_mean +
                kHealthNoise * c.rng.normal() + kMacroLoading * c.population.macro[tt] +
                kIndustryLoading *
                    c.population.industry_shock[static_cast<size_t>(c.e.industry) * months + tt];
  if (c.e.circle >= 0) {
    next +=
        kCircleLoading * c.population.circle_shock[static_cast<size_t>(c.e.circle) * months + tt];
  }
  return next;
}

double default_logit(const Enterprise& e, double health, int32_t age_months) {
  return kBaseLogit + kHealthLogit * health + kIntegrityLogit * e.integrity +
         (e.ring >= 0 ? kRingLogit : 0.0) + (age_months < 12 ? kYoungLogit : 0.0);
}

}  // namespace

Simulation simulate(const WorldOptions& options, const Population& population, int64_t index) {
  const Enterprise& e = population.enterprises[static_cast<size_t>(index)];
  Context c{options, population,
            e,       industries()[static_cast<size_t>(e.industry)],
            index,   Rng(enterprise_stream_seed(options, index)),
            {},      0};
  c.sim.months.resize(static_cast<size_t>(options.months));
  const int32_t start = options.start_year * 12 + options.start_month - 1;
  double health = e.health_start;
  for (int32_t t = 0; t < options.months; ++t) {
    const int32_t age_months = start + t - e.founded_month;
    if (age_months < 0) continue;
    health = step_health(c, t, health);
    if (c.sim.default_month < 0 && c.rng.chance(logistic(default_logit(e, health, age_months)))) {
      c.sim.default_month = t;
      add_default_aftermath(c, t);
    }
    fill_month(c, t, health, age_months);
    add_monthly_events(c, t, health, c.sim.default_month >= 0);
  }
  std::stable_sort(c.sim.events.begin(), c.sim.events.end(), [](const Event& a, const Event& b) {
    return a.month != b.month ? a.month < b.month : a.day < b.day;
  });
  return std::move(c.sim);
}

}  // namespace smecredit::world
