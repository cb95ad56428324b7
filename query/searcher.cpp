#include "query/searcher.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <iostream>
#include <map>
#include <set>

#include "query/bits.h"
#include "query/column_filter.h"
#include "query/html.h"
#include "query/read_cache.h"
#include "query/single_word.h"
#include "query/text_matcher.h"
#include "query/text_scorer.h"
#include "schema/document_schema.h"

namespace starry::query {
namespace {

constexpr size_t kTopCities = 20;
// Zero-result relaxation tries leaving out each word in turn: up to this many distinct words.
constexpr size_t kMaxRelaxedWords = 8;

std::atomic<bool> single_word_path{true};

class Execution {
 public:
  Execution(Xapian::Database& db, const ColumnStore& columns, const analyzers::Lexicon& lexicon,
            const analyzers::Analyzer& analyzer, TextScorer& scorer, const SearchRequest& request)
      : db_(db),
        cache_(ReadCache::For(db, columns)),
        scorer_(scorer),
        columns_(columns),
        analyzer_(analyzer),
        request_(request),
        matcher_(analyzer, lexicon) {}

  Result<SearchResult> Run() {
    SearchResult result;
    city_keys_ = ResolveCities();
    BuildAvailability();
    ColumnFilter filter(columns_, request_, city_keys_);
    filter_ = &filter;
    FacetTally tally(columns_, request_.meeting_tier);
    if (request_.text.empty()) {
      Browse(tally, result);
    } else {
      Match(tally, result);
    }
    for (size_t i = 0; i < std::size(kFacetGroups); ++i) {
      result.facets.push_back(MakeFacet(
          kFacetGroups[i], kFacetNames[i],
          tally.Counts(kFacetGroups[i], kFacetGroups[i] == kCity ? kTopCities : SIZE_MAX)));
    }
    result.total = tally.matched();
    return result;
  }

 private:
  // No text: a pass over the columns, in the request's order.
  void Browse(FacetTally& tally, SearchResult& result) {
    FacetTally* counting = &tally;
    if (filter_->SelectsNothing() && availability_terms_.empty()) {
      tally.Merge(WholeCatalogue(columns_));
      counting = nullptr;  // counted already
    }
    auto available = Available();
    for (Xapian::docid id : RankedPage(columns_, *filter_, available ? &*available : nullptr,
                                       nullptr, request_, counting)) {
      if (auto hit = MakeHit(id)) result.hits.push_back(std::move(*hit));
    }
  }

  // Text: the scorer finds and weighs what the words match; the columns filter, count and
  // order.
  void Match(FacetTally& tally, SearchResult& result) {
    words_ = matcher_.Match(request_.text);
    if (words_.size() == 1 && filter_->SelectsNothing() && availability_terms_.empty() &&
        request_.sort == SortOrder::kRelevance && single_word_path.load()) {
      std::optional<Xapian::docid> first;
      for (Xapian::docid id : SingleWord(tally)) {
        auto hit = MakeHit(id);
        if (!hit) continue;
        if (!first) first = id;
        result.hits.push_back(std::move(*hit));
      }
      result.correction = Correct(first);
      return;
    }
    std::vector<ScoredDoc> matches;  // none for a text of punctuation only
    if (!words_.empty()) matches = Matches(words_);

    // Relax: when the words cannot all match, leave out the one whose absence matches most.
    // That costs a count per word, so only for queries of a few distinct words (a name, a name
    // and a city): a longer text is not a search the browse page makes.
    if (words_.size() > 1 && words_.size() <= kMaxRelaxedWords && Count(matches) == 0) {
      int64_t best = 0;
      for (size_t i = 0; i < words_.size(); ++i) {
        int64_t n = Count(Matches(words_, i));
        if (n > best) {
          best = n;
          dropped_ = i;
        }
      }
      if (dropped_) {
        matches = Matches(words_, dropped_);
        const auto& w = words_[*dropped_].word;
        result.dropped_word = request_.text.substr(w.begin, w.end - w.begin);
      }
    }
    // The page, with the exact total and facet counts of every match.
    std::optional<Xapian::docid> first;
    for (Xapian::docid id : RankedPage(columns_, *filter_, nullptr, &matches, request_, &tally)) {
      auto hit = MakeHit(id);
      if (!hit) continue;
      if (!first) first = id;
      result.hits.push_back(std::move(*hit));
    }
    if (!words_.empty()) result.correction = Correct(first);
  }

  // One word, no filter, by relevance: the word's frequent terms counted and ranked as bitmaps
  // (query/single_word.h).
  std::vector<Xapian::docid> SingleWord(FacetTally& tally) {
    SplitWord& split = scorer_.Split(db_, columns_, words_[0]);
    const std::string whole_name =
        std::string(schema::kNameWordsPrefix) + std::to_string(words_[0].positions.size());
    const std::vector<uint64_t>* bonus = columns_.TermBits(whole_name);
    thread_local std::vector<uint64_t> listed;  // kept for its capacity, as below
    if (bonus == nullptr) {
      listed.assign((columns_.end() + 63) / 64, 0);
      Mark(whole_name, listed);
      bonus = &listed;
    }
    if (split.dense.empty()) {  // nothing to gain: the general way, from the same scores
      for (ScoredDoc& m : split.sparse) {
        if (HasBit(*bonus, m.id)) m.score += static_cast<float>(kWholeNameBonus);
      }
      return RankedPage(columns_, *filter_, nullptr, &split.sparse, request_, &tally);
    }
    const auto limit = static_cast<size_t>(request_.limit);
    return SingleWordPage(columns_, split, *bonus, db_.get_lastdocid() + 1,
                          static_cast<size_t>(request_.page - 1) * limit, limit, tally);
  }

