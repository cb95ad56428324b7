// @brief The facet and sort fields of every document of an index generation, held in memory by
// docid (columns), so that filters, exact disjunctive facet counts and browse ordering over a
// million documents take a pass over arrays instead of a Xapian document fetch per match.
//
// Built once per generation from the value streams (about half a second per million
// documents), then kept current from the index's change log (schema::kMetaChangeSeq): a
// reader that sees a newer change set re-reads just the documents it names. One ColumnStore is
// shared by every thread that reads the generation; reads take a shared lock, catching up an
// exclusive one.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "query/facet_buckets.h"

namespace starry::query {

// Asks for the cache line at `p`. GCC 12 at -O2 removed __builtin_prefetch from the loops that
// need it (no instruction left in the binary), so on x86-64 it is spelt out.
inline void PrefetchLine(const void* p) {
#if defined(__x86_64__)
  asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(p)));
#else
  __builtin_prefetch(p);
#endif
}

// A posting list: documents in docid order.
using Postings = std::vector<Xapian::docid>;

// Distinct facet values ("key\tlabel", as the indexer writes them into value slots) as small
// integer codes. Append-only.
class Dictionary {
 public:
  uint32_t Code(std::string_view key_and_label);
  const std::string& Value(uint32_t code) const { return values_[code]; }
  std::string_view Key(uint32_t code) const;  // the part before the tab
  size_t size() const { return values_.size(); }

 private:
  std::vector<std::string> values_;
  std::unordered_map<std::string, uint32_t> codes_;
};

// A document's multi-valued fields.
struct DocLists {
  std::vector<uint32_t> cities, countries, names, field_terms;
  std::vector<Xapian::LatLongCoord> coords;
};

// A document's facet values packed into 32 bytes: counting a match reads one cache line instead
// of one per column (the facets of a query matching a tenth of a million documents were bound
// by those misses). Lists longer than fit, or with a code over 16 bits, are read from
// ColumnStore::Cities() and Countries() instead.
struct alignas(32) FacetRow {
  static constexpr size_t kCities = 5, kCountries = 4;
  static constexpr uint8_t kListed = 0xFF;  // as a count: read the document's lists
  uint32_t category = 0;
  uint8_t present = 0, verified = 0;
  uint8_t rating = kNoBucket;                                       // RatingThresholdOf
  uint8_t price[4] = {kNoBucket, kNoBucket, kNoBucket, kNoBucket};  // [tier + 1]: PriceBucketOf
  uint8_t city_count = 0, country_count = 0;
  uint16_t cities[kCities] = {}, countries[kCountries] = {};
};
static_assert(sizeof(FacetRow) == 32);

class ColumnStore {
 public:
  // A numeric value the document does not have (compares false with everything).
  static constexpr double kAbsent = std::numeric_limits<double>::quiet_NaN();

  // Reads every document of `db` (its current revision). Throws Xapian::Error.
  explicit ColumnStore(Xapian::Database& db);

  // Applies the change sets `db` has that this store has not; rebuilds when the log no longer
  // reaches back far enough. Throws Xapian::Error.
  void CatchUp(Xapian::Database& db);

  // Reading: hold the returned lock while using any accessor below.
  std::shared_lock<std::shared_mutex> ReadLock() const { return std::shared_lock(mu_); }

