// Search semantics against a real index built by the indexer from a seeded PostgreSQL.
#include "query/searcher.h"

#include <rapidjson/document.h>

#include "query/lexicon_snapshot.h"
#include "query/request_parser.h"
#include "tests/indexer/index_fixture.h"

namespace starry::query {
namespace {

class SearcherTest : public starry::testing::IndexFixture {
 protected:
  void SetUp() override {
    IndexFixture::SetUp();
    // Two near-namesakes: the typo-match one is far more popular.
    Exec(
        "INSERT INTO celebrities (username, display_name, category_id, total_bookings, "
        "is_verified) "
        "SELECT 'marksmith', 'Mark Smith', id, 1, false FROM categories WHERE slug = 'athletes'");
    Exec(
        "INSERT INTO celebrities (username, display_name, category_id, total_bookings, "
        "is_verified) "
        "SELECT 'marksmyth', 'Mark Smyth', id, 90000, true FROM categories WHERE slug = "
        "'athletes'");
    Reindex();
    db_handle_ = Xapian::Database(Store().StubPath().string());
    lexicon_ = BuildLexicon(db_handle_);
    columns_ = std::make_unique<ColumnStore>(db_handle_);
  }

  SearchResult Search(Params params) {
    auto request = ParseSearchParams(params);
    EXPECT_TRUE(request) << request.error().message;
    Searcher searcher(db_handle_, *columns_, lexicon_, analyzer_);
    auto result = searcher.Search(*request);
    EXPECT_TRUE(result) << result.error().message;
    return result.value_or(SearchResult{});
  }
  static std::string Field(const Hit& hit, const char* name) {
    rapidjson::Document d;
    d.Parse(hit.card_json.c_str());
    return d[name].IsString() ? d[name].GetString() : "";
  }
  std::vector<std::string> Usernames(const SearchResult& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(Field(h, "username"));
    return out;
  }
  std::string Top(Params params) {
    auto r = Search(std::move(params));
    return r.hits.empty() ? "" : Field(r.hits[0], "username");
  }
  const FacetBucket* Bucket(const SearchResult& r, const std::string& facet,
                            const std::string& value) {
    for (const auto& f : r.facets) {
      if (f.name != facet) continue;
      for (const auto& b : f.buckets) {
        if (b.value == value) return &b;
      }
    }
    return nullptr;
  }

