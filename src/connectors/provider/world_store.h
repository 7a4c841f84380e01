// WorldStore: a generated world (docs/world.md) loaded read-only into memory
// and indexed by enterprise, for the provider simulator.
//
// The files are held as loaded text; indexes map an enterprise id to its rows
// (views into that text). Ground truth (defaults.csv, latent.csv,
// quality.csv) is never loaded: a provider does not know it.
//
// Thread-safety: immutable after load(); safe to share between threads.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace smecredit::connectors {

// One CSV file: its column names and rows indexed by one or two key columns.
class CsvTable {
 public:
  const std::vector<std::string>& columns() const { return columns_; }
  // Rows whose key column equals `key`, in file order.
  const std::vector<std::string_view>& rows(std::string_view key) const;

 private:
  friend class WorldStore;
  std::string text_;
  std::vector<std::string> columns_;
  std::unordered_map<std::string_view, std::vector<std::string_view>> index_;
};

class WorldStore {
 public:
  // Loads the world in `dir`; kNotFound / kInvalidArgument say which file is
  // missing or malformed.
  static Result<std::unique_ptr<WorldStore>> load(const std::string& dir);

  bool has_enterprise(std::string_view id) const { return !enterprises_.rows(id).empty(); }
  // The world's enterprise id for an enterprise id or a unified social
  // credit code (how real providers key companies); empty when unknown.
  std::string_view resolve(std::string_view id_or_uscc) const;
  const CsvTable& enterprises() const { return enterprises_; }
  const CsvTable& persons() const { return persons_; }
  const CsvTable& shareholdings() const { return shareholdings_; }
  const CsvTable& monthly() const { return monthly_; }
  const CsvTable& invoices_by_seller() const { return invoices_by_seller_; }
  const CsvTable& invoices_by_buyer() const { return invoices_by_buyer_; }
  const CsvTable& relationships_from() const { return relationships_from_; }
  const CsvTable& relationships_to() const { return relationships_to_; }
  // events.jsonl lines of one enterprise, in date order.
  const std::vector<std::string_view>& events(std::string_view id) const;

 private:
  static Status load_csv(const std::string& path, size_t key_column, CsvTable& table);
  CsvTable enterprises_, persons_, shareholdings_, monthly_, invoices_by_seller_,
      invoices_by_buyer_, relationships_from_, relationships_to_;
  std::string events_text_;
  std::unordered_map<std::string_view, std::string_view> id_by_uscc_;
  std::unordered_map<std::string_view, std::vector<std::string_view>> events_;
};

// Splits a CSV line of the world (no quoting) into fields.
std::vector<std::string_view> split_csv_line(std::string_view line);

}  // namespace smecredit::connectors
