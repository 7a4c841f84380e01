#include "connectors/provider/world_store.h"

#include <fstream>
#include <sstream>

namespace smecredit::connectors {
namespace {

Result<std::string> read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::kNotFound, "world file missing: " + path};
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

template <class Fn>
void for_each_line(std::string_view text, Fn&& fn) {
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    fn(text.substr(begin, end - begin));
    begin = end + 1;
  }
}

const std::vector<std::string_view>& no_rows() {
  static const std::vector<std::string_view> kEmpty;
  return kEmpty;
}

}  // namespace

std::vector<std::string_view> split_csv_line(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t begin = 0;
  for (size_t comma = line.find(','); comma != std::string_view::npos;
       comma = line.find(',', begin)) {
    fields.push_back(line.substr(begin, comma - begin));
    begin = comma + 1;
  }
  fields.push_back(line.substr(begin));
  return fields;
}

const std::vector<std::string_view>& CsvTable::rows(std::string_view key) const {
  const auto found = index_.find(key);
  return found == index_.end() ? no_rows() : found->second;
}

Status WorldStore::load_csv(const std::string& path, size_t key_column, CsvTable& table) {
  SC_ASSIGN_OR_RETURN(table.text_, read_whole(path));
  bool header = true;
  Status status = ok_status();
  for_each_line(table.text_, [&](std::string_view line) {
    const std::vector<std::string_view> fields = split_csv_line(line);
    if (header) {
      for (std::string_view column : fields) table.columns_.emplace_back(column);
      header = false;
      return;
    }
    if (fields.size() != table.columns_.size() || key_column >= fields.size()) {
      status = Error{ErrorCode::kInvalidArgument, "world file has a malformed row: " + path};
      return;
    }
    table.index_[fields[key_column]].push_back(line);
  });
  return status;
}

Result<std::unique_ptr<WorldStore>> WorldStore::load(const std::string& dir) {
  auto store = std::unique_ptr<WorldStore>(new WorldStore());
  SC_RETURN_IF_ERROR(load_csv(dir + "/enterprises.csv", 0, store->enterprises_));
  SC_RETURN_IF_ERROR(load_csv(dir + "/persons.csv", 0, store->persons_));
  SC_RETURN_IF_ERROR(load_csv(dir + "/shareholdings.csv", 0, store->shareholdings_));
  SC_RETURN_IF_ERROR(load_csv(dir + "/monthly.csv", 0, store->monthly_));
  SC_RETURN_IF_ERROR(load_csv(dir + "/invoices.csv", 0, store->invoices_by_seller_));
  SC_RETURN_IF_ERROR(load_csv(dir + "/invoices.csv", 1, store->invoices_by_buyer_));
  SC_RETURN_IF_ERROR(load_csv(dir + "/relationships.csv", 1, store->relationships_from_));
  SC_RETURN_IF_ERROR(load_csv(dir + "/relationships.csv", 2, store->relationships_to_));
  for (const auto& [id, rows] : store->enterprises_.index_) {
    const std::vector<std::string_view> fields = split_csv_line(rows.front());
    store->id_by_uscc_.emplace(fields[1], id);
  }
  SC_ASSIGN_OR_RETURN(store->events_text_, read_whole(dir + "/events.jsonl"));
  constexpr std::string_view kPrefix = "{\"enterprise_id\":\"";
  Status status = ok_status();
  for_each_line(store->events_text_, [&](std::string_view line) {
    const size_t end = line.find('"', kPrefix.size());
    if (line.substr(0, kPrefix.size()) != kPrefix || end == std::string_view::npos) {
      status = Error{ErrorCode::kInvalidArgument, "world file has a malformed row: events.jsonl"};
      return;
    }
    store->events_[line.substr(kPrefix.size(), end - kPrefix.size())].push_back(line);
  });
  SC_RETURN_IF_ERROR(status);
  return store;
}

std::string_view WorldStore::resolve(std::string_view id_or_uscc) const {
  if (has_enterprise(id_or_uscc)) return enterprises_.index_.find(id_or_uscc)->first;
  const auto found = id_by_uscc_.find(id_or_uscc);
  return found == id_by_uscc_.end() ? std::string_view() : found->second;
}

const std::vector<std::string_view>& WorldStore::events(std::string_view id) const {
  const auto found = events_.find(id);
  return found == events_.end() ? no_rows() : found->second;
}

}  // namespace smecredit::connectors
