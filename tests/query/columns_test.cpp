// The in-memory columns against the index they mirror: a store caught up through the change
// log equals one rebuilt from scratch, and filters, exact disjunctive facets and browse order
// computed over the columns agree with Xapian's own boolean queries and a brute-force count
// over the documents' values, on random requests.
#include "query/columns.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <random>
#include <set>

#include "query/column_filter.h"
#include "query/lexicon_snapshot.h"
#include "query/read_cache.h"
#include "query/searcher.h"
#include "query/text_matcher.h"
#include "query/text_scorer.h"
#include "schema/document_schema.h"
#include "tests/indexer/index_fixture.h"

namespace starry::query {
namespace {

using Xapian::Query;

bool SameNumber(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

std::vector<std::string> Strings(const Dictionary& dict, std::span<const uint32_t> codes) {
  std::vector<std::string> out;
  for (uint32_t c : codes) {
    out.push_back(dict.Value(c & ~ColumnStore::kFirstWord) +
                  (c & ColumnStore::kFirstWord ? " (first)" : ""));
  }
  return out;
}

// The document's packed facet row says what its columns and lists say.
void ExpectRowAgrees(const ColumnStore& store, Xapian::docid id) {
  const FacetRow& row = store.Row(id);
  SCOPED_TRACE("row of docid " + std::to_string(id));
  EXPECT_TRUE(row.present);
  EXPECT_EQ(row.category, store.Category(id));
  EXPECT_EQ(row.verified != 0, store.Verified(id));
  EXPECT_EQ(row.rating, RatingThresholdOf(store.Rating(id)));
  for (int tier = -1; tier < 3; ++tier) {
    EXPECT_EQ(row.price[tier + 1], PriceBucketOf(store.Price(id, tier))) << tier;
  }
  auto inline_or_listed = [](uint8_t count, const uint16_t* codes, std::span<const uint32_t> list,
                             size_t room) {
    if (count == FacetRow::kListed) {
      EXPECT_GT(list.size(), room);  // kept inline when it fits (codes here are small)
      return;
    }
    EXPECT_EQ(std::vector<uint32_t>(codes, codes + count),
              std::vector<uint32_t>(list.begin(), list.end()));
  };
  inline_or_listed(row.city_count, row.cities, store.Cities(id), FacetRow::kCities);
  inline_or_listed(row.country_count, row.countries, store.Countries(id), FacetRow::kCountries);
}

// Everything a store says of a document, compared field by field.
void ExpectSameStores(const ColumnStore& got, const ColumnStore& want) {
  auto lock_got = got.ReadLock();
  auto lock_want = want.ReadLock();
  EXPECT_EQ(got.change_seq(), want.change_seq());
  const Xapian::docid end = std::max(got.end(), want.end());
  int present = 0;
  for (Xapian::docid id = 1; id < end; ++id) {
    ASSERT_EQ(got.Present(id), want.Present(id)) << "docid " << id;
    ASSERT_EQ((got.PresentBits(id / 64) >> (id % 64) & 1) != 0, got.Present(id)) << id;
    if (!want.Present(id)) {
      EXPECT_FALSE(got.Row(id).present) << "docid " << id;
      continue;
    }
    ++present;
    EXPECT_EQ(got.categories().Value(got.Category(id)), want.categories().Value(want.Category(id)));
    EXPECT_EQ(got.Verified(id), want.Verified(id));
    EXPECT_TRUE(SameNumber(got.Rating(id), want.Rating(id)));
    EXPECT_TRUE(SameNumber(got.Popularity(id), want.Popularity(id)));
    EXPECT_TRUE(SameNumber(got.CreatedAt(id), want.CreatedAt(id)));
    for (int tier = -1; tier < 3; ++tier) {
      EXPECT_TRUE(SameNumber(got.Price(id, tier), want.Price(id, tier))) << id << " " << tier;
    }
    EXPECT_EQ(Strings(got.cities(), got.Cities(id)), Strings(want.cities(), want.Cities(id)));
    EXPECT_EQ(Strings(got.countries(), got.Countries(id)),
              Strings(want.countries(), want.Countries(id)));
    EXPECT_EQ(Strings(got.name_terms(), got.Names(id)), Strings(want.name_terms(), want.Names(id)));
    ExpectRowAgrees(got, id);
    ASSERT_EQ(got.Coords(id).size(), want.Coords(id).size());
    for (size_t i = 0; i < got.Coords(id).size(); ++i) {
      EXPECT_EQ(got.Coords(id)[i].latitude, want.Coords(id)[i].latitude);
      EXPECT_EQ(got.Coords(id)[i].longitude, want.Coords(id)[i].longitude);
    }
  }
  EXPECT_GT(present, 0);
  // Each name term's documents (terms the rebuilt store lacks have none left).
  for (uint32_t code = 0; code < got.name_terms().size(); ++code) {
    auto want_code = want.NameCode(got.name_terms().Value(code));
    std::vector<Xapian::docid> none;
    EXPECT_EQ(got.NamePostings(code), want_code ? want.NamePostings(*want_code) : none)
        << got.name_terms().Value(code);
    EXPECT_EQ(got.NamePostingsByPopularity(code),
              want_code ? want.NamePostingsByPopularity(*want_code) : none)
        << got.name_terms().Value(code);
  }
  // Each category's, city's and country's documents, by value (codes differ between stores).
  auto by_value = [](const Dictionary& dict, auto postings) {
    std::map<std::string, Postings> out;
    for (uint32_t code = 0; code < dict.size(); ++code) {
      if (!postings(code).empty()) out[dict.Value(code)] = postings(code);
    }
    return out;
  };
  EXPECT_EQ(by_value(got.categories(), [&](uint32_t c) { return got.CategoryPostings(c); }),
            by_value(want.categories(), [&](uint32_t c) { return want.CategoryPostings(c); }));
  EXPECT_EQ(by_value(got.cities(), [&](uint32_t c) { return got.CityPostings(c); }),
            by_value(want.cities(), [&](uint32_t c) { return want.CityPostings(c); }));
  EXPECT_EQ(by_value(got.countries(), [&](uint32_t c) { return got.CountryPostings(c); }),
            by_value(want.countries(), [&](uint32_t c) { return want.CountryPostings(c); }));
}

// The store's frequent-term bitmaps and small-field postings say what the index's posting
// lists say.
void ExpectTermsAsIndexed(const ColumnStore& store, Xapian::Database& db) {
  auto lock = store.ReadLock();
  int fields = 0;
  for (std::string prefix : {"P", "K", "C"}) {
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      const Postings* list = store.FieldPostings(*t);
      ASSERT_NE(list, nullptr) << *t;
      EXPECT_EQ(*list, Postings(db.postlist_begin(*t), db.postlist_end(*t))) << *t;
      ++fields;
    }
  }
  EXPECT_GT(fields, 10);
  int frequent = 0;
  for (std::string prefix : {"U", "P", "K", "C", "B", "XNW"}) {
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      const std::vector<uint64_t>* bits = store.TermBits(*t);
      if (bits == nullptr) continue;
      ++frequent;
      std::set<Xapian::docid> indexed(db.postlist_begin(*t), db.postlist_end(*t));
      for (Xapian::docid id = 1; id < store.end(); ++id) {
        ASSERT_EQ(((*bits)[id / 64] >> (id % 64) & 1) != 0, indexed.contains(id))
            << *t << " docid " << id;
      }
    }
  }
  EXPECT_GT(frequent, 10);
}

class ColumnsTest : public starry::testing::IndexFixture {
 protected:
  int SeedCount() const override { return 300; }
};

TEST_F(ColumnsTest, ACaughtUpStoreEqualsARebuiltOne) {
  Reindex();
  Xapian::Database db(Store().StubPath().string());
  ColumnStore store(db);
  const uint64_t seq = store.change_seq();
  const std::vector<std::string> changes = {
      "UPDATE celebrities SET display_name = display_name || ' Jr', is_verified = NOT "
      "is_verified, average_rating = 1.5, total_bookings = total_bookings + 7 WHERE id IN "
      "(SELECT id FROM celebrities ORDER BY id LIMIT 5)",
      "UPDATE meeting_types SET price_cents = price_cents * 3 WHERE id IN (SELECT id FROM "
      "meeting_types ORDER BY id LIMIT 9)",
      "DELETE FROM meeting_types WHERE id IN (SELECT id FROM meeting_types ORDER BY id DESC "
      "LIMIT 4)",
      "INSERT INTO celebrity_availability (celebrity_id, city, country, country_code, timezone, "
      "latitude, longitude) SELECT id, 'Reykjavik', 'Iceland', 'IS', 'Atlantic/Reykjavik', 64.1, "
      "-21.9 FROM celebrities ORDER BY id DESC LIMIT 3",
      "UPDATE celebrities SET is_active = false WHERE id IN (SELECT id FROM celebrities ORDER BY "
      "username LIMIT 4)",
      "DELETE FROM celebrities WHERE id IN (SELECT id FROM celebrities ORDER BY username DESC "
      "LIMIT 3)",
      "INSERT INTO celebrities (username, display_name, category_id, total_bookings) SELECT "
      "'newcomer' || g, 'New Comer ' || g, (SELECT id FROM categories ORDER BY slug LIMIT 1), g "
      "FROM generate_series(1, 4) g",
      "UPDATE categories SET name = name || ' & Co' WHERE id = (SELECT category_id FROM "
      "celebrities WHERE is_active ORDER BY id LIMIT 1)",
      "UPDATE celebrities SET category_id = (SELECT id FROM categories ORDER BY slug DESC LIMIT "
      "1) WHERE id IN (SELECT id FROM celebrities WHERE is_active ORDER BY id DESC LIMIT 6)",
      "DELETE FROM celebrity_availability WHERE id IN (SELECT id FROM celebrity_availability "
      "ORDER BY id LIMIT 5)",
  };
  // A browse that selects nothing: its facets are counted once per store and change (per
  // thread), so a change must show in them at once. As a string, to compare in one go.
  auto browse = [&](const ColumnStore& columns) {
    analyzers::Lexicon lexicon = BuildLexicon(db);
    auto result = Searcher(db, columns, lexicon, analyzer_).Search(SearchRequest{});
    EXPECT_TRUE(result);
    std::string out = "total " + std::to_string(result ? result->total : -1);
    for (const auto& f : result ? result->facets : std::vector<Facet>{}) {
      for (const auto& b : f.buckets) {
        out += "\n" + f.name + " " + b.value + " " + b.label + " " + std::to_string(b.count);
      }
    }
    return out;
  };
  for (const auto& sql : changes) {
    browse(store);  // counted for this store before the change
    Exec(sql);
    while (Sync().rows > 0) {
    }
    db.reopen();
    store.CatchUp(db);
    std::string after = browse(store);
    ColumnStore rebuilt(db);
    SCOPED_TRACE(sql);
    ExpectSameStores(store, rebuilt);
    ExpectTermsAsIndexed(store, db);
    EXPECT_EQ(after, browse(rebuilt));
  }
  EXPECT_GE(store.change_seq(), seq + changes.size());
}

// The filters as plain Xapian boolean queries, as the searcher built them before the columns.
struct Reference {
  Xapian::Database& db;
  const SearchRequest& r;
  Xapian::GreatCircleMetric metric;
  std::unique_ptr<Xapian::LatLongDistancePostingSource> geo;

