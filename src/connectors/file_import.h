// FileImportConnector: the batch adapter. Reads a directory of CSV / JSON
// Lines files in the world's layout (docs/world.md) — what a provider
// delivers as a bulk export — and answers fetch() from it with the same
// documents the HTTP provider serves, validated the same way.
//
// The consent token is not checked here (there is no provider to present it
// to); PullService still refuses pulls without a recorded, unexpired,
// unrevoked consent.
//
// Thread-safety: fetch() may be called concurrently (the files are immutable
// once loaded).
#pragma once

#include <memory>
#include <string>

#include "connectors/connector.h"
#include "connectors/provider/world_store.h"

namespace smecredit::connectors {

class FileImportConnector final : public Connector {
 public:
  // kNotFound / kInvalidArgument when a file is missing or malformed.
  static Result<std::unique_ptr<FileImportConnector>> open(const std::string& dir);

  std::string name() const override { return "file"; }
  Result<FetchResult> fetch(const FetchRequest& request) override;

 private:
  explicit FileImportConnector(std::unique_ptr<WorldStore> world) : world_(std::move(world)) {}
  std::unique_ptr<WorldStore> world_;
};

}  // namespace smecredit::connectors