  Xapian::docid end() const { return static_cast<Xapian::docid>(present_.size()); }  // 1 + max
  bool Present(Xapian::docid id) const { return id < present_.size() && present_[id]; }
  // Present() of docids word * 64 to word * 64 + 63, as bits.
  uint64_t PresentBits(size_t word) const {
    return word < present_bits_.size() ? present_bits_[word] : 0;
  }
  uint32_t Category(Xapian::docid id) const { return category_[id]; }
  bool Verified(Xapian::docid id) const { return verified_[id] != 0; }
  double Rating(Xapian::docid id) const { return rating_[id]; }
  double Popularity(Xapian::docid id) const { return popularity_[id]; }
  double CreatedAt(Xapian::docid id) const { return created_at_[id]; }
  // Price in cents: tier < 0 the lowest of all, else that meeting tier's (schema::MeetingTier).
  double Price(Xapian::docid id, int tier) const { return price_[tier + 1][id]; }
  // Inline: facet counting calls these for every matching document.
  std::span<const uint32_t> Cities(Xapian::docid id) const {
    if (has_changed_lists_[id]) return changed_.at(id).cities;
    return {city_codes_.data() + city_offsets_[id], city_codes_.data() + city_offsets_[id + 1]};
  }
  std::span<const uint32_t> Countries(Xapian::docid id) const {
    if (has_changed_lists_[id]) return changed_.at(id).countries;
    return {country_codes_.data() + country_offsets_[id],
            country_codes_.data() + country_offsets_[id + 1]};
  }
  std::span<const Xapian::LatLongCoord> Coords(Xapian::docid id) const;
  // The document's facet values in one place (all of the above, bucketed).
  const FacetRow& Row(Xapian::docid id) const { return rows_[id]; }
  // Asks for what counting and ranking a match reads, ahead of reading it: matches are in docid
  // order but scattered, and their cache misses overlap when asked for a few at a time.
  void PrefetchRow(Xapian::docid id) const {
    PrefetchLine(rows_.data() + std::min<size_t>(id, rows_.size() - 1));
  }
  void PrefetchPopularity(Xapian::docid id) const {
    PrefetchLine(popularity_.data() + std::min<size_t>(id, popularity_.size() - 1));
  }
  void Prefetch(Xapian::docid id) const {
    const size_t at = std::min<size_t>(id, rows_.size() - 1);
    PrefetchLine(rows_.data() + at);
    PrefetchLine(present_.data() + at);
    PrefetchLine(popularity_.data() + at);
  }

  // The name field's terms (schema prefix N, unprefixed): each document's, and each term's
  // documents in docid order, for suggestions. A document's entries are codes of name_terms(),
  // with kFirstWord set on the terms of the name's first word (schema::kNameFirstPrefix).
  static constexpr uint32_t kFirstWord = 1u << 31;
  std::span<const uint32_t> Names(Xapian::docid id) const;
  const Dictionary& name_terms() const { return name_terms_; }
  const std::vector<Xapian::docid>& NamePostings(uint32_t code) const {
    return name_postings_[code];
  }
  // The same documents, the most popular first (absent popularity as -1; ties: lower docid).
  const Postings& NamePostingsByPopularity(uint32_t code) const {
    return name_by_popularity_[code];
  }
  // The popularity that order uses.
  double PopularityRank(Xapian::docid id) const {
    return std::isnan(popularity_[id]) ? -1 : popularity_[id];
  }
  std::optional<uint32_t> NameCode(std::string_view term) const;
  // Calls f(code) for every name term starting with `prefix`, in term order, until f returns
  // false.
  template <typename F>
  void ForEachNameWithPrefix(std::string_view prefix, F&& f) const {
    for (auto it = name_order_.lower_bound(prefix);
         it != name_order_.end() && it->first.starts_with(prefix); ++it) {
      if (!f(it->second)) return;
    }
  }

  // The present documents with category, city or country `code`, in docid order.
  const Postings& CategoryPostings(uint32_t code) const { return category_postings_[code]; }
  const Postings& CityPostings(uint32_t code) const { return city_postings_[code]; }
  const Postings& CountryPostings(uint32_t code) const { return country_postings_[code]; }

  // The documents present when the store was last built, the most popular first (as
  // PopularityRank orders them; ties: the lower docid). A document changed since (Changed())
  // may have moved: its place here is stale.
  const Postings& PopularityOrder() const { return popularity_order_; }
  // Whether the document changed (or was added or deleted) since the store was last built.
  bool Changed(Xapian::docid id) const { return has_changed_lists_[id] != 0; }
  // Calls f(docid) for each document Changed() says.
  template <typename F>
  void ForEachChanged(F&& f) const {
    for (const auto& entry : changed_) f(entry.first);
  }

  // The documents of a term of the small lexicon fields (profession, category, city), with
  // its prefix ("Cparis"), in docid order; null when no document has it. Kept current by
  // catch-up. Most of a short prefix's candidates are such terms: each read through Xapian
  // cost ~50 us the first time (the 1M demo: 1,614 terms, 5.0M postings, 20 MB).
  const Postings* FieldPostings(std::string_view prefixed_term) const {
    auto it = field_codes_of_.find(prefixed_term);
    return it == field_codes_of_.end() ? nullptr : &field_postings_[it->second];
  }

  // A frequent term's documents as a bitmap by docid, or null. Frequent: a term of the text
  // fields outside the names (username, profession, category, city, bio), or a name-length
  // term, in at least 1/128 of the documents when the store was built, the most frequent first
  // within 128 MiB (the 1M demo: 694 terms, 84 MB). Kept current by catch-up. A short prefix's
  // words ("and", "is", "chefs", "share") read up to a million postings through Xapian
  // otherwise.
  const std::vector<uint64_t>* TermBits(std::string_view term) const {
    auto it = term_bits_of_.find(term);
    return it == term_bits_of_.end() ? nullptr : &term_bits_[it->second];
  }

