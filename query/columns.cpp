#include "query/columns.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <set>
#include <utility>

#include "query/bits.h"
#include "query/page_cache.h"
#include "schema/document_schema.h"

namespace starry::query {
namespace {

uint64_t ChangeSeq(Xapian::Database& db) {
  std::string s = db.get_metadata(std::string(schema::kMetaChangeSeq));
  uint64_t seq = 0;
  std::from_chars(s.data(), s.data() + s.size(), seq);
  return seq;
}

// Calls `line` for each '\n'-separated part of a slot's value.
template <typename F>
void ForEachLine(std::string_view s, F&& line) {
  while (!s.empty()) {
    size_t nl = s.find('\n');
    line(s.substr(0, nl));
    if (nl == std::string_view::npos) break;
    s.remove_prefix(nl + 1);
  }
}

std::vector<Xapian::LatLongCoord> ParseCoords(const std::string& value) {
  std::vector<Xapian::LatLongCoord> out;
  if (value.empty()) return out;
  Xapian::LatLongCoords coords;
  coords.unserialise(value);
  for (auto it = coords.begin(); it != coords.end(); ++it) out.push_back(*it);
  return out;
}

constexpr Xapian::valueno kPriceSlots[] = {schema::kMinPriceSlot, schema::kTierPriceSlot,
                                           schema::kTierPriceSlot + 1, schema::kTierPriceSlot + 2};

// Rebuilds when this many documents live outside the loaded arrays, or change at once.
constexpr size_t kMaxChangedLists = 100000;
constexpr size_t kMaxBatch = 20000;

void Erase(std::vector<Xapian::docid>& list, Xapian::docid id) {
  auto at = std::lower_bound(list.begin(), list.end(), id);
  if (at != list.end() && *at == id) list.erase(at);
}

// (docid, code) pairs as each document's codes: `codes` from offsets[id] to offsets[id + 1],
// in the pairs' order (a counting sort on docid).
void ByDocument(const std::vector<std::pair<Xapian::docid, uint32_t>>& pairs, Xapian::docid end,
                std::vector<uint32_t>& offsets, std::vector<uint32_t>& codes) {
  std::vector<uint32_t> counts(end + 1, 0);
  for (const auto& [id, code] : pairs) ++counts[id];
  uint32_t running = 0;
  for (Xapian::docid id = 0; id <= end; ++id) {
    offsets[id] = running;
    running += id < end ? counts[id] : 0;
  }
  codes.resize(pairs.size());
  std::vector<uint32_t> fill(offsets.begin(), offsets.end());
  for (const auto& [id, code] : pairs) codes[fill[id]++] = code;
}

// A term of the small lexicon fields (profession, category, city).
bool IsFieldTerm(std::string_view term) {
  for (const auto& spec : schema::kTextFields) {
    if (spec.in_lexicon && spec.field != schema::TextField::kName &&
        term.starts_with(spec.prefix) && term.size() > spec.prefix.size() &&
        !std::isupper(static_cast<unsigned char>(term[spec.prefix.size()]))) {
      return true;
    }
  }
  return false;
}

void Insert(std::vector<Xapian::docid>& list, Xapian::docid id) {
  auto at = std::lower_bound(list.begin(), list.end(), id);
  if (at == list.end() || *at != id) list.insert(at, id);
}

}  // namespace

uint32_t Dictionary::Code(std::string_view key_and_label) {
  std::string value(key_and_label);
  auto [it, inserted] = codes_.try_emplace(value, static_cast<uint32_t>(values_.size()));
  if (inserted) values_.push_back(std::move(value));
  return it->second;
}

std::string_view Dictionary::Key(uint32_t code) const {
  std::string_view v = values_[code];
  return v.substr(0, v.find('\t'));
}

uint64_t ColumnStore::NextId() {
  static std::atomic<uint64_t> next{1};
  return next++;
}

ColumnStore::ColumnStore(Xapian::Database& db) { Load(db); }

void ColumnStore::SetPresent(Xapian::docid id, bool present) {
  present_[id] = present;
  if (present) {
    SetBit(present_bits_, id);
  } else {
    ClearBit(present_bits_, id);
  }
}

void ColumnStore::Reset(Xapian::docid end) {
  present_.assign(end, 0);
  present_bits_.assign((end + 63) / 64, 0);
  verified_.assign(end, 0);
  category_.assign(end, 0);
  for (auto* v : {&rating_, &popularity_, &created_at_}) v->assign(end, kAbsent);
  for (auto& p : price_) p.assign(end, kAbsent);
  rows_.assign(end, FacetRow{});
  city_offsets_.assign(end + 1, 0);
  name_offsets_.assign(end + 1, 0);
  name_codes_.clear();
  name_postings_.clear();
  name_by_popularity_.clear();
  popularity_order_.clear();
  name_order_.clear();
  name_terms_ = Dictionary();
  country_offsets_.assign(end + 1, 0);
  coord_offsets_.assign(end + 1, 0);
  city_codes_.clear();
  country_codes_.clear();
  coord_values_.clear();
  has_changed_lists_.assign(end, 0);
  changed_.clear();
  category_postings_.clear();
  city_postings_.clear();
  country_postings_.clear();
  term_bits_of_.clear();
  term_bits_.clear();
  field_codes_of_.clear();
  field_postings_.clear();
  field_offsets_.assign(end + 1, 0);
  field_terms_.clear();
}

void ColumnStore::Grow(Xapian::docid end) {
  if (end <= present_.size()) return;
  present_.resize(end, 0);
  present_bits_.resize((end + 63) / 64, 0);
  verified_.resize(end, 0);
  category_.resize(end, 0);
  for (auto* v : {&rating_, &popularity_, &created_at_}) v->resize(end, kAbsent);
  for (auto& p : price_) p.resize(end, kAbsent);
  rows_.resize(end);
  // New documents keep their lists in changed_; the offsets give them empty loaded lists.
  for (auto* offsets :
       {&city_offsets_, &country_offsets_, &coord_offsets_, &name_offsets_, &field_offsets_}) {
    offsets->resize(end + 1, offsets->back());
  }
  has_changed_lists_.resize(end, 0);
  for (auto& bits : term_bits_) bits.resize((end + 63) / 64, 0);
}

void ColumnStore::Load(Xapian::Database& db) {
  complete_ = false;  // until every step below is done: a store left half-built is rebuilt
  seq_ = ChangeSeq(db);
  const Xapian::docid end = db.get_lastdocid() + 1;
  Reset(end);
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) SetPresent(*p, true);

