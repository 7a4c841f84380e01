#include "profile/features.h"

#include <cmath>
#include <functional>
#include <limits>

namespace smecredit::profile {
namespace {

constexpr int kHistoryMonths = 36;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr const char* kSeriesNames[kSeriesCount] = {
    "pos_sales",    "ecommerce_sales", "transfer_sales",    "inflows",
    "purchases",    "invoices_issued", "invoices_received", "tax_base",
    "vat_declared", "vat_paid",        "electricity",       "headcount"};
constexpr const char* kSeriesLabels[kSeriesCount] = {"POS sales (fen)",
                                                     "e-commerce sales (fen)",
                                                     "bank-transfer sales (fen)",
                                                     "all sales inflows (fen)",
                                                     "purchases (fen)",
                                                     "VAT invoices issued (fen)",
                                                     "VAT invoices received (fen)",
                                                     "declared VAT tax base (fen)",
                                                     "VAT declared (fen)",
                                                     "VAT paid (fen)",
                                                     "electricity (kWh)",
                                                     "social-insurance headcount"};
constexpr const char* kEventNames[kEventKindCount] = {
    "court_defendant", "court_plaintiff", "enforcement",      "dishonest_debtor",
    "penalty",         "equity_freeze",   "legal_rep_change", "shareholder_change"};

// The history laid out by months back from the as-of month (k = 0 is the
// as-of month); nothing later exists here.
struct Window {
  std::array<std::array<double, kHistoryMonths>, kSeriesCount> value{};
  std::array<bool, kHistoryMonths> present{};
  const EnterpriseHistory* history = nullptr;
  int32_t as_of = 0;
};

Window layout(const EnterpriseHistory& history, int32_t as_of) {
  Window w;
  w.history = &history;
  w.as_of = as_of;
  for (const MonthValues& m : history.months) {
    const int32_t back = as_of - m.month_index;
    if (back < 0 || back >= kHistoryMonths || w.present[static_cast<size_t>(back)]) continue;
    w.present[static_cast<size_t>(back)] = true;
    for (int s = 0; s < kSeriesCount; ++s) {
      w.value[static_cast<size_t>(s)][static_cast<size_t>(back)] =
          static_cast<double>(m.values[static_cast<size_t>(s)]);
    }
  }
  return w;
}

double mean(const Window& w, int s, int from, int to) {
  double sum = 0;
  int n = 0;
  for (int k = from; k < to; ++k) {
    if (!w.present[static_cast<size_t>(k)]) continue;
    sum += w.value[static_cast<size_t>(s)][static_cast<size_t>(k)];
    ++n;
  }
  return n == 0 ? kNaN : sum / n;
}

double ratio(double a, double b) {
  return (std::isnan(a) || std::isnan(b) || b == 0) ? kNaN : a / b;
}

double growth(const Window& w, int s, int months) {
  return ratio(mean(w, s, 0, months) - mean(w, s, months, 2 * months),
               mean(w, s, months, 2 * months));
}

double coefficient_of_variation(const Window& w, int s, int months) {
  const double m = mean(w, s, 0, months);
  double squares = 0;
  int n = 0;
  for (int k = 0; k < months; ++k) {
    if (!w.present[static_cast<size_t>(k)]) continue;
    const double d = w.value[static_cast<size_t>(s)][static_cast<size_t>(k)] - m;
    squares += d * d;
    ++n;
  }
  return n < 2 ? kNaN : ratio(std::sqrt(squares / (n - 1)), m);
}

// Last three months against the same three months a year earlier: growth
// with the seasonal pattern removed.
double year_on_year(const Window& w, int s) {
  return ratio(mean(w, s, 0, 3) - mean(w, s, 12, 15), mean(w, s, 12, 15));
}

// Least-squares slope over the last twelve months, as a share of the mean per month.
double trend(const Window& w, int s) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  int n = 0;
  for (int k = 0; k < 12; ++k) {
    if (!w.present[static_cast<size_t>(k)]) continue;
    const double x = -k;
    const double y = w.value[static_cast<size_t>(s)][static_cast<size_t>(k)];
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
    ++n;
  }
  if (n < 3) return kNaN;
  const double slope = ratio(n * sxy - sx * sy, n * sxx - sx * sx);
  return ratio(slope, sy / n);
}

double zero_months(const Window& w, int s) {
  int zeros = 0;
  for (int k = 0; k < 12; ++k) {
    zeros += w.present[static_cast<size_t>(k)] &&
             w.value[static_cast<size_t>(s)][static_cast<size_t>(k)] == 0;
  }
  return zeros;
}

double events_in(const Window& w, EventKind kind, int months) {
  int count = 0;
  for (const DatedEvent& e : w.history->events) {
    const int32_t back = w.as_of - e.month_index;
    count += e.kind == kind && back >= 0 && back < months;
  }
  return count;
}

double event_amount_in(const Window& w, EventKind kind, int months) {
  double sum = 0;
  for (const DatedEvent& e : w.history->events) {
    const int32_t back = w.as_of - e.month_index;
    if (e.kind == kind && back >= 0 && back < months) sum += static_cast<double>(e.amount_fen);
  }
  return sum;
}

double months_reported(const Window& w, int months) {
  int n = 0;
  for (int k = 0; k < months; ++k) n += w.present[static_cast<size_t>(k)];
  return n;
}

int s_of(Series s) {
  return static_cast<int>(s);
}

struct Spec {
  FeatureInfo info;
  std::function<double(const Window&)> compute;
};

void add_series_specs(std::vector<Spec>& specs) {
  for (int s = 0; s < kSeriesCount; ++s) {
    const std::string name = kSeriesNames[s];
    const std::string label = kSeriesLabels[s];
    for (int months : {3, 6, 12}) {
      specs.push_back(
          {{name + "_mean_" + std::to_string(months) + "m",
            "mean monthly " + label + " over the last " + std::to_string(months) + " months"},
           [s, months](const Window& w) { return mean(w, s, 0, months); }});
    }
    for (int months : {3, 6, 12}) {
      specs.push_back(
          {{name + "_growth_" + std::to_string(months) + "m",
            "growth of " + label + ": the last " + std::to_string(months) +
                " months' mean over the " + std::to_string(months) + " before, minus 1"},
           [s, months](const Window& w) { return growth(w, s, months); }});
    }
    for (int months : {6, 12}) {
      specs.push_back(
          {{name + "_cv_" + std::to_string(months) + "m", "volatility of " + label +
                                                              ": coefficient of variation over " +
                                                              std::to_string(months) + " months"},
           [s, months](const Window& w) { return coefficient_of_variation(w, s, months); }});
    }
    specs.push_back(
        {{name + "_yoy_3m", "seasonally adjusted growth of " + label +
                                ": last 3 months over the same 3 months a year earlier, minus 1"},
         [s](const Window& w) { return year_on_year(w, s); }});
    specs.push_back(
        {{name + "_trend_12m",
          "trend of " + label + ": least-squares slope over 12 months as a share of the mean"},
         [s](const Window& w) { return trend(w, s); }});
    specs.push_back(
        {{name + "_zero_months_12m", "months with zero " + label + " among the last 12 reported"},
         [s](const Window& w) { return zero_months(w, s); }});
  }
}

void add_ratio_specs(std::vector<Spec>& specs) {
  const auto r12 = [](Series a, Series b) {
    return
        [a, b](const Window& w) { return ratio(mean(w, s_of(a), 0, 12), mean(w, s_of(b), 0, 12)); };
  };
  specs.push_back({{"vat_paid_to_declared_12m", "VAT paid over VAT declared, last 12 months"},
                   r12(Series::kVatPaid, Series::kVatDeclared)});
  specs.push_back(
      {{"tax_base_to_invoices_12m", "declared tax base over invoices issued, last 12 months"},
       r12(Series::kTaxBase, Series::kInvoicesIssued)});
  specs.push_back(
      {{"invoices_to_inflows_12m", "invoices issued over sales inflows, last 12 months"},
       r12(Series::kInvoicesIssued, Series::kInflows)});
  specs.push_back(
      {{"purchases_to_sales_12m", "purchases over sales inflows (cost ratio), last 12 months"},
       r12(Series::kPurchases, Series::kInflows)});
  specs.push_back(
      {{"received_to_issued_12m", "invoices received over invoices issued, last 12 months"},
       r12(Series::kInvoicesReceived, Series::kInvoicesIssued)});
  specs.push_back({{"ecommerce_share_12m", "e-commerce share of sales inflows, last 12 months"},
                   r12(Series::kEcommerceSales, Series::kInflows)});
  specs.push_back({{"pos_share_12m", "POS share of sales inflows, last 12 months"},
                   r12(Series::kPosSales, Series::kInflows)});
  specs.push_back({{"transfer_share_12m", "bank-transfer share of sales inflows, last 12 months"},
                   r12(Series::kTransferSales, Series::kInflows)});
  specs.push_back({{"electricity_per_sales_12m", "kWh per fen of sales inflows, last 12 months"},
                   r12(Series::kElectricity, Series::kInflows)});
  specs.push_back({{"sales_per_insured_head_12m",
                    "sales inflows per insured employee and month, last 12 months"},
                   r12(Series::kInflows, Series::kHeadcount)});
  specs.push_back({{"insured_to_declared_employees_12m",
                    "insured headcount over declared employees, last 12 months"},
                   [](const Window& w) {
                     return ratio(mean(w, s_of(Series::kHeadcount), 0, 12),
                                  static_cast<double>(w.history->declared_employees));
                   }});
  specs.push_back({{"declared_revenue_to_inflows",
                    "self-declared annual revenue over 12 x mean monthly inflows"},
                   [](const Window& w) {
                     if (w.history->self_declared_month_index > w.as_of) return kNaN;
                     return ratio(static_cast<double>(w.history->self_declared_annual_revenue_fen),
                                  12 * mean(w, s_of(Series::kInflows), 0, 12));
                   }});
}

void add_event_specs(std::vector<Spec>& specs) {
  for (int e = 0; e < kEventKindCount; ++e) {
    const EventKind kind = static_cast<EventKind>(e);
    for (int months : {3, 12, 36}) {
      specs.push_back({{std::string(kEventNames[e]) + "_count_" + std::to_string(months) + "m",
                        std::string("number of ") + kEventNames[e] + " events in the last " +
                            std::to_string(months) + " months"},
                       [kind, months](const Window& w) { return events_in(w, kind, months); }});
    }
  }
  for (EventKind kind :
       {EventKind::kCourtDefendant, EventKind::kEnforcement, EventKind::kPenalty}) {
    const std::string name = kEventNames[static_cast<int>(kind)];
    specs.push_back(
        {{name + "_amount_36m", "amount (fen) of " + name + " events in the last 36 months"},
         [kind](const Window& w) { return event_amount_in(w, kind, 36); }});
  }
}

void add_graph_and_static_specs(std::vector<Spec>& specs) {
  const auto fact = [](int64_t GraphFacts::*field) {
    return [field](const Window& w) { return static_cast<double>(w.history->graph.*field); };
  };
  specs.push_back(
      {{"guarantee_circle_size", "members of the guarantee circle it belongs to (0: none)"},
       fact(&GraphFacts::circle_size)});
  specs.push_back({{"mutual_guarantees", "enterprises it guarantees and that guarantee it"},
                   fact(&GraphFacts::mutual_guarantees)});
  specs.push_back(
      {{"guarantees_given", "guarantees it gives"}, fact(&GraphFacts::guarantees_given)});
  specs.push_back(
      {{"guarantees_received", "guarantees it receives"}, fact(&GraphFacts::guarantees_received)});
  specs.push_back({{"guarantee_chain_length", "longest guarantee chain leaving it"},
                   fact(&GraphFacts::chain_length)});
  specs.push_back(
      {{"distance_to_blacklisted", "hops to the nearest defaulted or blacklisted party (-1: none)"},
       fact(&GraphFacts::distance_to_blacklisted)});
  specs.push_back({{"shared_contact_cluster_size",
                    "enterprises sharing a phone or address with it, itself included"},
                   fact(&GraphFacts::shared_contact_cluster_size)});
  specs.push_back(
      {{"trade_partners", "trade partners inside the data"}, fact(&GraphFacts::trade_partners)});
  specs.push_back({{"age_months", "months since founding"}, [](const Window& w) {
                     return static_cast<double>(w.as_of - w.history->founded_month_index);
                   }});
  specs.push_back({{"registered_capital_fen", "registered capital (fen)"}, [](const Window& w) {
                     return static_cast<double>(w.history->registered_capital_fen);
                   }});
  specs.push_back(
      {{"declared_employees", "employees declared at registration"},
       [](const Window& w) { return static_cast<double>(w.history->declared_employees); }});
  for (int months : {12, 36}) {
    specs.push_back({{"months_reported_" + std::to_string(months) + "m",
                      "months with data among the last " + std::to_string(months)},
                     [months](const Window& w) { return months_reported(w, months); }});
  }
}

const std::vector<Spec>& specs() {
  static const std::vector<Spec> kSpecs = [] {
    std::vector<Spec> all;
    add_series_specs(all);
    add_ratio_specs(all);
    add_event_specs(all);
    add_graph_and_static_specs(all);
    return all;
  }();
  return kSpecs;
}

}  // namespace

const std::vector<FeatureInfo>& feature_catalogue() {
  static const std::vector<FeatureInfo> kCatalogue = [] {
    std::vector<FeatureInfo> infos;
    for (const Spec& spec : specs()) infos.push_back(spec.info);
    return infos;
  }();
  return kCatalogue;
}

std::vector<double> compute_features(const EnterpriseHistory& history, int32_t as_of_month_index) {
  const Window window = layout(history, as_of_month_index);
  std::vector<double> values;
  values.reserve(specs().size());
  for (const Spec& spec : specs()) values.push_back(spec.compute(window));
  return values;
}

std::string feature_catalogue_markdown() {
  std::string text = "| # | name | meaning |\n| --- | --- | --- |\n";
  int number = 0;
  for (const FeatureInfo& info : feature_catalogue()) {
    text +=
        "| " + std::to_string(++number) + " | `" + info.name + "` | " + info.description + " |\n";
  }
  return text;
}

}  // namespace smecredit::profile
