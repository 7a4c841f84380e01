#include "connectors/world/world.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <thread>

#include "connectors/world/model.h"
#include "connectors/world/prng.h"
#include "connectors/world/schema.h"

namespace smecredit::world {
namespace {

constexpr int64_t kChunkEnterprises = 512;
constexpr uint64_t kDeclarationStream = 4;

// Appends CSV fields without intermediate strings.
class Line {
 public:
  explicit Line(std::string& out) : out_(out) {}
  Line& text(std::string_view value) {
    separate();
    out_.append(value);
    return *this;
  }
  Line& number(int64_t value) {
    separate();
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out_.append(buffer, result.ptr);
    return *this;
  }
  Line& empty() { return text(""); }
  void end() { out_.push_back('\n'); }

 private:
  void separate() {
    if (!first_) out_.push_back(',');
    first_ = false;
  }
  std::string& out_;
  bool first_ = true;
};

class OutputFile {
 public:
  static Result<std::unique_ptr<OutputFile>> open(const std::filesystem::path& dir,
                                                  std::string name, std::string_view header) {
    const std::filesystem::path path = dir / name;
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr) return Error{ErrorCode::kUnavailable, "cannot create " + name};
    auto out = std::unique_ptr<OutputFile>(new OutputFile(file, std::move(name)));
    if (!header.empty()) SC_RETURN_IF_ERROR(out->write(std::string(header) + "\n", 0));
    return out;
  }
  ~OutputFile() {
    if (file_ != nullptr) std::fclose(file_);
  }
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  Status write(std::string_view data, int64_t rows) {
    if (!data.empty() && std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
      return Error{ErrorCode::kUnavailable, "cannot write " + summary_.name};
    }
    summary_.bytes += static_cast<int64_t>(data.size());
    summary_.rows += rows;
    return ok_status();
  }
  Result<FileSummary> close() {
    const int closed = std::fclose(file_);
    file_ = nullptr;
    if (closed != 0) return Error{ErrorCode::kUnavailable, "cannot write " + summary_.name};
    return summary_;
  }

 private:
  OutputFile(std::FILE* file, std::string name) : file_(file) { summary_.name = std::move(name); }
  std::FILE* file_;
  FileSummary summary_;
};

struct Calendar {
  int32_t start = 0;                // months since year 0
  std::vector<std::string> months;  // "YYYY-MM" for each offset
};

std::string format_month(int32_t month_index) {
  const int year = month_index / 12;
  const int month = month_index % 12 + 1;
  return std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month);
}

std::string format_day(int32_t month_index, int32_t day) {
  return format_month(month_index) + (day < 10 ? "-0" : "-") + std::to_string(day);
}

Calendar make_calendar(const WorldOptions& options) {
  Calendar calendar;
  calendar.start = options.start_year * 12 + options.start_month - 1;
  for (int t = 0; t < options.months; ++t)
    calendar.months.push_back(format_month(calendar.start + t));
  return calendar;
}

// Runs render(chunk) for every chunk on `threads` threads, in waves, and
// hands the results to consume() in chunk order.
template <class Out>
Status for_chunks_in_order(int64_t chunks, int threads, const std::function<Out(int64_t)>& render,
                           const std::function<Status(Out&)>& consume) {
  const int64_t wave = static_cast<int64_t>(threads) * 4;
  for (int64_t first = 0; first < chunks; first += wave) {
    const int64_t count = std::min(wave, chunks - first);
    std::vector<Out> results(static_cast<size_t>(count));
    std::atomic<int64_t> next{0};
    const auto work = [&] {
      for (int64_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) {
        results[static_cast<size_t>(i)] = render(first + i);
      }
    };
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i) pool.emplace_back(work);
    work();
    for (std::thread& thread : pool) thread.join();
    for (Out& result : results) SC_RETURN_IF_ERROR(consume(result));
  }
  return ok_status();
}

struct Received {
  explicit Received(size_t cells) : count(cells), amount_fen(cells) {}
  std::vector<std::atomic<int64_t>> count;
  std::vector<std::atomic<int64_t>> amount_fen;
};