  auto numbers = [&](Xapian::valueno slot, std::vector<double>& out) {
    for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
      out[v.get_docid()] = Xapian::sortable_unserialise(*v);
    }
  };
  numbers(schema::kRatingSlot, rating_);
  numbers(schema::kPopularitySlot, popularity_);
  numbers(schema::kCreatedAtSlot, created_at_);
  for (int i = 0; i < 4; ++i) numbers(kPriceSlots[i], price_[i]);
  for (auto v = db.valuestream_begin(schema::kCategorySlot);
       v != db.valuestream_end(schema::kCategorySlot); ++v) {
    category_[v.get_docid()] = categories_.Code(*v);
  }
  for (auto v = db.valuestream_begin(schema::kVerifiedSlot);
       v != db.valuestream_end(schema::kVerifiedSlot); ++v) {
    verified_[v.get_docid()] = *v == "1";
  }
  // Lists: the stream is in docid order, so each document's entries are appended in turn and
  // the offsets of documents without the value repeat the running end.
  auto lists = [&](Xapian::valueno slot, Dictionary& dict, std::vector<uint32_t>& offsets,
                   std::vector<uint32_t>& codes) {
    Xapian::docid next = 0;
    for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
      for (; next <= v.get_docid(); ++next) offsets[next] = static_cast<uint32_t>(codes.size());
      ForEachLine(*v, [&](std::string_view line) { codes.push_back(dict.Code(line)); });
    }
    for (; next <= end; ++next) offsets[next] = static_cast<uint32_t>(codes.size());
  };
  lists(schema::kCitiesSlot, cities_, city_offsets_, city_codes_);
  lists(schema::kCountriesSlot, countries_, country_offsets_, country_codes_);
  Xapian::docid next = 0;
  for (auto v = db.valuestream_begin(schema::kCoordinatesSlot);
       v != db.valuestream_end(schema::kCoordinatesSlot); ++v) {
    for (; next <= v.get_docid(); ++next) {
      coord_offsets_[next] = static_cast<uint32_t>(coord_values_.size());
    }
    for (const auto& c : ParseCoords(*v)) coord_values_.push_back(c);
  }
  for (; next <= end; ++next) coord_offsets_[next] = static_cast<uint32_t>(coord_values_.size());
  for (Xapian::docid id = 1; id < end; ++id) MakeRow(id);
  LoadNames(db, end);
  LoadTermBits(db);
  LoadFieldTerms(db, end);
  IndexCodes();
  RankNames();
  complete_ = true;
}

