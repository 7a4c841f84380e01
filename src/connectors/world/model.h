// The world's static model: reference tables (regions, GB/T 4754 sections,
// names), the enterprises and persons with their groups (guarantee circles,
// mutual guarantees, fraud rings, trade partners, shareholdings), and the
// monthly simulation of one enterprise. Internal to world/; world.h is the
// public entry point.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "connectors/world/world.h"

namespace smecredit::world {

enum class Kind : uint8_t { kSmall, kMicro, kIndividual };

struct Region {
  const char* code;  // GB/T 2260 administrative division
  const char* name;
};

struct Industry {
  char section;  // GB/T 4754-2017 section letter
  const char* label;
  const char* name_word;  // used in enterprise names
  int weight;             // share of SMEs, relative
  int cost_pct;           // purchases as a share of sales
  int pos_pct;            // sales channel split (the rest is bank transfer)
  int ecommerce_pct;
  int vat_rate_pct;                  // general taxpayers
  int kwh_per_10k_yuan;              // electricity intensity
  std::array<int, 12> seasonal_pct;  // January..December, mean about 100
};

const std::vector<Region>& regions();
const std::vector<Industry>& industries();
const char* kind_name(Kind kind);

struct Enterprise {
  Kind kind = Kind::kMicro;
  int32_t region = 0;
  int32_t industry = 0;
  int32_t founded_month = 0;  // months since year 0 (year * 12 + month - 1)
  int32_t founded_day = 1;
  double health_mean = 0;  // latent: long-run financial health
  double health_start = 0;
  double integrity = 0;       // latent: propensity to comply
  double scale_fen = 0;       // typical monthly sales before seasonality
  int32_t circle = -1;        // guarantee circle, or -1
  int32_t ring = -1;          // fraud ring, or -1
  int32_t contact_owner = 0;  // enterprise whose phone and address it uses
  int32_t legal_rep = 0;      // person index
  std::vector<std::pair<int32_t, int32_t>> person_shares;  // (person, basis points)
  int32_t parent = -1;                                     // enterprise shareholder, or -1
  int32_t parent_share_bp = 0;
  std::vector<int32_t> customers;  // trade partners inside the world
  int32_t declared_employees = 1;
  int64_t registered_capital_fen = 0;
  int32_t bookkeeping = 0;  // index into bookkeeping_names()
  int64_t financing_need_fen = 0;
  int32_t pos_pct = 0;
  int32_t ecommerce_pct = 0;
  int32_t invoiced_pct = 0;  // share of sales invoiced
  bool under_declares = false;
  bool inflates_revenue = false;
};

struct Person {
  std::string resident_id;
  std::string name;
  std::string phone;
  bool fabricated = false;
};

struct Guarantee {
  int32_t guarantor;
  int32_t borrower;
  int64_t amount_fen;
  const char* kind;  // "circle", "mutual", "single"
};

struct Population {
  std::vector<Enterprise> enterprises;
  std::vector<Person> persons;
  std::vector<Guarantee> guarantees;
  int32_t circles = 0;
  int32_t rings = 0;
  // Common latent shocks: macro[t], industry[i * months + t], circle[c * months + t].
  std::vector<double> macro;
  std::vector<double> industry_shock;
  std::vector<double> circle_shock;
};

const char* bookkeeping_name(int32_t index);

// Builds the population from the structure stream of options.seed.
Population build_population(const WorldOptions& options);

std::string enterprise_id(int64_t index);  // "E0000001"
std::string person_id(int64_t index);      // "P00000001"
std::string uscc_of(const Population& population, int64_t index);
std::string enterprise_name(const Population& population, int64_t index);
std::string enterprise_phone(int64_t index);
std::string enterprise_address(const Population& population, int64_t index);

// One enterprise-month of observables (absent: a missing month or before founding).
struct MonthRow {
  bool active = false;   // founded by this month
  bool missing = false;  // injected gap
  int64_t pos_fen = 0;
  int64_t ecommerce_fen = 0;
  int64_t transfer_fen = 0;
  int64_t purchases_fen = 0;
  int64_t issued_count = 0;
  int64_t issued_fen = 0;
  int64_t external_received_count = 0;
  int64_t external_received_fen = 0;
  int64_t tax_base_fen = 0;
  int32_t paid_pct = 100;
  int64_t electricity_kwh = 0;
  int64_t utilities_fen = 0;
  int64_t si_headcount = 0;
};

struct InvoiceEdge {
  int32_t buyer;
  int32_t month;  // offset from the start
  int64_t count;
  int64_t amount_fen;
  int64_t vat_fen;
};

struct Event {
  int32_t month;  // offset from the start
  int32_t day;
  std::string type;
  std::string fields;  // extra JSON members, each starting with ','
};

struct Simulation {
  std::vector<MonthRow> months;
  std::vector<InvoiceEdge> invoices;
  std::vector<Event> events;   // sorted by date
  int32_t default_month = -1;  // offset from the start, or -1
  int64_t last12_sales_fen = 0;
};

// The seed of enterprise `index`'s own stream.
uint64_t enterprise_stream_seed(const WorldOptions& options, int64_t index);

// Simulates enterprise `index` over options.months from its own stream.
Simulation simulate(const WorldOptions& options, const Population& population, int64_t index);

}  // namespace smecredit::world