  // For a browse, the documents with a free date in the requested range (and city): a bitmap by
  // docid, or nullopt without an availability filter.
  std::optional<std::vector<uint64_t>> Available() {
    if (availability_terms_.empty()) return std::nullopt;
    std::vector<uint64_t> available((columns_.end() + 63) / 64, 0);
    for (const auto& term : availability_terms_) Mark(term, available);
    return available;
  }

  // Sets the bits of `term`'s documents in `bits` (sized for the columns), from the read cache
  // or the index.
  void Mark(const std::string& term, std::vector<uint64_t>& bits) {
    auto mark = [&](Xapian::docid id) {
      if (id < columns_.end()) SetBit(bits, id);
    };
    if (auto kept = cache_.PostingsOf(term)) {
      for (Xapian::docid id : *kept) mark(id);
    } else {
      for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p) mark(*p);
    }
  }

  // What the words (but `skip`) match, and with an availability filter, have a free date (in
  // the city) in the range: looked up for just these documents, which for a text are usually
  // far fewer than a date's (Available() reads every document of each date).
  std::vector<ScoredDoc> Matches(const std::vector<WordMatch>& words,
                                 std::optional<size_t> skip = std::nullopt) {
    std::vector<ScoredDoc> matches = scorer_.Score(db_, columns_, words, skip);
    if (availability_terms_.empty() || matches.empty()) return matches;
    std::vector<uint8_t> available(matches.size(), 0);
    for (const auto& term : availability_terms_) {
      if (auto kept = cache_.PostingsOf(term)) {
        auto from = kept->begin();
        for (size_t i = 0; i < matches.size() && from != kept->end(); ++i) {
          from = std::lower_bound(from, kept->end(), matches[i].id);
          if (from != kept->end() && *from == matches[i].id) available[i] = 1;
        }
        continue;
      }
      auto it = db_.postlist_begin(term);
      const auto end = db_.postlist_end(term);
      for (size_t i = 0; i < matches.size() && it != end; ++i) {
        it.skip_to(matches[i].id);  // matches are in docid order
        if (it != end && *it == matches[i].id) available[i] = 1;
      }
    }
    size_t kept = 0;
    for (size_t i = 0; i < matches.size(); ++i) {
      if (available[i]) matches[kept++] = matches[i];
    }
    matches.resize(kept);
    return matches;
  }

  int64_t Count(const std::vector<ScoredDoc>& matches) {
    return CountPassing(columns_, *filter_, nullptr, matches);
  }

  // nullopt: deleted in a revision this handle lacks.
  std::optional<Hit> MakeHit(Xapian::docid id) {
    auto card = cache_.Card(id, analyzer_);
    if (!card) return std::nullopt;
    Hit hit;
    hit.card_json = card->json;
    hit.highlight = Highlight(*card);
    if (request_.near) hit.distance_km = filter_->DistanceKm(id);
    return hit;
  }

  // Availability is not in the columns: its date terms, one per date (and city), filter the
  // text's matches (Matches) or a browse (Available).
  void BuildAvailability() {
    const auto& r = request_;
    if (!r.available_from) return;
    for (auto d = schema::FromCompactDate(*r.available_from);
         d <= schema::FromCompactDate(*r.available_to); d += std::chrono::days(1)) {
      if (r.cities.empty()) {
        availability_terms_.push_back(std::string(schema::kDatePrefix) + schema::CompactDate(d));
      } else {
        // The city and the date of the same availability entry.
        for (const auto& k : city_keys_) {
          availability_terms_.push_back(std::string(schema::kCityDatePrefix) + k + "@" +
                                        schema::CompactDate(d));
        }
      }
    }
  }

  // City parameters are keys ("los-angeles,us") or names ("Los Angeles": every country's).
  std::vector<std::string> ResolveCities() {
    std::vector<std::string> keys;
    for (const auto& c : request_.cities) {
      if (auto comma = c.rfind(','); comma != std::string::npos) {
        // "Los Angeles,US" or "los-angeles,us": spelled the way the indexer spells keys.
        std::string name = c.substr(0, comma);
        std::replace(name.begin(), name.end(), '-', ' ');
        keys.push_back(schema::CityKey(analyzer_.Fold(name), c.substr(comma + 1)));
        continue;
      }
      std::string folded = schema::CityKey(analyzer_.Fold(c), "");  // "los-angeles,"
      std::string prefix = std::string(schema::kCityPrefix) + folded;
      for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
        keys.push_back((*t).substr(schema::kCityPrefix.size()));
      }
      if (keys.empty()) keys.push_back(folded);  // matches nothing, on purpose
    }
    return keys;
  }