  std::map<Group, Query> Filters() {
    std::map<Group, Query> f;
    auto any = [](std::string_view prefix, const std::vector<std::string>& values) {
      std::vector<Query> terms;
      for (const auto& v : values) terms.emplace_back(std::string(prefix) + v);
      return Query(Query::OP_OR, terms.begin(), terms.end());
    };
    if (!r.categories.empty()) f[kCategory] = any(schema::kCategoryPrefix, r.categories);
    if (!r.cities.empty()) f[kCity] = any(schema::kCityPrefix, r.cities);
    if (!r.countries.empty()) f[kCountry] = any(schema::kCountryPrefix, r.countries);
    if (r.min_price_cents || r.max_price_cents) {
      std::vector<Query> ranges;
      for (int t = 0; t < 3; ++t) {
        if (r.meeting_tier && *r.meeting_tier != t) continue;
        ranges.emplace_back(Query::OP_VALUE_RANGE, schema::kTierPriceSlot + t,
                            Xapian::sortable_serialise(double(r.min_price_cents.value_or(0))),
                            Xapian::sortable_serialise(double(r.max_price_cents.value_or(1e15))));
      }
      f[kPrice] = Query(Query::OP_OR, ranges.begin(), ranges.end());
    } else if (r.meeting_tier) {
      f[kMeetingType] = Query(std::string(schema::kMeetingTypePrefix) +
                              std::string(schema::kTierNames[*r.meeting_tier]));
    }
    if (r.min_rating) {
      f[kRating] =
          Query(Query::OP_VALUE_GE, schema::kRatingSlot, Xapian::sortable_serialise(*r.min_rating));
    }
    if (r.verified) {
      Query v{std::string(schema::kVerifiedTerm)};
      f[kVerified] = *r.verified ? v : Query(Query::OP_AND_NOT, Query::MatchAll, v);
    }
    if (r.near) {
      geo = std::make_unique<Xapian::LatLongDistancePostingSource>(
          schema::kCoordinatesSlot, Xapian::LatLongCoord(r.near->latitude, r.near->longitude),
          metric, r.near->radius_km * 1000.0);
      f[kGeo] = Query(geo.get());
    }
    return f;
  }

