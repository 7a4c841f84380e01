// The synthetic SME world: a deterministic generator of the data external
// providers would hold about small and micro enterprises (registration,
// owners, monthly operations, VAT invoices, tax, utilities, social
// insurance, court and penalty events, relationships), driven by a documented
// latent default process with a ground-truth default flag per window.
//
// Contract:
//   * Same options (seed, sizes, rates, start month) => byte-identical files,
//     whatever the number of threads. Every enterprise draws from its own
//     stream (prng.h); chunks are written in enterprise order.
//   * Money is integer fen; no double is ever written.
//   * Unified social credit codes and resident identity numbers carry valid
//     check characters (core/registry_codes.h), except the fabricated
//     identities injected on purpose and listed in quality.csv.
//   * The files, their columns and the latent model are described in the
//     README.md written into the output directory and in docs/world.md.
//
// Example:
//   WorldOptions options;
//   options.enterprises = 1000;
//   options.out_dir = "/tmp/world";
//   Result<WorldSummary> summary = generate_world(options);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace smecredit::world {

// Rates of injected data-quality problems, in basis points (1/10,000).
struct QualityRates {
  int64_t missing_month_bp = 200;         // an enterprise-month row omitted
  int64_t invoice_tax_mismatch_bp = 300;  // enterprises under-declaring the tax base
  int64_t inflated_revenue_bp = 500;      // enterprises inflating self-declared revenue
  int64_t fabricated_identity_bp = 3000;  // fraud-ring legal representatives
};

struct WorldOptions {
  int64_t enterprises = 1000;  // 1 .. 10,000,000
  int months = 36;             // 1 .. 240
  uint64_t seed = 1;
  int start_year = 2023;  // the first month of the series
  int start_month = 1;    // 1..12
  std::string out_dir;
  int threads = 0;  // 0: the machine's cores (capped at 16); output never depends on it
  QualityRates quality;
};

struct FileSummary {
  std::string name;
  int64_t rows = 0;
  int64_t bytes = 0;
};

struct WorldSummary {
  int64_t enterprises = 0;
  int64_t persons = 0;
  int months = 0;
  int64_t defaults = 0;  // enterprises that default within the horizon
  std::vector<FileSummary> files;
};

// Checks the options (kInvalidArgument saying which one is out of range).
Status validate_options(const WorldOptions& options);

// Writes the world into options.out_dir (created if absent; existing files of
// the same names are replaced). kInvalidArgument for bad options,
// kUnavailable when a file cannot be written.
Result<WorldSummary> generate_world(const WorldOptions& options);

}  // namespace smecredit::world
