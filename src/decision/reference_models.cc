#include "decision/reference_models.h"

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace smecredit::decision {

namespace {

std::string feature(int i) {
  char name[8];
  std::snprintf(name, sizeof(name), "f%03d", i);
  return name;
}

}  // namespace

ModelCatalog reference_placeholder_models() {
  std::vector<std::pair<std::string, double>> card = {{"years_trading", 6.0}};
  for (int i = 1; i <= 19; ++i) card.emplace_back(feature(i), i <= 10 ? 0.2 : -0.1);
  std::vector<std::pair<std::string, double>> trees = {{"dscr", -0.05}};
  for (int i = 20; i <= 49; ++i) trees.emplace_back(feature(i), i % 2 == 0 ? 0.012 : -0.008);
  ModelCatalog models;
  models.add(std::make_shared<LinearScoreModel>("reference-scorecard", "placeholder-1", 560.0,
                                                std::move(card), false));
  models.add(std::make_shared<LinearScoreModel>("reference-gbdt", "placeholder-1", -3.2,
                                                std::move(trees), true));
  return models;
}

}  // namespace smecredit::decision