struct Text {
  std::string data;
  int64_t rows = 0;
};

struct ChunkText {
  Text monthly, events, defaults, latent, quality;
  std::vector<int64_t> last12_sales_fen;
  int64_t defaults_count = 0;
};

class Generator {
 public:
  Generator(const WorldOptions& options, const Population& population)
      : options_(options),
        population_(population),
        calendar_(make_calendar(options)),
        received_(static_cast<size_t>(options.enterprises) * static_cast<size_t>(options.months)),
        last12_sales_fen_(static_cast<size_t>(options.enterprises)) {}

  Result<WorldSummary> run(const std::filesystem::path& dir);

 private:
  int64_t chunk_end(int64_t chunk) const {
    return std::min(options_.enterprises, (chunk + 1) * kChunkEnterprises);
  }
  size_t cell(int64_t enterprise, int32_t month) const {
    return static_cast<size_t>(enterprise) * static_cast<size_t>(options_.months) +
           static_cast<size_t>(month);
  }
  Text render_invoices(int64_t chunk);
  ChunkText render_series(int64_t chunk);
  void render_month(int64_t index, int32_t t, const MonthRow& row, ChunkText& out) const;
  void render_enterprise_rows(int64_t index, const Simulation& sim, ChunkText& out) const;
  Status write_registry(const std::filesystem::path& dir, WorldSummary& summary) const;
  Status write_relationships(const std::filesystem::path& dir, WorldSummary& summary) const;

  const WorldOptions& options_;
  const Population& population_;
  Calendar calendar_;
  Received received_;
  std::vector<int64_t> last12_sales_fen_;
};

int thread_count(const WorldOptions& options) {
  if (options.threads > 0) return options.threads;
  return static_cast<int>(std::clamp<unsigned>(std::thread::hardware_concurrency(), 1, 16));
}

Text Generator::render_invoices(int64_t chunk) {
  Text out;
  for (int64_t index = chunk * kChunkEnterprises; index < chunk_end(chunk); ++index) {
    const Simulation sim = simulate(options_, population_, index);
    const std::string seller = enterprise_id(index);
    for (const InvoiceEdge& edge : sim.invoices) {
      received_.count[cell(edge.buyer, edge.month)].fetch_add(edge.count,
                                                              std::memory_order_relaxed);
      received_.amount_fen[cell(edge.buyer, edge.month)].fetch_add(edge.amount_fen,
                                                                   std::memory_order_relaxed);
      Line(out.data)
          .text(seller)
          .text(enterprise_id(edge.buyer))
          .text(calendar_.months[static_cast<size_t>(edge.month)])
          .number(edge.count)
          .number(edge.amount_fen)
          .number(edge.vat_fen)
          .end();
      ++out.rows;
    }
  }
  return out;
}

void Generator::render_month(int64_t index, int32_t t, const MonthRow& row, ChunkText& out) const {
  const Enterprise& e = population_.enterprises[static_cast<size_t>(index)];
  const std::string id = enterprise_id(index);
  if (row.missing) {
    Line(out.quality.data)
        .text(id)
        .text(calendar_.months[static_cast<size_t>(t)])
        .text("missing_month")
        .empty()
        .end();
    ++out.quality.rows;
    return;
  }
  const int64_t received_count =
      row.external_received_count + received_.count[cell(index, t)].load();
  const int64_t received_fen =
      row.external_received_fen + received_.amount_fen[cell(index, t)].load();
  int64_t vat_fen = 0;
  if (e.kind == Kind::kSmall) {
    const int64_t rate = industries()[static_cast<size_t>(e.industry)].vat_rate_pct;
    vat_fen = std::max<int64_t>(0, row.tax_base_fen * rate / 100 - received_fen * rate / 100);
  } else if (row.tax_base_fen >
             10'000'000) {  // small-scale taxpayers: exempt up to CNY 100,000 a month
    vat_fen = row.tax_base_fen / 100;
  }
  Line(out.monthly.data)
      .text(id)
      .text(calendar_.months[static_cast<size_t>(t)])
      .number(row.pos_fen)
      .number(row.ecommerce_fen)
      .number(row.transfer_fen)
      .number(row.purchases_fen)
      .number(row.issued_count)
      .number(row.issued_fen)
      .number(received_count)
      .number(received_fen)
      .number(row.tax_base_fen)
      .number(vat_fen)
      .number(vat_fen * row.paid_pct / 100)
      .number(row.electricity_kwh)
      .number(row.utilities_fen)
      .number(row.si_headcount)
      .end();
  ++out.monthly.rows;
}

