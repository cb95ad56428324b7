#include "query/suggester.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "analyzers/utf8.h"
#include "query/column_filter.h"
#include "query/html.h"
#include "query/read_cache.h"
#include "schema/document_schema.h"

namespace starry::query {
namespace {

// How well a typed word matches a name's word: the whole word (4; 3 for the word still being
// typed, whose whole-word match ranks with its longer ones), a prefix (3), one typo (2) or two
// (1) away, as a whole word or as a prefix alike. Exact before typo, then popularity: a
// whole-word typo used to outrank a prefix typo (2 against 1.5), which put less popular names
// first (the relevance test's MRR with a typo: 0.431 then, 0.447 without the distinction).
constexpr float kExact = 4, kPrefix = 3, kOneTypo = 2, kTwoTypos = 1;
// Less than the step between two tiers: a better match of a later word still wins.
constexpr float kFirstWordBonus = 1.5f;
// Enough prefix-with-typo expansions for any realistic prefix (the lexicon orders them by
// distance, then frequency).
constexpr size_t kMaxTypoPrefixTerms = 400;
// Typed words each thread remembers the candidates of (then it starts again).
constexpr size_t kMaxRememberedWords = 8192;

struct Match {
  float score = 0;
  bool prefix = false;
};

// A typed word and the name terms (by code) it matches, with how well. The same for every
// request that types the word until the store or the lexicon changes: each thread keeps the
// words it has seen (Suggestion::Candidates).
struct WordCandidates {
  // Its term and alternatives (the offsets are those of whichever request came first).
  analyzers::QueryWord word;
  bool last = false;
  std::unordered_map<uint32_t, Match> names;
  size_t postings = 0;  // documents over all candidates (with repeats): the cost of driving
  // The terms it matches as a whole: itself, its other forms and the lexicon's typo matches
  // (prefix ones too for the last word).
  std::unordered_set<std::string> terms;
  // The category (0) and city (1) label codes it matches, once asked for, ascending.
  mutable std::optional<std::vector<uint32_t>> labels[2];
};

size_t CodePoints(std::string_view s) { return analyzers::DecodeUtf8(s).size(); }

// The text with its words that `matched` accepts marked: a prefix match marks as many code
// points as were typed when the word folds one to one, else the whole word.
template <typename Matched>
std::string Mark(const std::vector<analyzers::QueryWord>& words, const std::string& text,
                 Matched matched) {
  std::string out;
  size_t at = 0;
  for (const auto& w : words) {
    if (w.begin < at) continue;
    std::optional<size_t> typed = matched(w);  // code points typed, or 0: the whole word
    if (!typed) continue;
    std::string_view original = std::string_view(text).substr(w.begin, w.end - w.begin);
    size_t end = w.end;
    if (*typed > 0 && CodePoints(original) == CodePoints(w.term)) {
      std::u32string cps = analyzers::DecodeUtf8(original);
      if (*typed < cps.size()) {
        end = w.begin + analyzers::EncodeUtf8(std::u32string_view(cps).substr(0, *typed)).size();
      }
    }
    out += HtmlEscape(std::string_view(text).substr(at, w.begin - at));
    out += "<mark>" + HtmlEscape(std::string_view(text).substr(w.begin, end - w.begin)) + "</mark>";
    at = end;
  }
  out += HtmlEscape(std::string_view(text).substr(std::min(at, text.size())));
  return out;
}

class Suggestion {
 public:
  Suggestion(Xapian::Database& db, const ColumnStore& columns, const analyzers::Lexicon& lexicon,
             const analyzers::Analyzer& analyzer, const SuggestRequest& request)
      : db_(db), columns_(columns), lexicon_(lexicon), analyzer_(analyzer), request_(request) {}

