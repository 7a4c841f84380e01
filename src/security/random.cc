#include "security/random.h"

#include <openssl/rand.h>

#include <cstdlib>

#include "security/base64url.h"

namespace smecredit::security {

std::string random_bytes(size_t count) {
  std::string out(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1) {
    std::abort();
  }
  return out;
}

std::string random_token(size_t byte_count) {
  return base64url_encode(random_bytes(byte_count));
}

}  // namespace smecredit::security