void Generator::render_enterprise_rows(int64_t index, const Simulation& sim, ChunkText& out) const {
  const Enterprise& e = population_.enterprises[static_cast<size_t>(index)];
  const std::string id = enterprise_id(index);
  for (const Event& event : sim.events) {
    out.events.data += "{\"enterprise_id\":\"" + id + "\",\"date\":\"" +
                       format_day(calendar_.start + event.month, event.day) + "\",\"type\":\"" +
                       event.type + "\"" + event.fields + "}\n";
    ++out.events.rows;
  }
  for (int32_t w = 0; w < options_.months; w += 12) {
    const int32_t w_end = std::min(options_.months - 1, w + 11);
    const bool alive = e.founded_month <= calendar_.start + w_end;
    const bool not_yet = sim.default_month < 0 || sim.default_month >= w;
    if (!alive || !not_yet) continue;
    const bool defaulted = sim.default_month >= w && sim.default_month <= w_end;
    Line(out.defaults.data)
        .text(id)
        .text(calendar_.months[static_cast<size_t>(w)])
        .text(calendar_.months[static_cast<size_t>(w_end)])
        .number(defaulted ? 1 : 0)
        .end();
    ++out.defaults.rows;
  }
  Line latent(out.latent.data);
  latent.text(id)
      .number(std::llround(e.health_mean * 1000))
      .number(std::llround(e.integrity * 1000));
  latent.number(e.circle).number(e.ring);
  if (sim.default_month >= 0) {
    latent.text(calendar_.months[static_cast<size_t>(sim.default_month)]);
  } else {
    latent.empty();
  }
  latent.end();
  ++out.latent.rows;
  if (e.under_declares) {
    Line(out.quality.data)
        .text(id)
        .empty()
        .text("invoice_tax_mismatch")
        .text("tax base below invoiced sales")
        .end();
    ++out.quality.rows;
  }
  if (e.inflates_revenue) {
    Line(out.quality.data)
        .text(id)
        .empty()
        .text("inflated_revenue")
        .text("self-declared revenue above flows")
        .end();
    ++out.quality.rows;
  }
  if (population_.persons[static_cast<size_t>(e.legal_rep)].fabricated) {
    Line(out.quality.data)
        .text(id)
        .empty()
        .text("fabricated_identity")
        .text(person_id(e.legal_rep))
        .end();
    ++out.quality.rows;
  }
}

ChunkText Generator::render_series(int64_t chunk) {
  ChunkText out;
  for (int64_t index = chunk * kChunkEnterprises; index < chunk_end(chunk); ++index) {
    const Simulation sim = simulate(options_, population_, index);
    for (int32_t t = 0; t < options_.months; ++t) {
      const MonthRow& row = sim.months[static_cast<size_t>(t)];
      if (row.active) render_month(index, t, row, out);
    }
    render_enterprise_rows(index, sim, out);
    out.last12_sales_fen.push_back(sim.last12_sales_fen);
    if (sim.default_month >= 0) ++out.defaults_count;
  }
  return out;
}

int64_t self_declared_revenue_fen(const WorldOptions& options, const Enterprise& e, int64_t index,
                                  int64_t last12_fen) {
  Rng rng(stream_seed(options.seed, kDeclarationStream, static_cast<uint64_t>(index)));
  const int64_t pct = e.inflates_revenue ? rng.between(150, 400) : rng.between(90, 110);
  return last12_fen / 100 * pct;
}