  SuggestResult Run() {
    SuggestResult result;
    auto words = analyzer_.AnalyzeQuery(request_.text);
    for (size_t i = 0; i < words.size(); ++i) {
      bool last = i + 1 == words.size() && request_.text.back() != ' ';
      words_.push_back(Candidates(std::move(words[i]), last));
    }
    if (words_.empty()) return result;
    Celebrities(result);
    Groups(result);
    return result;
  }

 private:
  std::shared_ptr<const WordCandidates> Candidates(analyzers::QueryWord word, bool last) {
    struct Memo {
      std::tuple<uint64_t, uint64_t, uint64_t> of{0, 0, 0};  // store, change, lexicon
      std::unordered_map<std::string, std::shared_ptr<const WordCandidates>> words;
    };
    thread_local Memo memo;
    std::tuple<uint64_t, uint64_t, uint64_t> now{columns_.id(), columns_.change_seq(),
                                                 lexicon_.id()};
    if (memo.of != now) memo = Memo{now, {}};
    std::string key = (last ? "L" : "W") + word.term;
    for (const auto& alt : word.alternatives) key += '\0' + alt;
    if (auto it = memo.words.find(key); it != memo.words.end()) return it->second;

    auto c = std::make_shared<WordCandidates>();
    c->word = std::move(word);
    c->last = last;
    auto add = [&](uint32_t code, float score, bool prefix) {
      Match& m = c->names[code];
      if (score > m.score) m = {score, prefix};
    };
    std::vector<std::string> forms = c->word.alternatives;
    forms.insert(forms.begin(), c->word.term);
    c->terms.insert(forms.begin(), forms.end());
    for (const auto& form : forms) {
      // The word being typed may be complete or not: as a prefix, it ranks its whole-word
      // match with its longer ones (then popularity decides), all before any typo.
      if (auto code = columns_.NameCode(form)) add(*code, last ? kPrefix : kExact, last);
      if (last) {
        columns_.ForEachNameWithPrefix(form, [&](uint32_t code) {
          add(code, kPrefix, true);
          return true;
        });
      }
    }
    for (const auto& f : lexicon_.Fuzzy(c->word.term)) {
      c->terms.insert(f.term);
      if (f.distance == 0) continue;
      if (auto code = columns_.NameCode(f.term)) {
        add(*code, f.distance == 1 ? kOneTypo : kTwoTypos, false);
      }
    }
    if (last) {
      for (const auto& p : lexicon_.Prefix(c->word.term, {}, kMaxTypoPrefixTerms)) {
        c->terms.insert(p.term);
        if (p.distance == 0) continue;
        if (auto code = columns_.NameCode(p.term)) {
          add(*code, p.distance == 1 ? kOneTypo : kTwoTypos, true);
        }
      }
    }
    for (const auto& [code, m] : c->names) c->postings += columns_.NamePostings(code).size();
    if (memo.words.size() >= kMaxRememberedWords) memo.words.clear();
    memo.words.emplace(std::move(key), c);
    return c;
  }

  // The document's score: each word's best match in its name, summed; 0 when a word has none.
  // The first typed word matching the name's first word scores kFirstWordBonus more.
  float Score(Xapian::docid id) const {
    float total = 0;
    auto names = columns_.Names(id);
    for (size_t i = 0; i < words_.size(); ++i) {
      const auto& w = *words_[i];
      float best = 0;
      for (uint32_t entry : names) {
        auto it = w.names.find(entry & ~ColumnStore::kFirstWord);
        if (it == w.names.end()) continue;
        float bonus = i == 0 && (entry & ColumnStore::kFirstWord) ? kFirstWordBonus : 0;
        best = std::max(best, it->second.score + bonus);
      }
      if (best == 0) return 0;
      total += best;
    }
    return total;
  }