  Xapian::Database db_handle_;
  analyzers::Lexicon lexicon_;
  std::unique_ptr<ColumnStore> columns_;
};

TEST_F(SearcherTest, ExactAccentAndScriptInsensitiveNames) {
  EXPECT_EQ(Top({{"q", "taylor swift"}}), "taylorswift");
  EXPECT_EQ(Top({{"q", "beyonce"}}), "beyonce");
  EXPECT_EQ(Top({{"q", "Beyoncé"}}), "beyonce");
  EXPECT_EQ(Top({{"q", "bjork"}}), "bjork");
  EXPECT_EQ(Top({{"q", "周杰倫"}}), "jaychou");
  EXPECT_EQ(Top({{"q", "zhou jie lun"}}), "jaychou");
  EXPECT_EQ(Top({{"q", "mariya sharapova"}}), "mariasharapova");
  EXPECT_EQ(Top({{"q", "conan o'brien"}}), "conanobrien");
  EXPECT_EQ(Top({{"q", "gordon-levitt"}}), "josephgordonlevitt");
}

TEST_F(SearcherTest, TyposAndPrefixes) {
  EXPECT_EQ(Top({{"q", "taylr swift"}}), "taylorswift");  // one typo
  EXPECT_EQ(Top({{"q", "beyonse"}}), "beyonce");          // one typo
  EXPECT_EQ(Top({{"q", "sharapova mariya"}}), "mariasharapova");
  auto prefix = Search({{"q", "tay"}});
  auto names = Usernames(prefix);
  EXPECT_NE(std::find(names.begin(), names.end(), "taylorswift"), names.end());
  EXPECT_EQ(Top({{"q", "taylor sw"}}), "taylorswift");  // last word as a prefix
}

TEST_F(SearcherTest, AnExactMatchOutranksAMorePopularTypoMatch) {
  auto r = Search({{"q", "mark smith"}});
  ASSERT_GE(r.hits.size(), 2u);
  EXPECT_EQ(Field(r.hits[0], "username"), "marksmith");
  EXPECT_EQ(Field(r.hits[1], "username"), "marksmyth");
  EXPECT_NE(r.hits[0].highlight.find("<mark>Smith</mark>"), std::string::npos)
      << r.hits[0].highlight;
}

TEST_F(SearcherTest, ZeroResultsDropTheLeastUsefulWordAndOfferACorrection) {
  auto relaxed = Search({{"q", "taylor qqqxqqq"}});
  ASSERT_TRUE(relaxed.dropped_word.has_value());
  EXPECT_EQ(*relaxed.dropped_word, "qqqxqqq");
  EXPECT_EQ(Usernames(relaxed).front(), "taylorswift");
  auto corrected = Search({{"q", "tayler swfit "}});
  ASSERT_TRUE(corrected.correction.has_value());
  EXPECT_EQ(*corrected.correction, "taylor swift");
  EXPECT_FALSE(Search({{"q", "taylor swift"}}).correction.has_value());
}

TEST_F(SearcherTest, ARepeatedWordCountsOnceAndLongTextsAreNotRelaxed) {
  EXPECT_EQ(Usernames(Search({{"q", "taylor taylor swift taylor swift"}})),
            Usernames(Search({{"q", "taylor swift"}})));
  auto corrected = Search({{"q", "tayler tayler swfit "}});
  ASSERT_TRUE(corrected.correction.has_value());
  EXPECT_EQ(*corrected.correction, "taylor taylor swift");
  auto in_order = Search({{"q", "swfit tayler swfit "}});
  ASSERT_TRUE(in_order.correction.has_value());
  EXPECT_EQ(*in_order.correction, "swift taylor swift");
  // Dropping the unknown word drops all its repeats.
  auto twice = Search({{"q", "taylor swift qqqxqqq qqqxqqq"}});
  ASSERT_TRUE(twice.dropped_word.has_value());
  EXPECT_EQ(*twice.dropped_word, "qqqxqqq");
  EXPECT_EQ(Usernames(twice).front(), "taylorswift");
  // Relaxing tries each word: eight distinct words are still relaxed, nine are not.
  // (Words from Taylor Swift's bio.)
  auto eight = Search({{"q", "taylor swift qqqxqqq singer fan meetings tour lyrics"}});
  ASSERT_TRUE(eight.dropped_word.has_value());
  EXPECT_EQ(*eight.dropped_word, "qqqxqqq");
  EXPECT_EQ(Usernames(eight).front(), "taylorswift");
  auto repeated = Search({{"q", "taylor swift qqqxqqq singer fan meetings tour lyrics swift"}});
  ASSERT_TRUE(repeated.dropped_word.has_value());  // nine words, eight of them distinct
  EXPECT_EQ(*repeated.dropped_word, "qqqxqqq");
  auto nine = Search({{"q", "taylor swift qqqxqqq singer fan meetings tour lyrics photo"}});
  EXPECT_EQ(nine.total, 0);
  EXPECT_FALSE(nine.dropped_word.has_value());
}

TEST_F(SearcherTest, FiltersCombine) {
  for (const auto& u : Usernames(Search({{"category", "musicians"}, {"limit", "100"}}))) {
    auto one = Search({{"q", u}, {"category", "musicians"}});
    EXPECT_GT(one.total, 0) << u;
  }
  auto verified = Usernames(Search({{"q", "mark smith "}, {"verified", "true"}}));
  EXPECT_EQ(verified, std::vector<std::string>{"marksmyth"});  // "smith" is a typo away
  auto unverified = Usernames(Search({{"q", "mark smith "}, {"verified", "false"}}));
  EXPECT_EQ(unverified, std::vector<std::string>{"marksmith"});
  // Price: every hit has a meeting type in range.
  auto priced = Search({{"minPrice", "1000"}, {"maxPrice", "3000"}, {"limit", "100"}});
  EXPECT_GT(priced.total, 0);
  for (const auto& h : priced.hits) {
    rapidjson::Document d;
    d.Parse(h.card_json.c_str());
    bool in_range = false;
    for (const auto& m : d["meetingTypes"].GetArray()) {
      int64_t p = m["priceCents"].GetInt64();
      in_range = in_range || (p >= 100000 && p <= 300000);
    }
    EXPECT_TRUE(in_range) << h.card_json;
  }
  // Country and distance.
  EXPECT_GT(Search({{"country", "us"}}).total, 0);
  auto near = Search({{"near", "34.05,-118.24"}, {"radiusKm", "50"}, {"sort", "distance"}});
  ASSERT_GT(near.total, 0);
  for (const auto& h : near.hits) EXPECT_LE(h.distance_km, 50.0) << h.card_json;
}

TEST_F(SearcherTest, AvailabilityWithACityNeedsTheSameEntry) {
  // A date on which Taylor is bookable in one city: found with that city, not with another.
  auto row = pqxx::nontransaction(*conn_).exec1(
      "SELECT to_char(d.date, 'YYYY-MM-DD'), a.city FROM available_dates d JOIN "
      "celebrity_availability a ON a.id = d.availability_id JOIN celebrities c ON c.id = "
      "a.celebrity_id WHERE c.username = 'taylorswift' AND NOT d.is_blocked AND d.booked_slots < "
      "d.max_slots AND d.date > current_date ORDER BY d.date LIMIT 1");
  std::string date = row[0].as<std::string>(), city = row[1].as<std::string>();
  auto names = Usernames(Search({{"q", "taylor swift"}, {"city", city}, {"availableFrom", date}}));
  EXPECT_EQ(names, std::vector<std::string>{"taylorswift"}) << city << " " << date;
  std::string other = Scalar(
      "SELECT a.city FROM celebrity_availability a JOIN celebrities c ON c.id = a.celebrity_id "
      "WHERE c.username = 'taylorswift' AND a.city <> '" +
      city +
      "' AND NOT EXISTS (SELECT 1 "
      "FROM available_dates d WHERE d.availability_id = a.id AND d.date = '" +
      date + "') LIMIT 1");
  EXPECT_TRUE(
      Usernames(Search({{"q", "taylor swift"}, {"city", other}, {"availableFrom", date}})).empty())
      << other << " " << date;
}

TEST_F(SearcherTest, FacetsAreExactAndDisjunctive) {
  auto all = Search({});
  int64_t musicians = std::stoll(
      Scalar("SELECT count(*) FROM celebrities c JOIN categories k ON k.id = c.category_id "
             "WHERE c.is_active AND k.slug = 'musicians'"));
  ASSERT_NE(Bucket(all, "category", "musicians"), nullptr);
  EXPECT_EQ(Bucket(all, "category", "musicians")->count, musicians);
  // Selecting actors still shows how many musicians there are; other facets narrow.
  auto actors = Search({{"category", "actors"}});
  EXPECT_EQ(Bucket(actors, "category", "musicians")->count, musicians);
  int64_t verified_actors = std::stoll(
      Scalar("SELECT count(*) FROM celebrities c JOIN categories k ON k.id = c.category_id "
             "WHERE c.is_active AND k.slug = 'actors' AND c.is_verified"));
  auto* v = Bucket(actors, "verified", "true");
  EXPECT_EQ(v ? v->count : 0, verified_actors);
  EXPECT_EQ(actors.total, Bucket(actors, "category", "actors")->count);
}

TEST_F(SearcherTest, SortAndPaging) {
  auto asc = Search({{"sort", "price_asc"}, {"limit", "100"}});
  // The two Marks have no meeting type: last, the more popular first.
  ASSERT_GE(asc.hits.size(), 2u);
  EXPECT_EQ(Field(asc.hits[asc.hits.size() - 2], "username"), "marksmyth");
  EXPECT_EQ(Field(asc.hits.back(), "username"), "marksmith");
  double last = -1;
  for (const auto& h : asc.hits) {
    rapidjson::Document d;
    d.Parse(h.card_json.c_str());
    int64_t min_price = INT64_MAX;  // none: sorts last
    for (const auto& m : d["meetingTypes"].GetArray())
      min_price = std::min(min_price, m["priceCents"].GetInt64());
    EXPECT_GE(static_cast<double>(min_price), last) << h.card_json;
    last = static_cast<double>(min_price);
  }
  auto page1 = Search({{"limit", "5"}, {"page", "1"}});
  auto page2 = Search({{"limit", "5"}, {"page", "2"}});
  EXPECT_EQ(page1.total, page2.total);
  EXPECT_EQ(page2.hits.size(), 5u);
  EXPECT_NE(Usernames(page1).front(), Usernames(page2).front());
}

}  // namespace
}  // namespace starry::query