Status Generator::write_registry(const std::filesystem::path& dir, WorldSummary& summary) const {
  SC_ASSIGN_OR_RETURN(auto enterprises,
                      OutputFile::open(dir, "enterprises.csv", kEnterprisesHeader));
  std::string text;
  for (int64_t i = 0; i < options_.enterprises; ++i) {
    const Enterprise& e = population_.enterprises[static_cast<size_t>(i)];
    const Industry& industry = industries()[static_cast<size_t>(e.industry)];
    const Region& region = regions()[static_cast<size_t>(e.region)];
    Line(text)
        .text(enterprise_id(i))
        .text(uscc_of(population_, i))
        .text(enterprise_name(population_, i))
        .text(kind_name(e.kind))
        .text(std::string(1, industry.section))
        .text(industry.label)
        .text(region.code)
        .text(region.name)
        .text(format_day(e.founded_month, e.founded_day))
        .number(e.registered_capital_fen)
        .number(e.declared_employees)
        .text(person_id(e.legal_rep))
        .text(enterprise_phone(e.contact_owner))
        .text(enterprise_address(population_, e.contact_owner))
        .text(bookkeeping_name(e.bookkeeping))
        .number(e.financing_need_fen)
        .number(
            self_declared_revenue_fen(options_, e, i, last12_sales_fen_[static_cast<size_t>(i)]))
        .text(calendar_.months.back())
        .end();
  }
  SC_RETURN_IF_ERROR(enterprises->write(text, options_.enterprises));
  SC_ASSIGN_OR_RETURN(FileSummary enterprises_summary, enterprises->close());
  summary.files.push_back(enterprises_summary);

  SC_ASSIGN_OR_RETURN(auto persons, OutputFile::open(dir, "persons.csv", kPersonsHeader));
  text.clear();
  for (size_t i = 0; i < population_.persons.size(); ++i) {
    const Person& person = population_.persons[i];
    Line(text)
        .text(person_id(static_cast<int64_t>(i)))
        .text(person.resident_id)
        .text(person.name)
        .text(person.phone)
        .end();
  }
  SC_RETURN_IF_ERROR(persons->write(text, static_cast<int64_t>(population_.persons.size())));
  SC_ASSIGN_OR_RETURN(FileSummary persons_summary, persons->close());
  summary.files.push_back(persons_summary);
  return ok_status();
}

Status Generator::write_relationships(const std::filesystem::path& dir,
                                      WorldSummary& summary) const {
  SC_ASSIGN_OR_RETURN(auto shares,
                      OutputFile::open(dir, "shareholdings.csv", kShareholdingsHeader));
  SC_ASSIGN_OR_RETURN(auto relations,
                      OutputFile::open(dir, "relationships.csv", kRelationshipsHeader));
  std::string share_text;
  std::string relation_text;
  int64_t share_rows = 0;
  int64_t relation_rows = 0;
  for (int64_t i = 0; i < options_.enterprises; ++i) {
    const Enterprise& e = population_.enterprises[static_cast<size_t>(i)];
    const std::string id = enterprise_id(i);
    const int32_t person_bp_total = e.parent >= 0 ? 10000 - e.parent_share_bp : 10000;
    for (const auto& [person, bp] : e.person_shares) {
      Line(share_text)
          .text(id)
          .text("person")
          .text(person_id(person))
          .number(static_cast<int64_t>(bp) * person_bp_total / 10000)
          .end();
      ++share_rows;
    }
    if (e.parent >= 0) {
      Line(share_text)
          .text(id)
          .text("enterprise")
          .text(enterprise_id(e.parent))
          .number(e.parent_share_bp)
          .end();
      ++share_rows;
    }
    for (const int32_t buyer : e.customers) {
      Line(relation_text)
          .text("trade_partner")
          .text(id)
          .text(enterprise_id(buyer))
          .empty()
          .empty()
          .end();
      ++relation_rows;
    }
    if (e.contact_owner != static_cast<int32_t>(i)) {
      const std::string owner = enterprise_id(e.contact_owner);
      Line(relation_text).text("shared_phone").text(id).text(owner).empty().empty().end();
      Line(relation_text).text("shared_address").text(id).text(owner).empty().empty().end();
      relation_rows += 2;
    }
  }
  for (const Guarantee& g : population_.guarantees) {
    Line(relation_text)
        .text("guarantee")
        .text(enterprise_id(g.guarantor))
        .text(enterprise_id(g.borrower))
        .text(g.kind)
        .number(g.amount_fen)
        .end();
    ++relation_rows;
  }
  SC_RETURN_IF_ERROR(shares->write(share_text, share_rows));
  SC_RETURN_IF_ERROR(relations->write(relation_text, relation_rows));
  SC_ASSIGN_OR_RETURN(FileSummary share_summary, shares->close());
  SC_ASSIGN_OR_RETURN(FileSummary relation_summary, relations->close());
  summary.files.push_back(share_summary);
  summary.files.push_back(relation_summary);
  return ok_status();
}