void ColumnStore::MakeRow(Xapian::docid id) {
  FacetRow row;
  row.present = present_[id];
  if (row.present) {
    row.category = category_[id];
    row.verified = verified_[id];
    row.rating = RatingThresholdOf(rating_[id]);
    for (int i = 0; i < 4; ++i) row.price[i] = PriceBucketOf(price_[i][id]);
    // Inline when the list fits and every code does; kListed otherwise.
    auto pack = [](std::span<const uint32_t> codes, uint16_t* into, size_t room, uint8_t& count) {
      count = FacetRow::kListed;
      if (codes.size() > room) return;
      for (size_t i = 0; i < codes.size(); ++i) {
        if (codes[i] >= 0xFFFF) return;
        into[i] = static_cast<uint16_t>(codes[i]);
      }
      count = static_cast<uint8_t>(codes.size());
    };
    pack(Cities(id), row.cities, FacetRow::kCities, row.city_count);
    pack(Countries(id), row.countries, FacetRow::kCountries, row.country_count);
  }
  rows_[id] = row;
}

void ColumnStore::RankNames() {
  std::vector<Xapian::docid> order;
  for (Xapian::docid id = 1; id < end(); ++id) {
    if (present_[id]) order.push_back(id);
  }
  std::sort(order.begin(), order.end(), [&](Xapian::docid a, Xapian::docid b) {
    double pa = PopularityRank(a), pb = PopularityRank(b);
    return pa != pb ? pa > pb : a < b;
  });
  name_by_popularity_.assign(name_terms_.size(), {});
  for (Xapian::docid id : order) {
    for (uint32_t entry : Names(id)) name_by_popularity_[entry & ~kFirstWord].push_back(id);
  }
  popularity_order_ = std::move(order);
}

void ColumnStore::UnrankNames(Xapian::docid id) {
  for (uint32_t entry : Names(id)) {
    auto& list = name_by_popularity_[entry & ~kFirstWord];
    auto at = std::find(list.begin(), list.end(), id);
    if (at != list.end()) list.erase(at);
  }
}

void ColumnStore::ReRankNames(Xapian::docid id) {
  name_by_popularity_.resize(name_terms_.size());
  if (!present_[id]) return;
  const double rank = PopularityRank(id);
  for (uint32_t entry : Names(id)) {
    auto& list = name_by_popularity_[entry & ~kFirstWord];
    auto at = std::lower_bound(list.begin(), list.end(), id, [&](Xapian::docid a, Xapian::docid) {
      double pa = PopularityRank(a);
      return pa != rank ? pa > rank : a < id;
    });
    if (at == list.end() || *at != id) list.insert(at, id);
  }
}

