#include "connectors/world/model.h"

#include <algorithm>
#include <cmath>

#include "connectors/world/prng.h"
#include "core/registry_codes.h"

namespace smecredit::world {
namespace {

// Purposes of the derived streams (prng.h stream_seed).
constexpr uint64_t kStructureStream = 1;
constexpr uint64_t kShockStream = 2;
constexpr uint64_t kEnterpriseStream = 3;

constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                     "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
constexpr const char* kGivenChars[] = {"伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "军", "杰",
                                       "娟", "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "华",
                                       "建", "国", "志", "红", "文", "斌", "鹏", "辉", "玲", "丽"};
constexpr const char* kTradeWords[] = {
    "鑫盛", "宏达", "恒通", "永泰", "华信", "金源", "利民", "德润", "兴旺", "顺发", "嘉禾", "瑞丰",
    "隆基", "佳和", "祥云", "博远", "聚丰", "汇通", "天成", "万和", "诚信", "安泰", "富源", "新亚"};
constexpr const char* kRoads[] = {"人民路", "建设路", "解放路", "中山路", "和平路", "胜利路",
                                  "新华路", "青年路", "光明路", "朝阳路", "文化路", "工业路"};
constexpr const char* kPhonePrefixes[] = {"138", "139", "135", "136", "137", "150",
                                          "151", "158", "186", "187", "188", "189"};
constexpr const char* kBookkeeping[] = {"by_hand", "agent", "software", "erp"};

int64_t yuan(int64_t amount) {
  return amount * 100;
}

template <class T, size_t N>
const T& pick(Rng& rng, const T (&items)[N]) {
  return items[rng.below(N)];
}

Kind draw_kind(Rng& rng) {
  const uint64_t roll = rng.below(100);
  if (roll < 20) return Kind::kSmall;
  return roll < 60 ? Kind::kMicro : Kind::kIndividual;
}

int32_t draw_weighted_industry(Rng& rng) {
  int total = 0;
  for (const Industry& industry : industries()) total += industry.weight;
  int roll = static_cast<int>(rng.below(static_cast<uint64_t>(total)));
  for (size_t i = 0; i < industries().size(); ++i) {
    roll -= industries()[i].weight;
    if (roll < 0) return static_cast<int32_t>(i);
  }
  return 0;
}

// Age at the end of the horizon, by the survey: 28.57% under one year,
// 42.29% one to three years, the rest three to fifteen years.
int32_t draw_age_months(Rng& rng) {
  const uint64_t roll = rng.below(10000);
  if (roll < 2857) return static_cast<int32_t>(rng.between(0, 11));
  if (roll < 2857 + 4229) return static_cast<int32_t>(rng.between(12, 35));
  return static_cast<int32_t>(rng.between(36, 179));
}

// 76.19% keep books by hand or through an agent; 2 of 840 had an ERP.
int32_t draw_bookkeeping(Rng& rng) {
  const uint64_t roll = rng.below(10000);
  if (roll < 4000) return 0;
  if (roll < 7619) return 1;
  return roll < 9976 ? 2 : 3;
}

// 79.05% need financing; of those 60.72% below CNY 1 million and 73.70%
// below CNY 5 million.
int64_t draw_financing_need_fen(Rng& rng) {
  if (!rng.chance(0.7905)) return 0;
  const uint64_t roll = rng.below(10000);
  if (roll < 6072) return yuan(rng.between(5, 99) * 10000);
  if (roll < 7370) return yuan(rng.between(100, 499) * 10000);
  return yuan(rng.between(500, 3000) * 10000);
}

double kind_median_monthly_yuan(Kind kind) {
  switch (kind) {
    case Kind::kSmall:
      return 1'200'000;
    case Kind::kMicro:
      return 150'000;
    case Kind::kIndividual:
      return 30'000;
  }
  return 30'000;
}

void draw_enterprise(Rng& rng, const WorldOptions& options, int32_t end_month, Enterprise& e) {
  e.kind = draw_kind(rng);
  e.industry = draw_weighted_industry(rng);
  e.region = static_cast<int32_t>(rng.below(regions().size()));
  e.founded_month = end_month - draw_age_months(rng);
  e.founded_day = static_cast<int32_t>(rng.between(1, 28));
  const double kind_shift = e.kind == Kind::kSmall ? 0.3 : (e.kind == Kind::kMicro ? 0.0 : -0.2);
  e.health_mean = kind_shift + 0.6 * rng.normal();
  e.health_start = e.health_mean + 0.5 * rng.normal();
  e.integrity = rng.normal();
  e.scale_fen = kind_median_monthly_yuan(e.kind) * 100.0 * det_exp(0.8 * rng.normal());
  const Industry& industry = industries()[static_cast<size_t>(e.industry)];
  e.pos_pct =
      std::clamp<int32_t>(industry.pos_pct + static_cast<int32_t>(rng.between(-10, 10)), 0, 90);
  e.ecommerce_pct = std::clamp<int32_t>(
      industry.ecommerce_pct + static_cast<int32_t>(rng.between(-5, 10)), 0, 100 - e.pos_pct);
  switch (e.kind) {
    case Kind::kSmall:
      e.declared_employees = static_cast<int32_t>(rng.between(20, 150));
      e.registered_capital_fen = yuan(rng.between(100, 1000) * 10000);
      e.invoiced_pct = static_cast<int32_t>(rng.between(75, 95));
      break;
    case Kind::kMicro:
      e.declared_employees = static_cast<int32_t>(rng.between(2, 19));
      e.registered_capital_fen = yuan(rng.between(10, 100) * 10000);
      e.invoiced_pct = static_cast<int32_t>(rng.between(40, 80));
      break;
    case Kind::kIndividual:
      e.declared_employees = static_cast<int32_t>(rng.between(1, 5));
      e.registered_capital_fen = yuan(rng.between(1, 10) * 10000);
      e.invoiced_pct = static_cast<int32_t>(rng.between(10, 50));
      break;
  }
  e.bookkeeping = draw_bookkeeping(rng);
  e.financing_need_fen = draw_financing_need_fen(rng);
  e.under_declares =
      static_cast<int64_t>(rng.below(10000)) < options.quality.invoice_tax_mismatch_bp;
  e.inflates_revenue = static_cast<int64_t>(rng.below(10000)) < options.quality.inflated_revenue_bp;
}

std::string two_digits(int value) {
  std::string text = std::to_string(value);
  return value < 10 ? "0" + text : text;
}

int32_t new_person(Rng& rng, const WorldOptions& options, const Region& region,
                   std::vector<Person>& persons) {
  Person person;
  const int year = options.start_year - static_cast<int>(rng.between(25, 60));
  std::string body = region.code;
  body += std::to_string(year) + two_digits(static_cast<int>(rng.between(1, 12))) +
          two_digits(static_cast<int>(rng.between(1, 28)));
  const int64_t sequence = rng.between(0, 999);
  body += std::to_string(1000 + sequence).substr(1);
  person.resident_id = body + resident_id_check_char(body).value();
  person.name = std::string(pick(rng, kSurnames)) + pick(rng, kGivenChars);
  if (rng.chance(0.5)) person.name += pick(rng, kGivenChars);
  const uint64_t line = (persons.size() * 48271ULL + 9'000'000ULL) % 100'000'000ULL;
  const std::string digits = std::to_string(100'000'000ULL + line).substr(1);
  person.phone = std::string(pick(rng, kPhonePrefixes)) + digits;
  persons.push_back(std::move(person));
  return static_cast<int32_t>(persons.size() - 1);
}

void draw_owners(Rng& rng, const WorldOptions& options, Population& population, Enterprise& e) {
  const Region& region = regions()[static_cast<size_t>(e.region)];
  const bool reuse = !population.persons.empty() && rng.chance(0.05);
  e.legal_rep = reuse ? static_cast<int32_t>(rng.below(population.persons.size()))
                      : new_person(rng, options, region, population.persons);
  const int extra = e.kind == Kind::kIndividual ? 0 : static_cast<int>(rng.between(0, 2));
  int32_t remaining_bp = 10000;
  std::vector<int32_t> holders = {e.legal_rep};
  for (int i = 0; i < extra; ++i)
    holders.push_back(new_person(rng, options, region, population.persons));
  for (size_t i = 0; i < holders.size(); ++i) {
    const bool last = i + 1 == holders.size();
    const int32_t share =
        last ? remaining_bp
             : static_cast<int32_t>(rng.between(remaining_bp / 3, remaining_bp * 4 / 5));
    e.person_shares.emplace_back(holders[i], share);
    remaining_bp -= share;
  }
}

std::vector<int32_t> shuffled_indices(Rng& rng, int64_t n) {
  std::vector<int32_t> order(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) order[static_cast<size_t>(i)] = static_cast<int32_t>(i);
  for (int64_t i = n - 1; i > 0; --i) {
    std::swap(order[static_cast<size_t>(i)], order[rng.below(static_cast<uint64_t>(i + 1))]);
  }
  return order;
}

int64_t guarantee_amount_fen(Rng& rng, const Enterprise& borrower) {
  return std::max<int64_t>(yuan(50'000), borrower.financing_need_fen) / 10000 *
         rng.between(5000, 10000);
}

// Circles (about 3% of enterprises, sizes 3-5), mutual pairs (2%), single
// guarantees (5%), fraud rings (1%, sizes 3-8) — disjoint, from one shuffle.
void draw_groups(Rng& rng, Population& population) {
  auto& enterprises = population.enterprises;
  const int64_t n = static_cast<int64_t>(enterprises.size());
  const std::vector<int32_t> order = shuffled_indices(rng, n);
  size_t cursor = 0;
  const auto take = [&](size_t count) { return cursor + count <= order.size(); };
  for (int64_t budget = n * 3 / 100; budget > 0 && take(5);) {
    const size_t size = static_cast<size_t>(rng.between(3, 5));
    for (size_t i = 0; i < size; ++i) {
      const int32_t guarantor = order[cursor + i];
      const int32_t borrower = order[cursor + (i + 1) % size];
      enterprises[static_cast<size_t>(guarantor)].circle = population.circles;
      population.guarantees.push_back(
          {guarantor, borrower,
           guarantee_amount_fen(rng, enterprises[static_cast<size_t>(borrower)]), "circle"});
    }
    ++population.circles;
    cursor += size;
    budget -= static_cast<int64_t>(size);
  }
  for (int64_t budget = n * 2 / 100; budget > 0 && take(2); budget -= 2, cursor += 2) {
    const int32_t a = order[cursor];
    const int32_t b = order[cursor + 1];
    population.guarantees.push_back(
        {a, b, guarantee_amount_fen(rng, enterprises[static_cast<size_t>(b)]), "mutual"});
    population.guarantees.push_back(
        {b, a, guarantee_amount_fen(rng, enterprises[static_cast<size_t>(a)]), "mutual"});
  }
  for (int64_t budget = n * 5 / 100; budget > 0 && take(1); --budget, ++cursor) {
    const int32_t borrower = order[cursor];
    const int32_t guarantor = static_cast<int32_t>(rng.below(static_cast<uint64_t>(n)));
    if (guarantor == borrower) continue;
    population.guarantees.push_back(
        {guarantor, borrower, guarantee_amount_fen(rng, enterprises[static_cast<size_t>(borrower)]),
         "single"});
  }
  for (int64_t budget = n / 100; budget > 0 && take(8);) {
    const size_t size = static_cast<size_t>(rng.between(3, 8));
    for (size_t i = 0; i < size; ++i) {
      Enterprise& member = enterprises[static_cast<size_t>(order[cursor + i])];
      member.ring = population.rings;
      member.contact_owner = order[cursor];
    }
    ++population.rings;
    cursor += size;
    budget -= static_cast<int64_t>(size);
  }
}

void draw_trade_and_parents(Rng& rng, Population& population) {
  auto& enterprises = population.enterprises;
  const uint64_t n = enterprises.size();
  for (size_t i = 0; i < n && n > 1; ++i) {
    Enterprise& e = enterprises[i];
    const char section = industries()[static_cast<size_t>(e.industry)].section;
    const int64_t most = (section == 'C' || section == 'F') ? 3 : 1;
    const int64_t count = rng.between(0, most);
    for (int64_t k = 0; k < count; ++k) {
      const int32_t buyer = static_cast<int32_t>(rng.below(n));
      if (buyer != static_cast<int32_t>(i) &&
          std::find(e.customers.begin(), e.customers.end(), buyer) == e.customers.end()) {
        e.customers.push_back(buyer);
      }
    }
    if (e.kind == Kind::kSmall && rng.chance(0.03)) {
      const int32_t parent = static_cast<int32_t>(rng.below(n));
      if (parent == static_cast<int32_t>(i)) continue;
      e.parent = parent;
      e.parent_share_bp = static_cast<int32_t>(rng.between(1000, 4900));
    }
  }
}

// Fraud-ring legal representatives get fabricated identities at the
// configured rate: the check character is replaced by a wrong one.
void fabricate_identities(Rng& rng, const WorldOptions& options, Population& population) {
  for (const Enterprise& e : population.enterprises) {
    if (e.ring < 0) continue;
    if (static_cast<int64_t>(rng.below(10000)) >= options.quality.fabricated_identity_bp) continue;
    Person& person = population.persons[static_cast<size_t>(e.legal_rep)];
    if (person.fabricated) continue;
    const char right = person.resident_id.back();
    person.resident_id.back() =
        right == '0' ? '1'
                     : (right == 'X' ? '0' : static_cast<char>(right == '9' ? 'X' : right + 1));
    person.fabricated = true;
  }
}

// Resident numbers are unique: a collision bumps the sequence digits.
void make_resident_ids_unique(Population& population) {
  std::vector<std::pair<std::string, int32_t>> keyed;
  keyed.reserve(population.persons.size());
  for (size_t i = 0; i < population.persons.size(); ++i) {
    keyed.emplace_back(population.persons[i].resident_id.substr(0, 17), static_cast<int32_t>(i));
  }
  std::sort(keyed.begin(), keyed.end());
  for (size_t i = 1; i < keyed.size(); ++i) {
    if (keyed[i].first != keyed[i - 1].first) continue;
    Person& person = population.persons[static_cast<size_t>(keyed[i].second)];
    std::string body = person.resident_id.substr(0, 17);
    for (int bump = 1; bump < 1000; ++bump) {
      const int sequence = (std::stoi(body.substr(14, 3)) + 1) % 1000;
      body.replace(14, 3, std::to_string(1000 + sequence).substr(1));
      if (!std::binary_search(keyed.begin(), keyed.end(), std::make_pair(body, int32_t{-1}),
                              [](const auto& a, const auto& b) { return a.first < b.first; })) {
        break;
      }
    }
    const char check = resident_id_check_char(body).value();
    person.resident_id = body + (person.fabricated ? (check == '0' ? '1' : '0') : check);
  }
}

void draw_shocks(const WorldOptions& options, Population& population) {
  Rng rng(stream_seed(options.seed, kShockStream, 0));
  const size_t months = static_cast<size_t>(options.months);
  population.macro.resize(months);
  for (double& shock : population.macro) shock = rng.normal();
  population.industry_shock.resize(industries().size() * months);
  for (double& shock : population.industry_shock) shock = rng.normal();
  population.circle_shock.resize(static_cast<size_t>(population.circles) * months);
  for (double& shock : population.circle_shock) shock = rng.normal();
}

}  // namespace

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::kSmall:
      return "small";
    case Kind::kMicro:
      return "micro";
    case Kind::kIndividual:
      return "individual";
  }
  return "micro";
}

const char* bookkeeping_name(int32_t index) {
  return kBookkeeping[static_cast<size_t>(index) % 4];
}

const std::vector<Region>& regions() {
  static const std::vector<Region> kRegions = {
      {"110105", "北京朝阳"}, {"310115", "上海浦东"}, {"440300", "深圳"}, {"330100", "杭州"},
      {"350100", "福州"},     {"320500", "苏州"},     {"510100", "成都"}, {"420100", "武汉"},
      {"370200", "青岛"},     {"610100", "西安"},     {"430100", "长沙"}, {"500103", "重庆渝中"},
      {"410100", "郑州"},     {"350200", "厦门"},     {"441900", "东莞"}, {"330200", "宁波"}};
  return kRegions;
}

const std::vector<Industry>& industries() {
  // Seasonality: Spring Festival dip for factories and builders, peaks for
  // retail (January, November's online festival), catering (February,
  // summer), farming (autumn harvest).
  static const std::vector<Industry> kIndustries = {
      {'A',
       "agriculture",
       "农业",
       4,
       60,
       10,
       5,
       9,
       30,
       {70, 60, 80, 90, 95, 100, 100, 110, 140, 150, 110, 85}},
      {'C',
       "manufacturing",
       "制造",
       15,
       70,
       5,
       10,
       13,
       250,
       {95, 60, 100, 105, 105, 105, 100, 100, 105, 105, 110, 110}},
      {'E',
       "construction",
       "建筑工程",
       5,
       75,
       0,
       0,
       9,
       60,
       {80, 50, 95, 105, 110, 110, 105, 105, 110, 110, 110, 110}},
      {'F',
       "wholesale_retail",
       "商贸",
       35,
       78,
       40,
       20,
       13,
       20,
       {125, 110, 90, 90, 95, 95, 90, 90, 95, 100, 125, 115}},
      {'G',
       "transport",
       "物流",
       4,
       65,
       5,
       5,
       9,
       40,
       {105, 70, 95, 100, 100, 100, 100, 100, 105, 105, 115, 115}},
      {'H',
       "accommodation_catering",
       "餐饮",
       12,
       55,
       60,
       25,
       6,
       80,
       {115, 125, 90, 95, 100, 95, 110, 110, 95, 105, 80, 90}},
      {'I',
       "information_technology",
       "科技",
       5,
       45,
       0,
       15,
       6,
       15,
       {90, 80, 100, 100, 100, 100, 100, 100, 100, 100, 105, 125}},
      {'L',
       "leasing_business_services",
       "商务服务",
       7,
       50,
       5,
       5,
       6,
       15,
       {95, 80, 100, 100, 100, 100, 100, 100, 100, 100, 105, 120}},
      {'M',
       "research_technical_services",
       "技术服务",
       2,
       45,
       0,
       5,
       6,
       15,
       {90, 80, 100, 100, 100, 100, 100, 100, 100, 100, 105, 125}},
      {'O',
       "resident_services",
       "便民服务",
       8,
       50,
       60,
       10,
       6,
       30,
       {110, 120, 95, 95, 100, 95, 100, 100, 95, 100, 95, 95}},
      {'R',
       "culture_sports_entertainment",
       "文化传媒",
       3,
       55,
       40,
       20,
       6,
       25,
       {110, 120, 90, 95, 100, 95, 110, 110, 95, 105, 80, 90}},
  };
  return kIndustries;
}

std::string enterprise_id(int64_t index) {
  const std::string digits = std::to_string(10'000'000 + index + 1);
  return "E" + digits.substr(1);
}

std::string person_id(int64_t index) {
  const std::string digits = std::to_string(100'000'000 + index + 1);
  return "P" + digits.substr(1);
}

// "9" (registered by market regulation), "1" company / "2" individual
// business, the region's division code, "MA" and seven base-31 characters of
// a bijective scramble of the index (unique below 31^7), the check character.
std::string uscc_of(const Population& population, int64_t index) {
  const Enterprise& e = population.enterprises[static_cast<size_t>(index)];
  std::string body = e.kind == Kind::kIndividual ? "92" : "91";
  body += regions()[static_cast<size_t>(e.region)].code;
  body += "MA";
  constexpr uint64_t kSpace = 27'512'614'111ULL;  // 31^7
  uint64_t scrambled = (static_cast<uint64_t>(index) * 1'000'003ULL + 7'777'777ULL) % kSpace;
  std::string tail(7, '0');
  for (int i = 6; i >= 0; --i) {
    tail[static_cast<size_t>(i)] = kUsccAlphabet[scrambled % 31];
    scrambled /= 31;
  }
  body += tail;
  return body + uscc_check_char(body).value();
}

std::string enterprise_name(const Population& population, int64_t index) {
  const Enterprise& e = population.enterprises[static_cast<size_t>(index)];
  const Industry& industry = industries()[static_cast<size_t>(e.industry)];
  const size_t word =
      static_cast<size_t>(mix64(static_cast<uint64_t>(index)) % std::size(kTradeWords));
  std::string name = std::string(regions()[static_cast<size_t>(e.region)].name) +
                     kTradeWords[word] + industry.name_word;
  if (e.kind == Kind::kIndividual) return name + "店" + std::to_string(index % 97 + 1) + "号";
  return name + "有限公司";
}

std::string enterprise_phone(int64_t index) {
  const uint64_t line = (static_cast<uint64_t>(index) * 7919ULL + 1'234'567ULL) % 100'000'000ULL;
  return "0" + std::to_string(200 + index % 700) + std::to_string(100'000'000ULL + line).substr(1);
}

std::string enterprise_address(const Population& population, int64_t index) {
  const Enterprise& e = population.enterprises[static_cast<size_t>(index)];
  const size_t road = static_cast<size_t>(index) % std::size(kRoads);
  return std::string(regions()[static_cast<size_t>(e.region)].name) + kRoads[road] +
         std::to_string(index / static_cast<int64_t>(std::size(kRoads)) + 1) + "号";
}

Population build_population(const WorldOptions& options) {
  Population population;
  Rng rng(stream_seed(options.seed, kStructureStream, 0));
  const int32_t start = options.start_year * 12 + options.start_month - 1;
  const int32_t end_month = start + options.months - 1;
  population.enterprises.resize(static_cast<size_t>(options.enterprises));
  for (size_t i = 0; i < population.enterprises.size(); ++i) {
    Enterprise& e = population.enterprises[i];
    e.contact_owner = static_cast<int32_t>(i);
    draw_enterprise(rng, options, end_month, e);
    draw_owners(rng, options, population, e);
  }
  draw_groups(rng, population);
  draw_trade_and_parents(rng, population);
  fabricate_identities(rng, options, population);
  make_resident_ids_unique(population);
  draw_shocks(options, population);
  return population;
}

uint64_t enterprise_stream_seed(const WorldOptions& options, int64_t index) {
  return stream_seed(options.seed, kEnterpriseStream, static_cast<uint64_t>(index));
}

}  // namespace smecredit::world