  std::vector<Xapian::docid> Matching(const Query& text, std::optional<Group> except) {
    std::vector<Query> filters;
    for (const auto& [g, q] : Filters()) {
      if (g != except) filters.push_back(q);
    }
    if (r.available_from) {  // not a facet: applies to every count
      std::vector<Query> dates;
      for (auto d = schema::FromCompactDate(*r.available_from);
           d <= schema::FromCompactDate(*r.available_to); d += std::chrono::days(1)) {
        if (r.cities.empty()) {
          dates.emplace_back(std::string(schema::kDatePrefix) + schema::CompactDate(d));
        }
        for (const auto& city : r.cities) {
          dates.emplace_back(std::string(schema::kCityDatePrefix) + city + "@" +
                             schema::CompactDate(d));
        }
      }
      filters.emplace_back(Query::OP_OR, dates.begin(), dates.end());
    }
    Query q = filters.empty() ? text
                              : Query(Query::OP_FILTER, text,
                                      Query(Query::OP_AND, filters.begin(), filters.end()));
    Xapian::Enquire e(db);
    e.set_query(q);
    e.set_weighting_scheme(Xapian::BoolWeight());
    e.set_docid_order(Xapian::Enquire::ASCENDING);
    std::vector<Xapian::docid> ids;
    for (auto m : e.get_mset(0, db.get_doccount())) ids.push_back(m);
    return ids;
  }

