#include "scf/voucher/voucher_service.h"

#include "scf/voucher/operation_codec.h"

namespace smecredit::scf {

namespace {

Status apply_entry(VoucherBook& book, const Entry& entry, uint64_t index) {
  const std::string_view text(reinterpret_cast<const char*>(entry.data()), entry.size());
  auto parsed = parse_signed_operation(text);
  Status applied = parsed.ok() ? book.apply(parsed.value()) : Status(parsed.error());
  if (!applied.ok()) {
    return Error{ErrorCode::kFailedPrecondition,
                 "log entry " + std::to_string(index) +
                     " is not a valid voucher operation: " + applied.error().message};
  }
  return ok_status();
}

}  // namespace

Result<VoucherBook> replay_entries(const std::vector<Entry>& entries,
                                   const PublicKey& platform_key) {
  VoucherBook book(platform_key);
  for (uint64_t i = 0; i < entries.size(); ++i)
    SC_RETURN_IF_ERROR(apply_entry(book, entries[i], i));
  return book;
}

Result<std::unique_ptr<VoucherService>> VoucherService::open(DurableLog& log,
                                                             const PublicKey& platform_key) {
  auto service = std::unique_ptr<VoucherService>(new VoucherService(log, platform_key));
  std::lock_guard lock(service->mutex_);
  SC_RETURN_IF_ERROR(service->replay());
  return service;
}

Status VoucherService::replay() {
  book_ = VoucherBook(platform_key_);
  const uint64_t size = log_.size();
  for (uint64_t i = 0; i < size; ++i) {
    SC_ASSIGN_OR_RETURN(Entry entry, log_.entry(i));
    SC_RETURN_IF_ERROR(apply_entry(book_, entry, i));
  }
  return ok_status();
}

Result<uint64_t> VoucherService::submit(const SignedOperation& signed_operation, Timestamp now) {
  std::lock_guard lock(mutex_);
  SC_RETURN_IF_ERROR(book_.apply(signed_operation));
  const std::string text = signed_operation_entry(signed_operation);
  const Entry entry(text.begin(), text.end());
  auto index = log_.append(std::span<const Entry>(&entry, 1), now);
  if (!index.ok()) {
    const Status rebuilt = replay();  // drop the operation the log did not take
    if (!rebuilt.ok()) return rebuilt.error();
    return index.error();
  }
  return index.value();
}

void VoucherService::read(const std::function<void(const VoucherBook&)>& read) const {
  std::lock_guard lock(mutex_);
  read(book_);
}

}  // namespace smecredit::scf