void ColumnStore::IndexCodes() {
  category_postings_.assign(categories_.size(), {});
  city_postings_.assign(cities_.size(), {});
  country_postings_.assign(countries_.size(), {});
  for (Xapian::docid id = 1; id < end(); ++id) {
    if (!present_[id]) continue;
    category_postings_[category_[id]].push_back(id);
    for (uint32_t c : Cities(id)) city_postings_[c].push_back(id);
    for (uint32_t c : Countries(id)) country_postings_[c].push_back(id);
  }
}

void ColumnStore::UnindexCodes(Xapian::docid id) {
  if (!present_[id]) return;
  Erase(category_postings_[category_[id]], id);
  for (uint32_t c : Cities(id)) Erase(city_postings_[c], id);
  for (uint32_t c : Countries(id)) Erase(country_postings_[c], id);
}

void ColumnStore::ReindexCodes(Xapian::docid id) {
  if (!present_[id]) return;
  category_postings_.resize(categories_.size());
  city_postings_.resize(cities_.size());
  country_postings_.resize(countries_.size());
  Insert(category_postings_[category_[id]], id);
  for (uint32_t c : Cities(id)) Insert(city_postings_[c], id);
  for (uint32_t c : Countries(id)) Insert(country_postings_[c], id);
}

void ColumnStore::LoadNames(Xapian::Database& db, Xapian::docid end) {
  const std::string prefix(kNamePrefix);
  std::vector<std::pair<Xapian::docid, uint32_t>> firsts;
  const std::string first_prefix(schema::kNameFirstPrefix);
  for (auto t = db.allterms_begin(first_prefix); t != db.allterms_end(first_prefix); ++t) {
    uint32_t code = name_terms_.Code((*t).substr(first_prefix.size()));
    for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
      firsts.emplace_back(*p, code);
    }
  }
  std::sort(firsts.begin(), firsts.end());
  std::vector<std::pair<Xapian::docid, uint32_t>> pairs;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    std::string term = (*t).substr(prefix.size());
    uint32_t code = name_terms_.Code(term);
    name_order_.emplace(term, code);
    name_postings_.resize(name_terms_.size());
    for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
      name_postings_[code].push_back(*p);
      bool first = std::binary_search(firsts.begin(), firsts.end(), std::pair(*p, code));
      pairs.emplace_back(*p, first ? code | kFirstWord : code);
    }
  }
  ByDocument(pairs, end, name_offsets_, name_codes_);
}

void ColumnStore::LoadTermBits(Xapian::Database& db) {
  // In at least 1/128 of the documents, the most frequent first, within a memory budget.
  constexpr size_t kShare = 128, kBudgetBytes = size_t{128} << 20;
  const Xapian::doccount frequent = std::max<Xapian::doccount>(1, db.get_doccount() / kShare);
  std::vector<std::string> prefixes{std::string(schema::kNameWordsPrefix)};
  for (const auto& spec : schema::kTextFields) {
    if (spec.field != schema::TextField::kName) prefixes.emplace_back(spec.prefix);
  }
  std::vector<std::pair<Xapian::doccount, std::string>> terms;
  for (const auto& prefix : prefixes) {
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      if (t.get_termfreq() >= frequent) terms.emplace_back(t.get_termfreq(), *t);
    }
  }
  std::sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  const size_t words = (end() + 63) / 64;
  terms.resize(std::min(terms.size(), kBudgetBytes / (words * sizeof(uint64_t) + 1)));
  for (const auto& [df, term] : terms) {
    std::vector<uint64_t> bits(words, 0);
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
      if (*p < end()) SetBit(bits, *p);
    }
    term_bits_of_.emplace(term, static_cast<uint32_t>(term_bits_.size()));
    term_bits_.push_back(std::move(bits));
  }
}