  void Celebrities(SuggestResult& result) {
    // Drive from the word with the fewest documents; every document it reaches is scored
    // against all the words.
    const auto driving =
        std::min_element(words_.begin(), words_.end(),
                         [](const auto& a, const auto& b) { return a->postings < b->postings; });
    const WordCandidates& driver = **driving;
    ColumnFilter filter(columns_, request_.filters, ResolvedCities());
    struct Entry {
      float score;
      double popularity;
      Xapian::docid id;
    };
    auto before = [](const Entry& a, const Entry& b) {
      if (a.score != b.score) return a.score > b.score;
      if (a.popularity != b.popularity) return a.popularity > b.popularity;
      return a.id < b.id;
    };
    // The most a document can score: each other word's best match (with the first-word bonus
    // for word 0), plus the driving code's own. Once the heap is full, a document whose bound
    // cannot beat the heap's worst entry is skipped before scoring: short prefixes reach tens of
    // thousands of documents, and this keeps them to an array lookup each.
    const auto driver_index = static_cast<size_t>(driving - words_.begin());
    float others = 0;
    for (size_t i = 0; i < words_.size(); ++i) {
      if (i == driver_index) continue;
      float best = 0;
      for (const auto& [code, m] : words_[i]->names) best = std::max(best, m.score);
      others += best + (i == 0 ? kFirstWordBonus : 0);
    }
    const float driver_bonus = driver_index == 0 ? kFirstWordBonus : 0;
    std::vector<Entry> heap;
    const size_t keep = static_cast<size_t>(request_.limit);
    for (const auto& [code, match] : driver.names) {
      const float bound = others + match.score + driver_bonus;
      // The most popular first: once the bound cannot enter the heap, no later one can.
      for (Xapian::docid id : columns_.NamePostingsByPopularity(code)) {
        const double popularity = columns_.PopularityRank(id);
        if (heap.size() == keep && !before(Entry{bound, popularity, id}, heap.front())) break;
        if (filter.FailMask(id) != 0) continue;
        Entry e{Score(id), popularity, id};
        if (e.score == 0) continue;
        if (heap.size() == keep && !before(e, heap.front())) continue;
        if (std::any_of(heap.begin(), heap.end(), [&](const Entry& h) { return h.id == id; })) {
          continue;  // reached again through another of its names
        }
        if (heap.size() == keep) {
          std::pop_heap(heap.begin(), heap.end(), before);
          heap.pop_back();
        }
        heap.push_back(e);
        std::push_heap(heap.begin(), heap.end(), before);
      }
    }
    std::sort_heap(heap.begin(), heap.end(), before);
    ReadCache& cache = ReadCache::For(db_, columns_);
    for (const auto& e : heap) {
      auto card = cache.Card(e.id, analyzer_);
      if (!card) continue;  // deleted in a revision this handle lacks
      CelebritySuggestion s;
      s.card_json = card->json;
      s.highlight = Mark(card->name_words, card->name,
                         [&](const analyzers::QueryWord& w) { return NameMatch(w); });
      result.celebrities.push_back(std::move(s));
    }
  }

  // How a word of a display name matched: code points typed for a prefix, 0 for a whole word.
  std::optional<size_t> NameMatch(const analyzers::QueryWord& name_word) const {
    std::vector<std::string> forms = name_word.alternatives;
    forms.insert(forms.begin(), name_word.term);
    for (const auto& form : forms) {
      auto code = columns_.NameCode(form);
      if (!code) continue;
      for (const auto& w : words_) {
        auto it = w->names.find(*code);
        if (it == w->names.end()) continue;
        if (it->second.prefix && it->second.score == kPrefix) return CodePoints(w->word.term);
        return 0;
      }
    }
    return std::nullopt;
  }

  std::vector<std::string> ResolvedCities() {
    std::vector<std::string> keys;
    for (const auto& c : request_.filters.cities) {
      if (c.find(',') != std::string::npos) {
        std::string name = c.substr(0, c.rfind(','));
        std::replace(name.begin(), name.end(), '-', ' ');
        keys.push_back(schema::CityKey(analyzer_.Fold(name), c.substr(c.rfind(',') + 1)));
        continue;
      }
      std::string prefix =
          std::string(schema::kCityPrefix) + schema::CityKey(analyzer_.Fold(c), "");
      for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
        keys.push_back((*t).substr(schema::kCityPrefix.size()));
      }
    }
    return keys;
  }

