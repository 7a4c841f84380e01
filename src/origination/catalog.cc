#include "origination/catalog.h"

namespace smecredit::origination {

Status ProductCatalog::add(loan::Product product) {
  auto key = std::make_pair(product.code, product.version);
  if (products_.contains(key)) {
    return Error{ErrorCode::kAlreadyExists,
                 "product " + product.code + " v" + std::to_string(product.version) + " twice"};
  }
  products_.emplace(std::move(key), std::move(product));
  return ok_status();
}

const loan::Product* ProductCatalog::latest(std::string_view code) const {
  const loan::Product* found = nullptr;
  for (const auto& [key, product] : products_) {
    if (key.first == code) found = &product;  // versions ascend within a code
  }
  return found;
}

const loan::Product* ProductCatalog::find(std::string_view code, int version) const {
  const auto it = products_.find(std::make_pair(std::string(code), version));
  return it == products_.end() ? nullptr : &it->second;
}

std::vector<const loan::Product*> ProductCatalog::current() const {
  std::vector<const loan::Product*> out;
  for (auto it = products_.begin(); it != products_.end(); ++it) {
    const auto next = std::next(it);
    if (next == products_.end() || next->first.first != it->first.first) out.push_back(&it->second);
  }
  return out;
}

}  // namespace smecredit::origination
