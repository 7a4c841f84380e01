#include "core/business_date.h"

namespace smecredit {

Date business_date(Timestamp instant) {
  return Date{std::chrono::floor<std::chrono::days>(instant + std::chrono::hours{8})};
}

}  // namespace smecredit