  // Code points typed when word i matches `term` as a typed prefix, 0 for a whole-word or typo
  // match, nullopt for none.
  std::optional<size_t> WordMatches(size_t i, const std::string& term) const {
    const auto& w = *words_[i];
    if (w.word.term.size() <= term.size() && w.last && term.starts_with(w.word.term)) {
      return term == w.word.term ? 0 : CodePoints(w.word.term);
    }
    for (const auto& alt : w.word.alternatives) {
      if (w.last && term.starts_with(alt)) return term == alt ? 0 : CodePoints(alt);
    }
    if (w.terms.contains(term)) return 0;
    return std::nullopt;
  }
  // The codes of `dict` whose label matches every typed word, from this thread's index of the
  // label words (rebuilt when the store or the dictionary changes).
  std::vector<uint32_t> MatchingLabels(const Dictionary& dict, bool city) const {
    struct LabelIndex {
      uint64_t store = 0;
      size_t size = 0;
      std::map<std::string, std::vector<uint32_t>, std::less<>> by_term;
    };
    thread_local LabelIndex indexes[2];
    LabelIndex& index = indexes[city ? 1 : 0];
    if (index.store != columns_.id() || index.size != dict.size()) {
      index = LabelIndex{columns_.id(), dict.size(), {}};
      for (uint32_t code = 0; code < dict.size(); ++code) {
        const std::string& v = dict.Value(code);
        auto tab = v.find('\t');
        if (tab == std::string::npos) continue;
        for (const auto& w : analyzer_.AnalyzeQuery(std::string_view(v).substr(tab + 1))) {
          index.by_term[w.term].push_back(code);
        }
      }
    }
    std::optional<std::vector<uint32_t>> all;
    for (const auto& w : words_) {
      auto& hits = w->labels[city ? 1 : 0];
      if (!hits) {  // once per word and store change (the memo of words is emptied with it)
        hits.emplace();
        auto take = [&](auto it) {
          hits->insert(hits->end(), it->second.begin(), it->second.end());
        };
        for (const auto& term : w->terms) {
          if (auto it = index.by_term.find(term); it != index.by_term.end()) take(it);
        }
        if (w->last) {
          std::vector<std::string> forms = w->word.alternatives;
          forms.push_back(w->word.term);
          for (const auto& form : forms) {
            for (auto it = index.by_term.lower_bound(form);
                 it != index.by_term.end() && it->first.starts_with(form); ++it) {
              take(it);
            }
          }
        }
        std::sort(hits->begin(), hits->end());
        hits->erase(std::unique(hits->begin(), hits->end()), hits->end());
      }
      if (all) {
        std::vector<uint32_t> both;
        std::set_intersection(all->begin(), all->end(), hits->begin(), hits->end(),
                              std::back_inserter(both));
        all = std::move(both);
      } else {
        all = *hits;
      }
    }
    return all ? std::move(*all) : std::vector<uint32_t>{};
  }