  // Facet counts over documents' values, "key\tlabel" -> count.
  std::map<std::string, int64_t> Count(Group g, const std::vector<Xapian::docid>& ids) {
    std::map<std::string, int64_t> counts;
    auto lines = [&](const std::string& v) {
      for (size_t at = 0; at < v.size();) {
        size_t nl = std::min(v.find('\n', at), v.size());
        ++counts[v.substr(at, nl - at)];
        at = nl + 1;
      }
    };
    for (Xapian::docid id : ids) {
      Xapian::Document doc = db.get_document(id);
      switch (g) {
        case kCategory:
          ++counts[doc.get_value(schema::kCategorySlot)];
          break;
        case kCity:
          lines(doc.get_value(schema::kCitiesSlot));
          break;
        case kCountry:
          lines(doc.get_value(schema::kCountriesSlot));
          break;
        case kVerified:
          ++counts[doc.get_value(schema::kVerifiedSlot) == "1" ? "true\tVerified"
                                                               : "false\tNot verified"];
          break;
        case kRating: {
          double rating = Xapian::sortable_unserialise(doc.get_value(schema::kRatingSlot));
          for (const char* t : {"4.5", "4.0", "3.5", "3.0"}) {
            if (rating >= std::stod(t)) ++counts[std::string(t) + "\t" + t + " & up"];
          }
          break;
        }
        case kPrice: {
          std::string v = doc.get_value(r.meeting_tier ? schema::kTierPriceSlot + *r.meeting_tier
                                                       : schema::kMinPriceSlot);
          if (v.empty()) break;
          double dollars = Xapian::sortable_unserialise(v) / 100;
          const int64_t bounds[] = {0, 100, 250, 500, 1000, 2500, 5000};
          for (size_t b = 0; b < std::size(bounds); ++b) {
            bool last = b + 1 == std::size(bounds);
            if (dollars < bounds[b] || (!last && dollars >= bounds[b + 1])) continue;
            std::string lo = std::to_string(bounds[b]);
            std::string key = last ? lo + "-\t$" + lo + "+"
                                   : lo + "-" + std::to_string(bounds[b + 1]) + "\t$" + lo + "–$" +
                                         std::to_string(bounds[b + 1]);
            ++counts[key];
          }
          break;
        }
        default:
          break;
      }
    }
    return counts;
  }
};

// The facet as MakeFacet gives it, back to "key\tlabel" -> count (cities: the top 20 only).
std::map<std::string, int64_t> AsCounts(const Facet& f) {
  std::map<std::string, int64_t> out;
  for (const auto& b : f.buckets) out[b.value + "\t" + b.label] = b.count;
  return out;
}

class ColumnsAgreeTest : public ColumnsTest {};

TEST_F(ColumnsAgreeTest, FiltersFacetsAndBrowseOrderAgreeWithXapian) {
  Reindex();
  Xapian::Database db(Store().StubPath().string());
  ColumnStore columns(db);
  analyzers::Lexicon lexicon = BuildLexicon(db);
  TextMatcher matcher(analyzer_, lexicon);

  auto terms = [&](std::string_view prefix) {
    std::vector<std::string> out;
    for (auto t = db.allterms_begin(std::string(prefix)); t != db.allterms_end(std::string(prefix));
         ++t) {
      out.push_back((*t).substr(prefix.size()));
    }
    return out;
  };
  const auto categories = terms(schema::kCategoryPrefix);
  const auto cities = terms(schema::kCityPrefix);
  const auto countries = terms(schema::kCountryPrefix);
  const auto dates = terms(schema::kDatePrefix);  // YYYYMMDD, sorted
  std::vector<std::string> words;
  for (auto t = db.allterms_begin("N"); t != db.allterms_end("N"); ++t) {
    if ((*t).size() > 4 && db.get_termfreq(*t) > 1) words.push_back((*t).substr(1));
  }
  ASSERT_GT(categories.size(), 3u);
  ASSERT_GT(cities.size(), 10u);
  ASSERT_FALSE(words.empty());

  std::mt19937 rng(20261122);
  auto chance = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };
  auto pick = [&](const std::vector<std::string>& from, size_t most) {
    std::vector<std::string> out;
    size_t n = 1 + rng() % most;
    for (size_t i = 0; i < n; ++i) out.push_back(from[rng() % from.size()]);
    return out;
  };
  int nonempty = 0, compared_pages = 0;
  for (int i = 0; i < 300; ++i) {
    SearchRequest r;
    if (chance(30)) r.text = words[rng() % words.size()];
    if (chance(40)) r.categories = pick(categories, 3);
    if (chance(25)) r.cities = pick(cities, 3);
    if (chance(25)) r.countries = pick(countries, 2);
    if (chance(30)) {
      if (chance(70)) r.min_price_cents = int64_t(rng() % 2000) * 100;
      if (chance(70))
        r.max_price_cents = r.min_price_cents.value_or(0) + int64_t(rng() % 3000) * 100;
    }
    if (chance(25)) r.meeting_tier = static_cast<int>(rng() % 3);
    if (chance(30)) r.min_rating = 3.0 + (rng() % 20) / 10.0;
    if (chance(25)) r.verified = chance(50);
    if (chance(20) && !dates.empty()) {
      size_t from = rng() % dates.size();
      r.available_from = dates[from];
      r.available_to = dates[std::min(dates.size() - 1, from + rng() % 4)];
    }
    if (chance(15)) {
      auto coords = columns.Coords(1 + rng() % (columns.end() - 1));
      if (!coords.empty()) r.near = GeoFilter{coords[0].latitude, coords[0].longitude, 1500};
    }
    const SortOrder sorts[] = {SortOrder::kRelevance, SortOrder::kPopularity, SortOrder::kPriceAsc,
                               SortOrder::kPriceDesc, SortOrder::kRating,     SortOrder::kNewest};
    r.sort = sorts[rng() % std::size(sorts)];
    r.limit = 1 + static_cast<int>(rng() % 30);
    r.page = 1 + static_cast<int>(rng() % 3);
    SCOPED_TRACE("request " + std::to_string(i) + " text '" + r.text + "'");

    Searcher searcher(db, columns, lexicon, analyzer_);
    auto got = searcher.Search(r);
    ASSERT_TRUE(got) << got.error().message;
    Reference ref{db, r, {}, {}};
    Query text = r.text.empty() ? Query::MatchAll : TextMatcher::BuildQuery(matcher.Match(r.text));
    auto matching = ref.Matching(text, std::nullopt);
    EXPECT_EQ(got->total, static_cast<int64_t>(matching.size()));
    nonempty += !matching.empty();
    for (size_t f = 0; f < std::size(kFacetGroups); ++f) {
      Group g = kFacetGroups[f];
      auto want = ref.Count(g, ref.Matching(text, g));
      auto have = AsCounts(got->facets[f]);
      if (g == kCity) {  // the top 20 of the counted cities
        for (const auto& [k, n] : have) EXPECT_EQ(want[k], n) << k;
        EXPECT_EQ(have.size(), std::min<size_t>(want.size(), 20));
      } else {
        EXPECT_EQ(have, want) << kFacetNames[f];
      }
    }
    // Page order: by the sort's value (absent last), then popularity, then the text's score
    // (Xapian's weight for the text query), then docid; by relevance, the score first.
    std::map<Xapian::docid, double> score;
    if (!r.text.empty()) {
      Xapian::Enquire enquire(db);
      enquire.set_query(text);
      enquire.set_weighting_scheme(Xapian::CoordWeight());
      Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
      for (auto it = all.begin(); it != all.end(); ++it) score[*it] = it.get_weight();
    }
    auto value = [&](Xapian::docid id, Xapian::valueno slot) {
      std::string v = db.get_document(id).get_value(slot);
      return v.empty() ? std::nullopt : std::optional(Xapian::sortable_unserialise(v));
    };
    Xapian::valueno price =
        r.meeting_tier ? schema::kTierPriceSlot + *r.meeting_tier : schema::kMinPriceSlot;
    auto key = [&](Xapian::docid id) {
      std::optional<double> v;
      bool descending = true;
      switch (r.sort) {
        case SortOrder::kPriceAsc:
          v = value(id, price);
          descending = false;
          break;
        case SortOrder::kPriceDesc:
          v = value(id, price);
          break;
        case SortOrder::kRating:
          v = value(id, schema::kRatingSlot);
          break;
        case SortOrder::kNewest:
          v = value(id, schema::kCreatedAtSlot);
          break;
        default:
          v = value(id, schema::kPopularitySlot);
      }
      double primary = !v ? -1e300 : (descending ? *v : -*v);
      double popularity = value(id, schema::kPopularitySlot).value_or(-1e300);
      if (!r.text.empty() && r.sort == SortOrder::kRelevance) {
        return std::tuple(-score[id], -popularity, 0.0, id);
      }
      return std::tuple(-primary, -popularity, -score[id], id);
    };
    std::stable_sort(matching.begin(), matching.end(),
                     [&](auto a, auto b) { return key(a) < key(b); });
    std::vector<std::string> want_page, got_page;
    for (size_t at = size_t(r.page - 1) * r.limit;
         at < matching.size() && at < size_t(r.page) * r.limit; ++at) {
      want_page.push_back(db.get_document(matching[at]).get_data());
    }
    for (const auto& hit : got->hits) got_page.push_back(hit.card_json);
    EXPECT_EQ(got_page, want_page);
    compared_pages += !want_page.empty();
  }
  EXPECT_GT(nonempty, 100);  // the requests are not all trivially empty
  EXPECT_GT(compared_pages, 50);
}

