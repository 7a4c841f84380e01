// The product catalogue: every product version the platform lends on,
// loaded once at start (from products/*.json by the caller) and read-only
// afterwards, so it is safe to share between threads.
//
// Example:
//   ProductCatalog catalog;
//   SC_RETURN_IF_ERROR(catalog.add(loan::parse_product_json(text).value()));
//   const loan::Product* p = catalog.latest("SME-CREDIT-12M");
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "loan/product.h"

namespace smecredit::origination {

class ProductCatalog {
 public:
  // kAlreadyExists for a (code, version) already present.
  Status add(loan::Product product);
  // The newest version of `code`, or nullptr.
  const loan::Product* latest(std::string_view code) const;
  const loan::Product* find(std::string_view code, int version) const;
  // The newest version of every product, by code.
  std::vector<const loan::Product*> current() const;

 private:
  std::map<std::pair<std::string, int>, loan::Product> products_;
};

}  // namespace smecredit::origination
