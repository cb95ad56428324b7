#include "indexer/document_builder.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <set>

#include "schema/document_schema.h"

namespace starry::indexer {
namespace {

CelebrityRecord Sample() {
  CelebrityRecord r;
  r.id = "11111111-2222-4333-8444-555555555555";
  r.username = "bjork";
  r.display_name = "Björk Guðmundsdóttir";
  r.profession = "Singer-songwriter";
  r.bio = "Sings about volcanoes";
  r.category_slug = "musicians";
  r.category_name = "Musicians";
  r.rating = 4.8;
  r.reviews = 120;
  r.bookings = 900;
  r.verified = true;
  r.created_at = 1700000000;
  r.meeting_types = {{"m1", "Quick Hello", "USD", 15, 50000}, {"m2", "Premium", "USD", 60, 200000}};
  r.cities = {{"a1",
               "Los Angeles",
               "United States",
               "US",
               "America/Los_Angeles",
               34.05,
               -118.24,
               {{"20261205", 2}, {"20261206", 1}}},
              {"a2", "London", "United Kingdom", "GB", "Europe/London", 51.5, -0.12, {}}};
  return r;
}

std::set<std::string> TermsOf(const Xapian::Document& doc) {
  std::set<std::string> out;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) out.insert(*t);
  return out;
}

TEST(DocumentBuilderTest, TermsCoverTextFiltersAndAvailability) {
  auto analyzer = analyzers::Analyzer::Create().value();
  Xapian::Document doc = DocumentBuilder(analyzer).Build(Sample());
  auto terms = TermsOf(doc);
  for (const char* expected : {"Q11111111-2222-4333-8444-555555555555",
                               "Nbjork",
                               "Nbjörk",
                               "Ngudmundsdottir",
                               "Ubjork",
                               "Psinger",
                               "Psongwriter",
                               "Kmusicians",
                               "Clos",
                               "Cangeles",
                               "Clondon",
                               "Bvolcanoes",
                               "XCATmusicians",
                               "XVERIFIED",
                               "XCITYlos-angeles,us",
                               "XCITYlondon,gb",
                               "XCCus",
                               "XCCgb",
                               "XMTquick",
                               "XMTpremium",
                               "XCDlos-angeles,us@20261205",
                               "XCDlos-angeles,us@20261206",
                               "XDATE20261205",
                               "XDATE20261206"}) {
    EXPECT_TRUE(terms.count(expected)) << expected;
  }
  // No availability in London: no composite term for it; no standard tier.
  for (const auto& t : terms) EXPECT_EQ(t.find("XCDlondon"), std::string::npos) << t;
  EXPECT_FALSE(terms.count("XMTstandard"));
}

TEST(DocumentBuilderTest, ValueSlotsHoldPricesRatingsAndFacets) {
  auto analyzer = analyzers::Analyzer::Create().value();
  Xapian::Document doc = DocumentBuilder(analyzer).Build(Sample());
  EXPECT_EQ(Xapian::sortable_unserialise(doc.get_value(schema::kMinPriceSlot)), 50000.0);
  EXPECT_EQ(Xapian::sortable_unserialise(doc.get_value(schema::kTierPriceSlot + 2)), 200000.0);
  EXPECT_TRUE(doc.get_value(schema::kTierPriceSlot + 1).empty());
  EXPECT_DOUBLE_EQ(Xapian::sortable_unserialise(doc.get_value(schema::kRatingSlot)), 4.8);
  EXPECT_EQ(doc.get_value(schema::kCategorySlot), "musicians\tMusicians");
  EXPECT_EQ(doc.get_value(schema::kCountriesSlot), "gb\tUnited Kingdom\nus\tUnited States");
  EXPECT_EQ(doc.get_value(schema::kCitiesSlot), "london,gb\tLondon\nlos-angeles,us\tLos Angeles");
  EXPECT_EQ(doc.get_value(schema::kVerifiedSlot), "1");
  Xapian::LatLongCoords coords;
  coords.unserialise(doc.get_value(schema::kCoordinatesSlot));
  EXPECT_EQ(coords.size(), 2u);
}

TEST(DocumentBuilderTest, CardJsonRendersAResultCard) {
  auto analyzer = analyzers::Analyzer::Create().value();
  rapidjson::Document card;
  std::string json = DocumentBuilder(analyzer).Build(Sample()).get_data();
  card.Parse(json.c_str());
  ASSERT_FALSE(card.HasParseError()) << json;
  EXPECT_STREQ(card["displayName"].GetString(), "Björk Guðmundsdóttir");
  EXPECT_TRUE(card["isVerified"].GetBool());
  EXPECT_EQ(card["meetingTypes"].Size(), 2u);
  EXPECT_EQ(card["meetingTypes"][1]["priceCents"].GetInt64(), 200000);
  EXPECT_EQ(card["availability"][0]["availableDatesCount"].GetInt(), 2);
  EXPECT_TRUE(card["profilePhoto"].IsNull());
}

}  // namespace
}  // namespace starry::indexer
