// Every kind of catalogue change reaches the index through the outbox and one sync pass.
#include "indexer/outbox_sync.h"

#include "schema/document_schema.h"
#include "tests/indexer/index_fixture.h"

namespace starry::indexer {
namespace {

class OutboxSyncTest : public starry::testing::IndexFixture {
 protected:
  void SetUp() override {
    IndexFixture::SetUp();
    Reindex();
    id_ = Scalar("SELECT id FROM celebrities WHERE username = 'taylorswift'");
    ASSERT_TRUE(Terms(id_).has_value());
  }
  bool Has(const std::string& term) {
    return Terms(id_).value_or(std::set<std::string>{}).count(term) > 0;
  }
  double MinPrice() {
    return Xapian::sortable_unserialise(Document(id_).get_value(schema::kMinPriceSlot));
  }
  // A bookable date of the celebrity's first city: its term and row id.
  std::pair<std::string, std::string> SomeBookableDate() {
    auto row = pqxx::nontransaction(*conn_).exec1(
        "SELECT d.id, lower(replace(a.city, ' ', '-')) || ',' || lower(a.country_code) || '@' || "
        "to_char(d.date, 'YYYYMMDD') FROM available_dates d JOIN celebrity_availability a ON "
        "a.id = d.availability_id JOIN celebrities c ON c.id = a.celebrity_id WHERE c.id = '" +
        id_ +
        "' AND NOT d.is_blocked AND d.booked_slots < d.max_slots AND d.date > current_date "
        "ORDER BY d.date LIMIT 1");
    return {row[0].as<std::string>(),
            std::string(schema::kCityDatePrefix) + row[1].as<std::string>()};
  }
  std::string id_;
};

TEST_F(OutboxSyncTest, Rename) {
  Exec("UPDATE celebrities SET display_name = 'Tayla Quartz' WHERE id = '" + id_ + "'");
  EXPECT_GE(Sync().celebrities, 1);
  EXPECT_TRUE(Has("Ntayla"));
  EXPECT_TRUE(Has("Nquartz"));
  EXPECT_FALSE(Has("Nswift"));
}

TEST_F(OutboxSyncTest, BioEdit) {
  Exec("UPDATE celebrities SET bio = 'Loves xylophones' WHERE id = '" + id_ + "'");
  Sync();
  EXPECT_TRUE(Has("Bxylophones"));
}

TEST_F(OutboxSyncTest, PriceChange) {
  Exec("UPDATE meeting_types SET price_cents = 2600 WHERE celebrity_id = '" + id_ + "'");
  Sync();
  EXPECT_EQ(MinPrice(), 2600.0);
}

TEST_F(OutboxSyncTest, NewAndRemovedMeetingType) {
  Exec("DELETE FROM meeting_types WHERE celebrity_id = '" + id_ + "'");
  Exec("INSERT INTO meeting_types (celebrity_id, name, duration_minutes, price_cents) VALUES ('" +
       id_ + "', 'Long Lunch', 90, 900000)");
  Sync();
  EXPECT_TRUE(Has("XMTpremium"));
  EXPECT_FALSE(Has("XMTquick"));
  EXPECT_EQ(MinPrice(), 900000.0);
  Exec("UPDATE meeting_types SET is_active = false WHERE celebrity_id = '" + id_ + "'");
  Sync();
  EXPECT_FALSE(Has("XMTpremium"));
}

TEST_F(OutboxSyncTest, NewCity) {
  Exec(
      "INSERT INTO celebrity_availability (celebrity_id, city, country, country_code, timezone, "
      "latitude, longitude) VALUES ('" +
      id_ + "', 'São Paulo', 'Brazil', 'BR', 'America/Sao_Paulo', -23.55, -46.63)");
  Sync();
  EXPECT_TRUE(Has("XCITYsao-paulo,br"));
  EXPECT_TRUE(Has("XCCbr"));
  EXPECT_TRUE(Has("Csao"));
  EXPECT_TRUE(Has("Cpaulo"));
}

TEST_F(OutboxSyncTest, DateBookedOutStopsMatching) {
  auto [date_id, term] = SomeBookableDate();
  ASSERT_TRUE(Has(term)) << term;
  Exec("UPDATE available_dates SET booked_slots = max_slots WHERE id = '" + date_id + "'");
  Sync();
  EXPECT_FALSE(Has(term)) << term;
}

TEST_F(OutboxSyncTest, DateBlockedStopsMatching) {
  auto [date_id, term] = SomeBookableDate();
  Exec("UPDATE available_dates SET is_blocked = true WHERE id = '" + date_id + "'");
  Sync();
  EXPECT_FALSE(Has(term)) << term;
  Exec("UPDATE available_dates SET is_blocked = false WHERE id = '" + date_id + "'");
  Sync();
  EXPECT_TRUE(Has(term)) << term;
}

TEST_F(OutboxSyncTest, DeactivationAndDeleteRemoveTheDocument) {
  auto before = DocCount();
  Exec("UPDATE celebrities SET is_active = false WHERE id = '" + id_ + "'");
  Sync();
  EXPECT_FALSE(Terms(id_).has_value());
  EXPECT_EQ(DocCount(), before - 1);
  Exec("UPDATE celebrities SET is_active = true WHERE id = '" + id_ + "'");
  Sync();
  EXPECT_TRUE(Terms(id_).has_value());
  Exec("DELETE FROM celebrities WHERE id = '" + id_ + "'");
  Sync();
  EXPECT_FALSE(Terms(id_).has_value());
  EXPECT_EQ(DocCount(), before - 1);
}

TEST_F(OutboxSyncTest, CategoryRenameReachesEveryMember) {
  int members = std::stoi(
      Scalar("SELECT count(*) FROM celebrities c JOIN categories k ON k.id = c.category_id "
             "WHERE k.slug = 'musicians' AND c.is_active"));
  ASSERT_GT(members, 1);
  Exec("UPDATE categories SET name = 'Recording Artists' WHERE slug = 'musicians'");
  EXPECT_GE(Sync().celebrities, members);
  EXPECT_TRUE(Has("Krecording"));
  EXPECT_FALSE(Has("Kmusicians"));
  Xapian::Database db(Store().StubPath().string());
  EXPECT_EQ(static_cast<int>(db.get_termfreq("Krecording")), members);
  EXPECT_EQ(db.get_termfreq("Kmusicians"), 0u);
}

TEST_F(OutboxSyncTest, ReplayedRowsChangeNothing) {
  Exec("UPDATE celebrities SET bio = 'replay me' WHERE id = '" + id_ + "'");
  Sync();
  Xapian::Database before_db(Store().StubPath().string());
  auto before_count = before_db.get_doccount();
  auto before_terms = Terms(id_);
  std::string before_data = Document(id_).get_data();
  // Every row ever written, processed again (as after a crash between commit and mark).
  Exec("UPDATE search_outbox SET processed_at = NULL");
  auto replay = Sync();
  EXPECT_GT(replay.rows, 0);
  EXPECT_EQ(DocCount(), before_count);
  EXPECT_EQ(Terms(id_), before_terms);
  EXPECT_EQ(Document(id_).get_data(), before_data);
  EXPECT_EQ(Scalar("SELECT count(*) FROM search_outbox WHERE processed_at IS NULL"), "0");
}

TEST_F(OutboxSyncTest, AReaderSeesCommitsThroughReopen) {
  Xapian::Database reader(Store().StubPath().string());
  Exec("UPDATE celebrities SET display_name = 'Reopened Person' WHERE id = '" + id_ + "'");
  Sync();
  EXPECT_EQ(reader.get_termfreq("Nreopened"), 0u);
  reader.reopen();
  EXPECT_EQ(reader.get_termfreq("Nreopened"), 1u);
}

}  // namespace
}  // namespace starry::indexer