  void Groups(SuggestResult& result) {
    auto collect = [&](bool city, size_t most, std::vector<GroupSuggestion>& out) {
      const Dictionary& dict = city ? columns_.cities() : columns_.categories();
      const auto& counts = LabelCounts(city);
      std::set<std::string_view> seen;
      for (uint32_t code : MatchingLabels(dict, city)) {
        const std::string& v = dict.Value(code);
        auto tab = v.find('\t');
        if (tab == std::string::npos) continue;
        std::string_view key = std::string_view(v).substr(0, tab);
        if (!seen.insert(key).second) continue;
        auto count = counts.find(key);
        if (count == counts.end() || count->second == 0) continue;
        out.push_back({std::string(key), v.substr(tab + 1), "", count->second, ""});
      }
      std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.count != b.count ? a.count > b.count : a.label < b.label;
      });
      if (out.size() > most) out.resize(most);
      for (auto& g : out) {  // only those kept: a short prefix matches hundreds of cities
        if (city) g.country = CountryName(g.value);
        g.highlight = Mark(Analyzed(g.label), g.label,
                           [&](const analyzers::QueryWord& lw) -> std::optional<size_t> {
                             for (size_t i = 0; i < words_.size(); ++i) {
                               if (auto typed = WordMatches(i, lw.term)) return typed;
                             }
                             return std::nullopt;
                           });
      }
    };
    collect(false, kMaxCategorySuggestions, result.categories);
    collect(true, kMaxCitySuggestions, result.cities);
  }

  // The country named by a city key ("paris,fr" -> "France"), from the facet dictionary.
  std::string CountryName(const std::string& city_key) const {
    auto comma = city_key.rfind(',');
    if (comma == std::string::npos) return "";
    const std::string code = city_key.substr(comma + 1) + "\t";
    const Dictionary& countries = columns_.countries();
    for (uint32_t c = 0; c < countries.size(); ++c) {
      if (countries.Value(c).starts_with(code)) return countries.Value(c).substr(code.size());
    }
    return "";
  }

  // How many documents have each category (or city) key, from the whole-catalogue tally (a
  // B-tree lookup of each matching label's term frequency cost more: a one-letter prefix
  // matches hundreds of cities). Re-keyed per thread when the store changes: a code per label,
  // and a key can have had more than one label.
  const std::map<std::string, int64_t, std::less<>>& LabelCounts(bool city) const {
    struct Counts {
      uint64_t store = 0, seq = 0;
      std::map<std::string, int64_t, std::less<>> by_key;
    };
    thread_local Counts cached[2];
    Counts& c = cached[city ? 1 : 0];
    if (c.store == columns_.id() && c.seq == columns_.change_seq()) return c.by_key;
    const Dictionary& dict = city ? columns_.cities() : columns_.categories();
    const FacetTally& all = WholeCatalogue(columns_);
    c = Counts{columns_.id(), columns_.change_seq(), {}};
    for (uint32_t code = 0; code < dict.size(); ++code) {
      c.by_key[std::string(dict.Key(code))] += all.CodeCount(city ? kCity : kCategory, code);
    }
    return c.by_key;
  }

  // Category and city labels analysed once per thread (they repeat across requests).
  const std::vector<analyzers::QueryWord>& Analyzed(const std::string& label) const {
    thread_local std::unordered_map<std::string, std::vector<analyzers::QueryWord>> cache;
    auto it = cache.find(label);
    if (it == cache.end()) {
      if (cache.size() > 100000) cache.clear();
      it = cache.emplace(label, analyzer_.AnalyzeQuery(label)).first;
    }
    return it->second;
  }

  Xapian::Database& db_;
  const ColumnStore& columns_;
  const analyzers::Lexicon& lexicon_;
  const analyzers::Analyzer& analyzer_;
  const SuggestRequest& request_;
  std::vector<std::shared_ptr<const WordCandidates>> words_;
};

}  // namespace

Result<SuggestResult> Suggester::Suggest(const SuggestRequest& request) {
  auto started = std::chrono::steady_clock::now();
  for (int attempt = 0;; ++attempt) {
    try {
      if (attempt > 0) db_.reopen();
      auto lock = columns_.ReadLock();
      SuggestResult result = Suggestion(db_, columns_, lexicon_, analyzer_, request).Run();
      result.took_ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
              .count();
      return result;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt > 0) break;
    } catch (const Xapian::Error&) {
      break;
    }
  }
  return MakeError(ErrorCode::kUnavailable, "the search index is unavailable; try again");
}

}  // namespace starry::query
