// count_rows: the integer a single-value query returns (e.g. "SELECT COUNT(*)
// FROM events"), for tests that check what a change wrote. -1 (and a test
// failure) when the query fails.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "store/store.h"

namespace smecredit::testing {

inline int64_t count_rows(store::Store& store, const std::string& sql) {
  int64_t n = -1;
  EXPECT_TRUE(store
                  .transact(store::TxMode::kReadOnly,
                            [&](store::Transaction& tx) -> Status {
                              SC_ASSIGN_OR_RETURN(store::Rows rows, tx.query(sql, {}));
                              n = rows[0].integer(0);
                              return ok_status();
                            })
                  .ok());
  return n;
}

}  // namespace smecredit::testing
