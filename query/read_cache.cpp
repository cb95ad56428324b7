#include "query/read_cache.h"

namespace starry::query {

ReadCache& ReadCache::For(const Xapian::Database& db, const ColumnStore& store) {
  thread_local ReadCache cache;
  std::pair<uint64_t, Xapian::rev> now{store.id(), db.get_revision()};
  if (cache.of_ != now) {
    cache.Clear();
    cache.of_ = now;
  }
  cache.db_ = &db;
  return cache;
}

void ReadCache::Clear() {
  cards_.clear();
  postings_.clear();
  postings_held_ = 0;
  asked_once_.clear();
  terms_.clear();
  first_terms_.clear();
}

std::shared_ptr<const CachedCard> ReadCache::Card(Xapian::docid id,
                                                  const analyzers::Analyzer& analyzer) {
  if (auto it = cards_.find(id); it != cards_.end()) return it->second;
  // DOC_ASSUME_VALID skips the document-length lookup get_document makes to check the id: the
  // record read is the check, since every document the indexer writes has a card and a missing
  // one reads as empty (Xapian 1.4.22).
  std::string json = db_->get_document(id, Xapian::DOC_ASSUME_VALID).get_data();
  if (json.empty()) return nullptr;
  auto card = std::make_shared<CachedCard>();
  card->json = std::move(json);
  card->name = DisplayNameOf(card->json);
  card->name_words = analyzer.AnalyzeQuery(card->name);
  if (cards_.size() >= kMaxCards) cards_.clear();
  cards_.emplace(id, card);
  return card;
}

std::shared_ptr<const Postings> ReadCache::PostingsOf(const std::string& term) {
  if (auto it = postings_.find(term); it != postings_.end()) return it->second;
  std::shared_ptr<const Postings> list;  // null: not kept
  const Xapian::doccount n = db_->get_termfreq(term);
  if (n > small_list_ && n <= max_list_ && asked_once_.insert(term).second) {
    if (asked_once_.size() > kMaxCards) asked_once_.clear();
    return nullptr;  // the first time: read from the index by the caller
  }
  if (n <= max_list_) {
    auto read = std::make_shared<Postings>();
    for (auto p = db_->postlist_begin(term); p != db_->postlist_end(term); ++p) {
      read->push_back(*p);
    }
    if (postings_held_ + read->size() > kMaxPostings) Clear();
    postings_held_ += read->size();
    list = std::move(read);
  }
  postings_.emplace(term, list);
  return list;
}

std::shared_ptr<const std::unordered_set<std::string>> ReadCache::TermsOf(Xapian::docid id) {
  if (auto it = terms_.find(id); it != terms_.end()) return it->second;
  auto terms = std::make_shared<std::unordered_set<std::string>>();
  try {
    Xapian::Document doc = db_->get_document(id);
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) terms->insert(*t);
  } catch (const Xapian::DocNotFoundError&) {
    return nullptr;
  }
  if (terms_.size() >= kMaxTermLists) terms_.clear();
  terms_.emplace(id, terms);
  return terms;
}

std::vector<std::string> ReadCache::FirstTerms(const std::string& stem, size_t limit) {
  std::string key = stem + '\0' + std::to_string(limit);
  if (auto it = first_terms_.find(key); it != first_terms_.end()) return it->second;
  std::vector<std::string> terms;
  for (auto t = db_->allterms_begin(stem); t != db_->allterms_end(stem) && terms.size() < limit;
       ++t) {
    terms.push_back(*t);
  }
  if (first_terms_.size() >= kMaxCards) first_terms_.clear();
  first_terms_.emplace(std::move(key), terms);
  return terms;
}

std::string DisplayNameOf(const std::string& card_json) {
  auto key = card_json.find("\"displayName\":\"");
  std::string name;
  if (key == std::string::npos) return name;
  for (size_t i = key + 15; i < card_json.size() && card_json[i] != '"'; ++i) {
    if (card_json[i] == '\\' && i + 1 < card_json.size()) ++i;
    name += card_json[i];
  }
  return name;
}

}  // namespace starry::query