  Facet MakeFacet(Group g, const char* name, const std::map<std::string, int64_t>& counts) {
    Facet f;
    f.name = name;
    for (const auto& [key_label, count] : counts) {
      auto tab = key_label.find('\t');
      f.buckets.push_back({key_label.substr(0, tab),
                           tab == std::string::npos ? key_label : key_label.substr(tab + 1),
                           count});
    }
    if (g == kPrice) {
      auto order = [](const FacetBucket& b) { return std::stoll(b.value); };
      std::sort(f.buckets.begin(), f.buckets.end(),
                [&](const auto& a, const auto& b) { return order(a) < order(b); });
    } else if (g == kRating) {
      std::sort(f.buckets.begin(), f.buckets.end(),
                [](const auto& a, const auto& b) { return a.value > b.value; });
    } else if (g != kVerified) {
      std::stable_sort(f.buckets.begin(), f.buckets.end(),
                       [](const auto& a, const auto& b) { return a.count > b.count; });
    }
    return f;
  }

  // "Did you mean": spelled as the best hit has the words, so the suggestion is one that
  // finds something (independent per-word fixes can combine into nothing: tyler + swift).
  // Without a hit on this page, each word's closest and most frequent fix, if that matches.
  std::optional<std::string> Correct(std::optional<Xapian::docid> top) {
    std::vector<WordMatch> words = words_;
    if (top) {
      auto terms = cache_.TermsOf(*top);
      if (!terms) return std::nullopt;  // deleted in a revision this handle lacks
      for (auto& w : words) {
        std::erase_if(w.candidates, [&](const Candidate& c) {
          for (const auto& spec : schema::kTextFields) {
            if (spec.in_lexicon && terms->contains(std::string(spec.prefix) + c.term)) {
              return false;
            }
          }
          return true;
        });
      }
      return TextMatcher::Correction(words);
    }
    auto corrected = TextMatcher::Correction(words);
    if (!corrected) return std::nullopt;
    auto corrected_words = matcher_.Match(*corrected + " ");  // as whole words
    if (Count(Matches(corrected_words)) == 0) {
      return std::nullopt;
    }
    return corrected;
  }

  std::string Highlight(const CachedCard& card) {
    const std::string& name = card.name;
    if (!matched_) {
      matched_.emplace();
      for (size_t i = 0; i < words_.size(); ++i) {
        if (dropped_ && *dropped_ == i) continue;
        for (const auto& c : words_[i].candidates) matched_->insert(c.term);
      }
    }
    const std::set<std::string>& matched = *matched_;
    if (matched.empty()) return HtmlEscape(name);  // a browse: no words to mark
    std::string out;
    size_t at = 0;
    for (const auto& w : card.name_words) {
      bool hit = matched.contains(w.term);
      for (const auto& alt : w.alternatives) hit = hit || matched.contains(alt);
      if (!hit || w.begin < at) continue;
      out += HtmlEscape(std::string_view(name).substr(at, w.begin - at));
      out += "<mark>" + HtmlEscape(std::string_view(name).substr(w.begin, w.end - w.begin)) +
             "</mark>";
      at = w.end;
    }
    out += HtmlEscape(std::string_view(name).substr(std::min(at, name.size())));
    return out;
  }

  Xapian::Database& db_;
  ReadCache& cache_;
  TextScorer& scorer_;
  const ColumnStore& columns_;
  const analyzers::Analyzer& analyzer_;
  const SearchRequest& request_;
  TextMatcher matcher_;
  std::vector<WordMatch> words_;
  std::optional<size_t> dropped_;
  std::optional<std::set<std::string>> matched_;  // the terms Highlight marks, once known
  std::vector<std::string> city_keys_;
  std::vector<std::string> availability_terms_;
  const ColumnFilter* filter_ = nullptr;
};

}  // namespace

void Searcher::UseSingleWordPathForTesting(bool on) { single_word_path = on; }

Result<SearchResult> Searcher::SearchOnce(const SearchRequest& request) {
  auto started = std::chrono::steady_clock::now();
  auto lock = columns_.ReadLock();
  // The scorer's slots by docid are reused by every search on this thread (callers make a
  // Searcher per request): about 17 bytes per document of the largest index searched.
  thread_local TextScorer scorer;
  Execution execution(db_, columns_, lexicon_, analyzer_, scorer, request);
  auto result = execution.Run();
  if (result) {
    result->took_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
  }
  return result;
}

Result<SearchResult> Searcher::Search(const SearchRequest& request) {
  // Index errors are logged here and answered without their text (paths, internals).
  for (int attempt = 0;; ++attempt) {
    try {
      if (attempt > 0) db_.reopen();
      return SearchOnce(request);
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt > 0) break;
    } catch (const Xapian::Error& e) {
      std::cerr << "starry search: " << e.get_description() << std::endl;
      break;
    }
  }
  return MakeError(ErrorCode::kUnavailable, "the search index is unavailable; try again");
}

}  // namespace starry::query
