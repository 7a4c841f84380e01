// `smecredit bench scf`: signed voucher operations per second.
//
// Builds a supply chain (a core enterprise, --suppliers suppliers, a funder),
// issues vouchers and pre-signs --operations transfers between suppliers
// (signing is the participants' work, not the platform's, so it is not
// timed), then times VoucherBook::apply_batch on them: verification of every
// actor's signature (--scheme ed25519 or sm2) on --threads threads, then
// every rule check and state change in order. Beside it, the machine's
// verification rate for that scheme in the same run is the physical limit
// per core.
#include <chrono>

#include "bench/benchmarks.h"
#include "scf/voucher/voucher_book.h"

namespace smecredit::bench {

namespace {

using SteadyClock = std::chrono::steady_clock;
using scf::SignedOperation;

struct ScfBenchOptions {
  bool json = false;
  int64_t operations = 20'000;
  int suppliers = 50;
  int threads = 2;
  std::string scheme = "ed25519";
};

struct Chain {
  explicit Chain(scf::SignatureScheme signature_scheme)
      : scheme(signature_scheme), platform(scf::SigningKey::generate(scheme).value()) {}
  scf::SignatureScheme scheme;
  scf::SigningKey platform;
  std::vector<std::string> ids;
  std::map<std::string, scf::SigningKey> keys;
};

Status apply_signed(scf::VoucherBook& book, const scf::SigningKey& key, scf::Operation op) {
  SC_ASSIGN_OR_RETURN(SignedOperation signed_op, scf::sign_operation(key, std::move(op)));
  return book.apply(signed_op);
}

// Registers everyone, grants a line, issues and accepts one voucher per
// supplier so that each holds a piece to pass on.
Status set_up(Chain& chain, scf::VoucherBook& book, int suppliers, Date today) {
  const scf::Header platform{scf::kPlatformId, today};
  chain.keys.emplace("core", scf::SigningKey::generate(chain.scheme).value());
  SC_RETURN_IF_ERROR(apply_signed(
      book, chain.platform,
      scf::Register{platform, "core", scf::Role::kCore, chain.keys.at("core").public_key()}));
  SC_RETURN_IF_ERROR(
      apply_signed(book, chain.platform, scf::GrantLine{platform, "core", 1'000'000'000'000}));
  for (int i = 0; i < suppliers; ++i) {
    const std::string id = "s" + std::to_string(i);
    chain.ids.push_back(id);
    chain.keys.emplace(id, scf::SigningKey::generate(chain.scheme).value());
    SC_RETURN_IF_ERROR(apply_signed(
        book, chain.platform,
        scf::Register{platform, id, scf::Role::kSupplier, chain.keys.at(id).public_key()}));
    const std::string voucher = "V" + std::to_string(i);
    SC_RETURN_IF_ERROR(apply_signed(
        book, chain.keys.at("core"),
        scf::Issue{{"core", today}, voucher, id, 1'000'000'00, add_days(today, 180), "PO", "INV"}));
    SC_RETURN_IF_ERROR(apply_signed(book, chain.keys.at(id), scf::Accept{{id, today}, voucher}));
  }
  return ok_status();
}

int run_scf_benchmark(const ScfBenchOptions& options) {
  const Date today = parse_date("2026-01-10").value();
  Chain chain(scf::parse_signature_scheme(options.scheme).value());
  scf::VoucherBook book(chain.platform.public_key());
  if (Status s = set_up(chain, book, options.suppliers, today); !s.ok()) {
    std::fprintf(stderr, "bench scf: %s\n", s.error().to_string().c_str());
    return 1;
  }
  // Each supplier's current piece moves on to the next supplier, splitting
  // off one fen each time, so every operation is a real split and transfer.
  std::vector<std::string> current(chain.ids.size());
  std::vector<int64_t> amount(chain.ids.size(), 1'000'000'00);
  for (size_t i = 0; i < chain.ids.size(); ++i) current[i] = "V" + std::to_string(i);
  std::vector<std::string> holder = chain.ids;
  std::vector<SignedOperation> operations;
  operations.reserve(static_cast<size_t>(options.operations));
  for (int64_t n = 0; n < options.operations; ++n) {
    const size_t lane = static_cast<size_t>(n) % chain.ids.size();
    const std::string& from = holder[lane];
    const std::string& to = chain.ids[(lane + static_cast<size_t>(n)) % chain.ids.size()];
    const std::string next = "P" + std::to_string(n);
    scf::Transfer op{
        {from, today}, current[lane], {{next, to, amount[lane] - 1}, {next + "r", from, 1}}};
    operations.push_back(scf::sign_operation(chain.keys.at(from), op).value());
    current[lane] = next;
    holder[lane] = to;
    amount[lane] -= 1;
  }
  const auto start = SteadyClock::now();
  int64_t failures = 0;
  for (const Status& s : book.apply_batch(operations, options.threads)) failures += s.ok() ? 0 : 1;
  const double seconds = seconds_since(start);

  const SignedOperation& sample = operations.front();
  const std::string text = scf::canonical_text(sample.operation);
  const scf::ByteSpan bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  const scf::PublicKey& key = chain.keys.at(chain.ids.front()).public_key();
  const auto verify_start = SteadyClock::now();
  constexpr int kVerifies = 5000;
  for (int i = 0; i < kVerifies; ++i) (void)scf::verify_signature(key, bytes, sample.signature);
  const double verify_per_s = kVerifies / seconds_since(verify_start);

  print_figures(
      options.json,
      {{"operations", options.operations},
       {"failures", failures},
       {"threads", int64_t{options.threads}},
       {"seconds", seconds},
       {"operations_per_s", static_cast<double>(options.operations) / seconds},
       {"scheme", options.scheme},
       {"verify_per_s_per_core", verify_per_s},
       {"check_invariants", std::string(book.check_invariants().ok() ? "ok" : "broken")}});
  return failures == 0 ? 0 : 1;
}

}  // namespace

void add_scf_benchmark(CLI::App& bench, int* exit_code) {
  auto options = std::make_shared<ScfBenchOptions>();
  CLI::App* command =
      bench.add_subcommand("scf", "Signed voucher operations (split and transfer) per second");
  command->add_flag("--json", options->json, "Print one JSON object");
  command->add_option("--operations", options->operations, "Signed transfers to apply")
      ->check(CLI::Range(int64_t{1}, int64_t{10'000'000}));
  command->add_option("--suppliers", options->suppliers, "Suppliers in the chain")
      ->check(CLI::Range(2, 10'000));
  command->add_option("--threads", options->threads, "Signature-verification threads")
      ->check(CLI::Range(1, 64));
  command->add_option("--scheme", options->scheme, "Participants' signature scheme")
      ->check(CLI::IsMember({"ed25519", "sm2"}));
  command->callback([options, exit_code] { *exit_code = run_scf_benchmark(*options); });
}

}  // namespace smecredit::bench
