// The read cache answers what the handle's own revision holds: a commit the handle has not
// reopened to is not seen, one it has is, whatever was cached before; and a search or a
// suggestion shows the card and the highlight of the document as it now is.
#include "query/read_cache.h"

#include <gtest/gtest.h>

#include <memory>

#include "indexer/document_builder.h"
#include "indexer/index_updater.h"
#include "query/lexicon_snapshot.h"
#include "query/searcher.h"
#include "query/suggester.h"
#include "schema/document_schema.h"
#include "tests/support/temp_dir.h"

namespace starry::query {
namespace {

class ReadCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writable_.emplace(dir_.path().string(), Xapian::DB_CREATE);
    Put(1, "Ada Lovelace", "adalovelace", "mathematician");
    Put(2, "Grace Hopper", "gracehopper", "admiral");
    db_ = Xapian::Database(dir_.path().string());
    store_ = std::make_unique<ColumnStore>(db_);
  }

  // Celebrity "c<n>" (document n, as they are added in order) as sync writes it, committed.
  void Put(int n, const std::string& name, const std::string& username, const std::string& bio) {
    indexer::CelebrityRecord rec;
    rec.id = "c" + std::to_string(n);
    rec.username = username;
    rec.display_name = name;
    rec.bio = bio;
    rec.category_slug = "scientists";
    rec.category_name = "Scientists";
    indexer::ApplyChanges(*writable_, indexer::DocumentBuilder(analyzer_), {rec.id}, {rec});
    writable_->commit();
  }

  // The handle moves to the newest commit, and the columns with it.
  void Reopen() {
    db_.reopen();
    store_->CatchUp(db_);
  }

  std::vector<Xapian::docid> Postings(const std::string& term) {
    auto list = ReadCache::For(db_, *store_).PostingsOf(term);
    return list ? *list : std::vector<Xapian::docid>{};
  }

  bool HasTerm(Xapian::docid id, const std::string& term) {
    auto terms = ReadCache::For(db_, *store_).TermsOf(id);
    return terms && terms->contains(term);
  }

  std::string NameOf(Xapian::docid id) {
    auto card = ReadCache::For(db_, *store_).Card(id, analyzer_);
    return card ? card->name : "(none)";
  }

  analyzers::Analyzer analyzer_ = analyzers::Analyzer::Create().value();
  starry::testing::TempDir dir_;
  std::optional<Xapian::WritableDatabase> writable_;
  Xapian::Database db_;
  std::unique_ptr<ColumnStore> store_;
};

TEST_F(ReadCacheTest, AnswersTheHandlesRevisionAndNothingOlder) {
  const std::string three_words = std::string(schema::kNameWordsPrefix) + "3";
  EXPECT_EQ(NameOf(1), "Ada Lovelace");
  EXPECT_EQ(Postings("Bmathematician"), (std::vector<Xapian::docid>{1}));
  EXPECT_TRUE(Postings(three_words).empty());
  EXPECT_EQ(NameOf(3), "(none)");
  EXPECT_FALSE(HasTerm(1, "Nking"));
  EXPECT_TRUE(HasTerm(1, "Nlovelace"));

  Put(1, "Ada King Lovelace", "adaking", "mathematician");
  Put(3, "Katherine Johnson", "kjohnson", "mathematician");
  // Not reopened: the handle's revision, as cached.
  EXPECT_EQ(NameOf(1), "Ada Lovelace");
  EXPECT_EQ(Postings("Bmathematician"), (std::vector<Xapian::docid>{1}));
  EXPECT_FALSE(HasTerm(1, "Nking"));

  Reopen();
  EXPECT_TRUE(HasTerm(1, "Nking"));
  EXPECT_EQ(NameOf(1), "Ada King Lovelace");
  EXPECT_EQ(NameOf(3), "Katherine Johnson");
  EXPECT_EQ(Postings("Bmathematician"), (std::vector<Xapian::docid>{1, 3}));
  EXPECT_EQ(Postings(three_words), (std::vector<Xapian::docid>{1}));

  indexer::ApplyChanges(*writable_, indexer::DocumentBuilder(analyzer_), {"c2"}, {});
  writable_->commit();
  Reopen();
  EXPECT_EQ(NameOf(2), "(none)");
  EXPECT_FALSE(HasTerm(2, "Ngrace"));
  EXPECT_TRUE(Postings("Badmiral").empty());
}

TEST_F(ReadCacheTest, SearchesAndSuggestionsShowTheDocumentAsItNowIs) {
  auto lexicon = BuildLexicon(db_);
  auto search = [&](const std::string& text) {
    SearchRequest request;
    request.text = text;
    auto result = Searcher(db_, *store_, lexicon, analyzer_).Search(request);
    EXPECT_TRUE(result);
    std::vector<std::string> highlights;
    for (const auto& hit : result->hits) highlights.push_back(hit.highlight);
    return highlights;
  };
  auto suggest = [&](const std::string& text) {
    SuggestRequest request;
    request.text = text;
    auto result = Suggester(db_, *store_, lexicon, analyzer_).Suggest(request);
    EXPECT_TRUE(result);
    std::vector<std::string> highlights;
    for (const auto& s : result->celebrities) highlights.push_back(s.highlight);
    return highlights;
  };
  EXPECT_EQ(search("grace"), (std::vector<std::string>{"<mark>Grace</mark> Hopper"}));
  EXPECT_EQ(suggest("grac"), (std::vector<std::string>{"<mark>Grac</mark>e Hopper"}));
  EXPECT_EQ(search("admiral"), (std::vector<std::string>{"Grace Hopper"}));

  Put(2, "Grace Brewster Hopper", "gracehopper", "admiral");
  Reopen();
  lexicon = BuildLexicon(db_);
  EXPECT_EQ(search("grace"), (std::vector<std::string>{"<mark>Grace</mark> Brewster Hopper"}));
  EXPECT_EQ(suggest("grac"), (std::vector<std::string>{"<mark>Grac</mark>e Brewster Hopper"}));
  EXPECT_EQ(search("brewster"), (std::vector<std::string>{"Grace <mark>Brewster</mark> Hopper"}));
}

}  // namespace
}  // namespace starry::query