// The scorer reads posting lists itself: it must match exactly the documents, and give exactly
// the weights, that Xapian's matcher gives TextMatcher::BuildQuery under CoordWeight. Queries
// are index words as typed, with a typo, cut to a prefix, two or three of them, with and
// without a word left out.
TEST_F(ColumnsAgreeTest, TextScoresAgreeWithXapian) {
  Reindex();
  Xapian::Database db(Store().StubPath().string());
  analyzers::Lexicon lexicon = BuildLexicon(db);
  TextMatcher matcher(analyzer_, lexicon);
  std::vector<std::string> words;
  for (const char* prefix : {"N", "P", "K", "C", "B"}) {
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      if ((*t).size() > 2) words.push_back((*t).substr(1));
    }
  }
  ASSERT_GT(words.size(), 100u);
  std::mt19937 rng(20261206);
  auto word = [&] {
    std::string w = words[rng() % words.size()];
    switch (rng() % 4) {
      case 0:  // a typo
        if (w.size() > 4) w[1 + rng() % (w.size() - 2)] = static_cast<char>('a' + rng() % 26);
        break;
      case 1:  // a prefix
        w.resize(std::max<size_t>(1, w.size() / 2));
        break;
      default:
        break;
    }
    return w;
  };
  ColumnStore columns(db);
  auto lock = columns.ReadLock();
  TextScorer scorer;
  int compared = 0, matched = 0;
  for (int i = 0; i < 400; ++i) {
    std::string text = word();
    for (size_t n = rng() % 3; n > 0; --n) text += " " + word();
    if (rng() % 4 == 0) text += " ";  // the last word complete
    auto match = matcher.Match(text);
    if (match.empty()) continue;
    std::optional<size_t> skip;
    if (match.size() > 1 && rng() % 3 == 0) skip = rng() % match.size();
    SCOPED_TRACE("query '" + text + "'" + (skip ? " without word " + std::to_string(*skip) : ""));

    Xapian::Enquire enquire(db);
    enquire.set_query(TextMatcher::BuildQuery(match, skip));
    enquire.set_weighting_scheme(Xapian::CoordWeight());
    Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    std::map<Xapian::docid, double> want;
    for (auto it = mset.begin(); it != mset.end(); ++it) want[*it] = it.get_weight();

    auto score = [&] {
      std::map<Xapian::docid, double> got;
      Xapian::docid last = 0;
      for (const ScoredDoc& d : scorer.Score(db, columns, match, skip)) {
        EXPECT_GT(d.id, last) << "not in docid order";
        last = d.id;
        got[d.id] = d.score;
      }
      return got;
    };
    EXPECT_EQ(score(), want);
    // Posting lists read from the index (the first time a long list is asked for), then kept
    // (the second time), as they are on a large index.
    ReadCache& cache = ReadCache::For(db, columns);
    cache.KeepLists(0, ReadCache::kMaxList);
    EXPECT_EQ(score(), want) << "read from the index";
    EXPECT_EQ(score(), want) << "kept";
    cache.KeepLists(ReadCache::kSmallList, ReadCache::kMaxList);
    ++compared;
    matched += !want.empty();
  }
  EXPECT_GT(compared, 300);
  EXPECT_GT(matched, 150);
}