void ColumnStore::LoadFieldTerms(Xapian::Database& db, Xapian::docid end) {
  std::vector<std::pair<Xapian::docid, uint32_t>> pairs;
  for (const auto& spec : schema::kTextFields) {
    if (!spec.in_lexicon || spec.field == schema::TextField::kName) continue;
    const std::string prefix(spec.prefix);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      if (!IsFieldTerm(*t)) continue;
      const auto code = static_cast<uint32_t>(field_postings_.size());
      field_codes_of_.emplace(*t, code);
      Postings& list = field_postings_.emplace_back();
      for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
        list.push_back(*p);
        pairs.emplace_back(*p, code);
      }
    }
  }
  ByDocument(pairs, end, field_offsets_, field_terms_);
}

std::span<const uint32_t> ColumnStore::FieldTerms(Xapian::docid id) const {
  if (has_changed_lists_[id]) return changed_.at(id).field_terms;
  return {field_terms_.data() + field_offsets_[id], field_terms_.data() + field_offsets_[id + 1]};
}

std::optional<uint32_t> ColumnStore::NameCode(std::string_view term) const {
  auto it = name_order_.find(term);
  if (it == name_order_.end()) return std::nullopt;
  return it->second;
}

void ColumnStore::SetNames(Xapian::docid id, const std::vector<uint32_t>& now) {
  for (uint32_t entry : Names(id)) Erase(name_postings_[entry & ~kFirstWord], id);
  for (uint32_t entry : now) Insert(name_postings_[entry & ~kFirstWord], id);
}

void ColumnStore::ReadDocument(Xapian::Database& db, Xapian::docid id) {
  UnindexCodes(id);
  UnrankNames(id);
  for (uint32_t code : FieldTerms(id)) Erase(field_postings_[code], id);
  for (auto& bits : term_bits_) ClearBit(bits, id);
  Xapian::Document doc;
  try {
    doc = db.get_document(id);
  } catch (const Xapian::DocNotFoundError&) {
    SetNames(id, {});
    SetPresent(id, false);
    changed_[id] = DocLists{};
    has_changed_lists_[id] = 1;
    MakeRow(id);
    return;
  }
  SetPresent(id, true);
  auto number = [&](Xapian::valueno slot) {
    std::string v = doc.get_value(slot);
    return v.empty() ? kAbsent : Xapian::sortable_unserialise(v);
  };
  rating_[id] = number(schema::kRatingSlot);
  popularity_[id] = number(schema::kPopularitySlot);
  created_at_[id] = number(schema::kCreatedAtSlot);
  for (int i = 0; i < 4; ++i) price_[i][id] = number(kPriceSlots[i]);
  category_[id] = categories_.Code(doc.get_value(schema::kCategorySlot));
  verified_[id] = doc.get_value(schema::kVerifiedSlot) == "1";
  DocLists lists;
  ForEachLine(doc.get_value(schema::kCitiesSlot),
              [&](std::string_view line) { lists.cities.push_back(cities_.Code(line)); });
  ForEachLine(doc.get_value(schema::kCountriesSlot),
              [&](std::string_view line) { lists.countries.push_back(countries_.Code(line)); });
  lists.coords = ParseCoords(doc.get_value(schema::kCoordinatesSlot));
  const std::string prefix(kNamePrefix), first_prefix(schema::kNameFirstPrefix);
  std::set<std::string> firsts;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    if ((*t).starts_with(first_prefix)) firsts.insert((*t).substr(first_prefix.size()));
    if (auto it = term_bits_of_.find(*t); it != term_bits_of_.end()) {
      SetBit(term_bits_[it->second], id);
    }
    if (IsFieldTerm(*t)) {
      auto [it, added] = field_codes_of_.emplace(*t, static_cast<uint32_t>(field_postings_.size()));
      if (added) field_postings_.emplace_back();
      lists.field_terms.push_back(it->second);
    }
  }
  // Once the termlist is read (Xapian may throw while reading it).
  for (uint32_t code : lists.field_terms) Insert(field_postings_[code], id);
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    if (!(*t).starts_with(prefix)) continue;
    std::string term = (*t).substr(prefix.size());
    uint32_t code = name_terms_.Code(term);
    name_order_.emplace(term, code);
    name_postings_.resize(name_terms_.size());
    lists.names.push_back(firsts.contains(term) ? code | kFirstWord : code);
  }
  SetNames(id, lists.names);
  changed_[id] = std::move(lists);
  has_changed_lists_[id] = 1;
  MakeRow(id);
  ReindexCodes(id);
  ReRankNames(id);
}