Result<WorldSummary> Generator::run(const std::filesystem::path& dir) {
  WorldSummary summary;
  summary.enterprises = options_.enterprises;
  summary.persons = static_cast<int64_t>(population_.persons.size());
  summary.months = options_.months;
  const int64_t chunks = (options_.enterprises + kChunkEnterprises - 1) / kChunkEnterprises;
  const int threads = thread_count(options_);

  SC_ASSIGN_OR_RETURN(auto invoices, OutputFile::open(dir, "invoices.csv", kInvoicesHeader));
  SC_RETURN_IF_ERROR(for_chunks_in_order<Text>(
      chunks, threads, [this](int64_t chunk) { return render_invoices(chunk); },
      [&](Text& text) { return invoices->write(text.data, text.rows); }));
  SC_ASSIGN_OR_RETURN(FileSummary invoices_summary, invoices->close());

  SC_ASSIGN_OR_RETURN(auto monthly, OutputFile::open(dir, "monthly.csv", kMonthlyHeader));
  SC_ASSIGN_OR_RETURN(auto events, OutputFile::open(dir, "events.jsonl", ""));
  SC_ASSIGN_OR_RETURN(auto defaults, OutputFile::open(dir, "defaults.csv", kDefaultsHeader));
  SC_ASSIGN_OR_RETURN(auto latent, OutputFile::open(dir, "latent.csv", kLatentHeader));
  SC_ASSIGN_OR_RETURN(auto quality, OutputFile::open(dir, "quality.csv", kQualityHeader));
  int64_t next_enterprise = 0;
  SC_RETURN_IF_ERROR(for_chunks_in_order<ChunkText>(
      chunks, threads, [this](int64_t chunk) { return render_series(chunk); },
      [&](ChunkText& chunk) -> Status {
        for (const int64_t sales : chunk.last12_sales_fen)
          last12_sales_fen_[static_cast<size_t>(next_enterprise++)] = sales;
        summary.defaults += chunk.defaults_count;
        SC_RETURN_IF_ERROR(monthly->write(chunk.monthly.data, chunk.monthly.rows));
        SC_RETURN_IF_ERROR(events->write(chunk.events.data, chunk.events.rows));
        SC_RETURN_IF_ERROR(defaults->write(chunk.defaults.data, chunk.defaults.rows));
        SC_RETURN_IF_ERROR(latent->write(chunk.latent.data, chunk.latent.rows));
        return quality->write(chunk.quality.data, chunk.quality.rows);
      }));
  SC_RETURN_IF_ERROR(write_registry(dir, summary));
  SC_RETURN_IF_ERROR(write_relationships(dir, summary));
  summary.files.push_back(invoices_summary);
  for (OutputFile* file :
       {monthly.get(), events.get(), defaults.get(), latent.get(), quality.get()}) {
    SC_ASSIGN_OR_RETURN(FileSummary file_summary, file->close());
    summary.files.push_back(file_summary);
  }
  return summary;
}