// A one-word search takes query/single_word.h's way: the same answer as the general one (the
// scorer's matches through RankedPage), page for page, on every kind of word: names, the
// small fields, frequent bio words and their prefixes, after changes that move documents in
// popularity, delete and add some.
class SingleWordTest : public ColumnsTest {
 protected:
  int SeedCount() const override { return 600; }
  void TearDown() override {
    Searcher::UseSingleWordPathForTesting(true);
    ColumnsTest::TearDown();
  }
};

TEST_F(SingleWordTest, AnswersAsTheGeneralWayDoes) {
  Reindex();
  Xapian::Database db(Store().StubPath().string());
  ColumnStore columns(db);
  for (const char* sql : {
           "UPDATE celebrities SET total_bookings = total_bookings + 100000 WHERE id IN (SELECT id "
           "FROM celebrities ORDER BY id DESC LIMIT 30)",
           "UPDATE celebrities SET total_bookings = 0, average_rating = 0 WHERE id IN (SELECT id "
           "FROM celebrities ORDER BY total_bookings DESC LIMIT 10)",
           // Ties in popularity: a third of the catalogue alike (log1p(5), no reviews).
           "UPDATE celebrities SET total_bookings = 5, total_reviews = 0 WHERE md5(username) < '5'",
           "DELETE FROM celebrities WHERE id IN (SELECT id FROM celebrities ORDER BY username "
           "LIMIT 7)",
           "INSERT INTO celebrities (username, display_name, category_id, total_bookings, bio) "
           "SELECT 'newcomer' || g, 'Newcomer', (SELECT id FROM categories ORDER BY slug LIMIT 1), "
           "g * 50000, 'an actor and a singer' FROM generate_series(1, 5) g",
       }) {
    Exec(sql);
    while (Sync().rows > 0) {
    }
  }
  db.reopen();
  columns.CatchUp(db);
  analyzers::Lexicon lexicon = BuildLexicon(db);

  // Words of every field, the bio's most frequent first.
  std::vector<std::pair<Xapian::doccount, std::string>> bio;
  for (auto t = db.allterms_begin("B"); t != db.allterms_end("B"); ++t) {
    bio.emplace_back(t.get_termfreq(), (*t).substr(1));
  }
  std::sort(bio.rbegin(), bio.rend());
  std::vector<std::string> words;
  for (size_t i = 0; i < bio.size() && i < 12; ++i) words.push_back(bio[i].second);
  for (const char* prefix : {"N", "P", "K", "C", "B"}) {
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      words.push_back((*t).substr(1));
    }
  }
  std::mt19937 rng(20261207);
  auto text = [&](size_t i) {
    std::string w = i < 24 ? words[i % 12] : words[rng() % words.size()];
    if (rng() % 3 != 0) w.resize(std::min(w.size(), 1 + rng() % 4));  // being typed
    if (rng() % 4 == 0) w += " ";                                     // a whole word
    return w;
  };
  auto answer = [&](const SearchRequest& r, bool single_word_path) {
    Searcher::UseSingleWordPathForTesting(single_word_path);
    auto result = Searcher(db, columns, lexicon, analyzer_).Search(r);
    EXPECT_TRUE(result);
    std::string out = "total " + std::to_string(result ? result->total : -1);
    if (!result) return out;
    for (const auto& h : result->hits) out += "\n" + h.card_json + " " + h.highlight;
    for (const auto& f : result->facets) {
      for (const auto& b : f.buckets)
        out += "\n" + f.name + " " + b.value + " " + std::to_string(b.count);
    }
    out += "\ncorrection " + result->correction.value_or("-");
    return out;
  };
  const int64_t catalogue = [&] {
    auto lock = columns.ReadLock();
    int64_t n = 0;
    for (Xapian::docid id = 1; id < columns.end(); ++id) n += columns.Present(id);
    return n;
  }();
  int most = 0, some = 0;  // answers matching most of the catalogue, and a tenth to half
  for (size_t i = 0; i < 240; ++i) {
    SearchRequest r;
    r.text = text(i);
    r.sort = SortOrder::kRelevance;
    r.limit = 1 + static_cast<int>(rng() % 25);
    r.page = 1 + static_cast<int>(rng() % 3);
    SCOPED_TRACE("'" + r.text + "' limit " + std::to_string(r.limit) + " page " +
                 std::to_string(r.page));
    std::string got = answer(r, true);
    ASSERT_EQ(got, answer(r, false));
    int64_t total = std::stoll(got.substr(6));
    most += total * 2 > catalogue;
    some += total * 10 > catalogue && total * 2 <= catalogue;
  }
  EXPECT_GT(most, 5);
  EXPECT_GT(some, 5);
}

}  // namespace
}  // namespace starry::query