  const Dictionary& categories() const { return categories_; }
  const Dictionary& cities() const { return cities_; }
  const Dictionary& countries() const { return countries_; }
  uint64_t change_seq() const { return seq_; }
  // Unique per store in this process (caches keyed by store must not confuse two).
  uint64_t id() const { return id_; }

 private:
  void Load(Xapian::Database& db);
  void Reset(Xapian::docid end);
  void ReadDocument(Xapian::Database& db, Xapian::docid id);
  void Grow(Xapian::docid end);
  // rows_[id] from the document's columns and lists.
  void MakeRow(Xapian::docid id);
  void LoadNames(Xapian::Database& db, Xapian::docid end);
  void LoadTermBits(Xapian::Database& db);
  void LoadFieldTerms(Xapian::Database& db, Xapian::docid end);
  // The document's small-field term codes (loaded arrays, or changed_).
  std::span<const uint32_t> FieldTerms(Xapian::docid id) const;
  // Moves the document in the name postings from its current terms to `now`.
  void SetNames(Xapian::docid id, const std::vector<uint32_t>& now);
  // The category, city and country postings of every document, from the loaded columns.
  void IndexCodes();
  // Takes the (present) document out of its category, city and country postings, or puts it in.
  void UnindexCodes(Xapian::docid id);
  void ReindexCodes(Xapian::docid id);
  // The name postings by popularity: built from the loaded columns; a document taken out of
  // them (before it changes) and put back (after).
  void RankNames();
  void UnrankNames(Xapian::docid id);
  void ReRankNames(Xapian::docid id);
  static constexpr std::string_view kNamePrefix = "N";

  mutable std::shared_mutex mu_;
  const uint64_t id_ = NextId();
  static uint64_t NextId();
  uint64_t seq_ = 0;
  bool complete_ = false;  // false while (or after) a load or catch-up stopped half-way
  void SetPresent(Xapian::docid id, bool present);
  std::vector<uint8_t> present_, verified_;
  std::vector<uint64_t> present_bits_;  // present_ as bits
  std::vector<uint32_t> category_;
  std::vector<double> rating_, popularity_, created_at_;
  std::vector<double> price_[4];  // [0] lowest, [1 + tier] per meeting tier
  std::vector<FacetRow> rows_;
  // Lists as one array per field with offsets by docid, as loaded; a document changed since
  // lives in `changed_` instead (its flag set), which a rebuild folds back in.
  std::vector<uint32_t> city_offsets_, city_codes_, country_offsets_, country_codes_;
  std::vector<uint32_t> coord_offsets_;
  std::vector<Xapian::LatLongCoord> coord_values_;
  std::vector<uint32_t> name_offsets_, name_codes_;
  std::vector<std::vector<Xapian::docid>> name_postings_;
  std::vector<Postings> name_by_popularity_;
  Postings popularity_order_;
  std::map<std::string, uint32_t, std::less<>> name_order_;
  Dictionary name_terms_;
  std::vector<uint8_t> has_changed_lists_;
  std::unordered_map<Xapian::docid, DocLists> changed_;
  Dictionary categories_, cities_, countries_;
  std::vector<Postings> category_postings_, city_postings_, country_postings_;
  std::map<std::string, uint32_t, std::less<>> field_codes_of_;  // small-field term -> code
  std::vector<Postings> field_postings_;                         // by code
  std::vector<uint32_t> field_offsets_, field_terms_;            // each document's codes
  std::map<std::string, uint32_t, std::less<>> term_bits_of_;    // term -> term_bits_ index
  std::vector<std::vector<uint64_t>> term_bits_;
};

// The column stores of the newest generations (two at most, like LexiconCache), shared by the
// threads that read them.
class ColumnCache {
 public:
  // The store for generation `dir`, caught up with `db` (a handle on that generation).
  // Throws Xapian::Error.
  std::shared_ptr<ColumnStore> For(const std::filesystem::path& dir, Xapian::Database& db);

 private:
  std::mutex mu_;
  std::vector<std::pair<std::filesystem::path, std::shared_ptr<ColumnStore>>> entries_;
  // Reads the newest generation's files into the OS page cache (query/page_cache.h); a newer
  // generation's stops and replaces it.
  std::jthread warmer_;
};

}  // namespace starry::query