void ColumnStore::CatchUp(Xapian::Database& db) {
  const uint64_t seq = ChangeSeq(db);
  {
    std::shared_lock read(mu_);
    if (complete_ && seq <= seq_) return;
  }
  std::unique_lock write(mu_);
  if (!complete_) {  // an earlier load or catch-up stopped half-way (a Xapian error)
    Load(db);
    return;
  }
  if (seq <= seq_) return;
  std::set<Xapian::docid> ids;
  for (uint64_t n = seq_ + 1; n <= seq; ++n) {
    std::string list = db.get_metadata(std::string(schema::kMetaChangesPrefix) + std::to_string(n));
    if (list.empty()) {  // pruned: this store is too far behind
      Load(db);
      return;
    }
    for (std::string_view rest = list; !rest.empty();) {
      size_t comma = rest.find(',');
      Xapian::docid id = 0;
      std::from_chars(rest.data(), rest.data() + std::min(comma, rest.size()), id);
      if (id > 0) ids.insert(id);
      rest = comma == std::string_view::npos ? "" : rest.substr(comma + 1);
    }
  }
  // A large batch (a category renamed) is rebuilt: each document moves in sorted lists as long
  // as its category's, under the exclusive lock.
  if (changed_.size() + ids.size() > kMaxChangedLists + present_.size() / 8 ||
      ids.size() > kMaxBatch) {
    Load(db);
    return;
  }
  Grow(db.get_lastdocid() + 1);
  complete_ = false;  // until every document is read: the change set applies whole or not at all
  for (Xapian::docid id : ids) {
    if (id < present_.size()) ReadDocument(db, id);
  }
  seq_ = seq;
  complete_ = true;
}

std::span<const uint32_t> ColumnStore::Names(Xapian::docid id) const {
  if (has_changed_lists_[id]) return changed_.at(id).names;
  return {name_codes_.data() + name_offsets_[id], name_codes_.data() + name_offsets_[id + 1]};
}

std::span<const Xapian::LatLongCoord> ColumnStore::Coords(Xapian::docid id) const {
  if (has_changed_lists_[id]) return changed_.at(id).coords;
  return {coord_values_.data() + coord_offsets_[id], coord_values_.data() + coord_offsets_[id + 1]};
}

std::shared_ptr<ColumnStore> ColumnCache::For(const std::filesystem::path& dir,
                                              Xapian::Database& db) {
  std::shared_ptr<ColumnStore> store;
  std::jthread retired;  // an older generation's warming, stopped and joined outside the lock
  {
    std::lock_guard lock(mu_);
    for (auto& [d, s] : entries_) {
      if (d == dir) store = s;
    }
    if (!store) {
      // A generation not seen yet: built now (the first search after a swap waits for it).
      for (int attempt = 0;; ++attempt) {
        try {
          store = std::make_shared<ColumnStore>(db);
          break;
        } catch (const Xapian::DatabaseModifiedError&) {  // commits overtook a long read
          if (attempt == 2) throw;
          db.reopen();
        }
      }
      entries_.emplace_back(dir, store);
      if (entries_.size() > 2) entries_.erase(entries_.begin());
      retired = std::exchange(
          warmer_, std::jthread([dir](const std::stop_token& stop) { WarmPageCache(dir, stop); }));
      return store;
    }
  }
  store->CatchUp(db);
  return store;
}

}  // namespace starry::query