Status write_text(const std::filesystem::path& path, const std::string& text) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr)
    return Error{ErrorCode::kUnavailable, "cannot create " + path.filename().string()};
  const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed)
    return Error{ErrorCode::kUnavailable, "cannot write " + path.filename().string()};
  return ok_status();
}

std::string manifest_json(const WorldOptions& options, const WorldSummary& summary) {
  std::string json = "{\"generator\":\"smecredit world generate\",\"format_version\":1";
  json += ",\"seed\":" + std::to_string(options.seed) +
          ",\"enterprises\":" + std::to_string(summary.enterprises);
  json += ",\"persons\":" + std::to_string(summary.persons) +
          ",\"months\":" + std::to_string(summary.months);
  json += ",\"start_month\":\"" + format_month(options.start_year * 12 + options.start_month - 1) +
          "\"";
  json += ",\"defaults\":" + std::to_string(summary.defaults);
  json += ",\"quality_bp\":{\"missing_month\":" + std::to_string(options.quality.missing_month_bp) +
          ",\"invoice_tax_mismatch\":" + std::to_string(options.quality.invoice_tax_mismatch_bp) +
          ",\"inflated_revenue\":" + std::to_string(options.quality.inflated_revenue_bp) +
          ",\"fabricated_identity\":" + std::to_string(options.quality.fabricated_identity_bp) +
          "}";
  json += ",\"files\":[";
  for (size_t i = 0; i < summary.files.size(); ++i) {
    const FileSummary& file = summary.files[i];
    json += (i == 0 ? "" : ",") + std::string("{\"name\":\"") + file.name +
            "\",\"rows\":" + std::to_string(file.rows) +
            ",\"bytes\":" + std::to_string(file.bytes) + "}";
  }
  return json + "]}\n";
}

Status check_rate(int64_t bp, const char* name) {
  if (bp < 0 || bp > 10000) {
    return Error{ErrorCode::kInvalidArgument, std::string(name) + " must be 0..10000 basis points"};
  }
  return ok_status();
}

}  // namespace

Status validate_options(const WorldOptions& options) {
  if (options.enterprises < 1 || options.enterprises > 10'000'000) {
    return Error{ErrorCode::kInvalidArgument, "enterprises must be 1..10,000,000"};
  }
  if (options.months < 1 || options.months > 240) {
    return Error{ErrorCode::kInvalidArgument, "months must be 1..240"};
  }
  if (options.start_year < 1990 || options.start_year > 2100 || options.start_month < 1 ||
      options.start_month > 12) {
    return Error{ErrorCode::kInvalidArgument, "start month must be 1990-01..2100-12"};
  }
  if (options.out_dir.empty())
    return Error{ErrorCode::kInvalidArgument, "an output directory is required"};
  if (options.threads < 0 || options.threads > 64)
    return Error{ErrorCode::kInvalidArgument, "threads must be 0..64"};
  SC_RETURN_IF_ERROR(check_rate(options.quality.missing_month_bp, "missing-month rate"));
  SC_RETURN_IF_ERROR(
      check_rate(options.quality.invoice_tax_mismatch_bp, "invoice/tax mismatch rate"));
  SC_RETURN_IF_ERROR(check_rate(options.quality.inflated_revenue_bp, "inflated revenue rate"));
  return check_rate(options.quality.fabricated_identity_bp, "fabricated identity rate");
}

Result<WorldSummary> generate_world(const WorldOptions& options) {
  SC_RETURN_IF_ERROR(validate_options(options));
  const std::filesystem::path dir(options.out_dir);
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return Error{ErrorCode::kUnavailable, "cannot create the output directory"};
  const Population population = build_population(options);
  auto generator = std::make_unique<Generator>(options, population);
  SC_ASSIGN_OR_RETURN(WorldSummary summary, generator->run(dir));
  SC_RETURN_IF_ERROR(write_text(dir / "README.md", std::string(kSchemaReadme)));
  SC_RETURN_IF_ERROR(write_text(dir / "manifest.json", manifest_json(options, summary)));
  return summary;
}

}  // namespace smecredit::world
