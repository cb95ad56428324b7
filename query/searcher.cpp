#include "query/searcher.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <map>
#include <set>

#include "query/text_matcher.h"
#include "schema/document_schema.h"

namespace starry::query {
namespace {

using Xapian::Query;

// Filter groups: a facet's counts ignore its own group (disjunctive facets).
enum Group {
  kCategory,
  kCity,
  kCountry,
  kPrice,
  kRating,
  kVerified,
  kMeetingType,
  kAvailability,
  kGeo
};
constexpr Group kFacetGroups[] = {kCategory, kCity, kCountry, kPrice, kRating, kVerified};
constexpr const char* kFacetNames[] = {"category", "city",   "country",
                                       "price",    "rating", "verified"};
constexpr size_t kTopCities = 20;

struct PriceBucket {
  int64_t lo_dollars, hi_dollars;  // [lo, hi); hi < 0: open
};
constexpr PriceBucket kPriceBuckets[] = {{0, 100},     {100, 250},   {250, 500}, {500, 1000},
                                         {1000, 2500}, {2500, 5000}, {5000, -1}};
constexpr double kRatingThresholds[] = {4.5, 4.0, 3.5, 3.0};

std::string PriceBucketValue(const PriceBucket& b) {
  return std::to_string(b.lo_dollars) + "-" +
         (b.hi_dollars < 0 ? "" : std::to_string(b.hi_dollars));
}
std::string PriceBucketLabel(const PriceBucket& b) {
  if (b.hi_dollars < 0) return "$" + std::to_string(b.lo_dollars) + "+";
  return "$" + std::to_string(b.lo_dollars) + "–$" + std::to_string(b.hi_dollars);
}

std::vector<std::string_view> Lines(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    size_t nl = s.find('\n');
    out.push_back(s.substr(0, nl));
    if (nl == std::string_view::npos) break;
    s.remove_prefix(nl + 1);
  }
  return out;
}

// Counts the facet groups it is told to, from value slots, for every matching document.
class FacetSpy : public Xapian::MatchSpy {
 public:
  FacetSpy(std::set<Group> groups, std::optional<int> tier)
      : groups_(std::move(groups)), tier_(tier) {}
  void operator()(const Xapian::Document& doc, double) override {
    if (groups_.contains(kCategory)) Add(kCategory, doc.get_value(schema::kCategorySlot));
    // The values must outlive the views Lines() hands out: a temporary in a range-for's
    // initialiser dies before the loop body runs (before C++23).
    if (groups_.contains(kCity)) {
      std::string cities = doc.get_value(schema::kCitiesSlot);
      for (auto line : Lines(cities)) Add(kCity, line);
    }
    if (groups_.contains(kCountry)) {
      std::string countries = doc.get_value(schema::kCountriesSlot);
      for (auto line : Lines(countries)) Add(kCountry, line);
    }
    if (groups_.contains(kVerified)) {
      ++counts_[kVerified][doc.get_value(schema::kVerifiedSlot) == "1" ? "true\tVerified"
                                                                       : "false\tNot verified"];
    }
    if (groups_.contains(kPrice)) {
      std::string v =
          doc.get_value(tier_ ? schema::kTierPriceSlot + *tier_ : schema::kMinPriceSlot);
      if (!v.empty()) {
        double dollars = Xapian::sortable_unserialise(v) / 100.0;
        for (const auto& b : kPriceBuckets) {
          if (dollars >= b.lo_dollars && (b.hi_dollars < 0 || dollars < b.hi_dollars)) {
            ++counts_[kPrice][PriceBucketValue(b) + "\t" + PriceBucketLabel(b)];
            break;
          }
        }
      }
    }
    if (groups_.contains(kRating)) {
      double rating = Xapian::sortable_unserialise(doc.get_value(schema::kRatingSlot));
      for (double t : kRatingThresholds) {
        if (rating >= t) {
          char buf[32];
          snprintf(buf, sizeof buf, "%.1f\t%.1f & up", t, t);
          ++counts_[kRating][buf];
        }
      }
    }
  }
  std::string name() const override { return "starry.FacetSpy"; }
  const std::map<std::string, int64_t>& Counts(Group g) { return counts_[g]; }

 private:
  void Add(Group g, std::string_view key_and_label) { ++counts_[g][std::string(key_and_label)]; }
  std::set<Group> groups_;
  std::optional<int> tier_;
  std::map<Group, std::map<std::string, int64_t>> counts_;
};

Query OrOfTerms(const std::vector<std::string>& terms) {
  if (terms.empty()) return Query::MatchNothing;
  return Query(Query::OP_OR, terms.begin(), terms.end());
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

class Execution {
 public:
  Execution(Xapian::Database& db, const analyzers::Lexicon& lexicon,
            const analyzers::Analyzer& analyzer, const SearchRequest& request)
      : db_(db), analyzer_(analyzer), request_(request), matcher_(analyzer, lexicon) {}

  Result<SearchResult> Run() {
    SearchResult result;
    BuildFilters();
    words_ = matcher_.Match(request_.text);
    bool has_text = !words_.empty();
    Query text = has_text ? TextMatcher::BuildQuery(words_) : Query::MatchAll;
    if (!request_.text.empty() && !has_text) text = Query::MatchNothing;  // only punctuation

    // Relax: when the words cannot all match, leave out the one whose absence matches most.
    if (words_.size() > 1 && Count(Filtered(text, std::nullopt)) == 0) {
      int64_t best = 0;
      for (size_t i = 0; i < words_.size(); ++i) {
        int64_t n = Count(Filtered(TextMatcher::BuildQuery(words_, i), std::nullopt));
        if (n > best) {
          best = n;
          dropped_ = i;
        }
      }
      if (dropped_) {
        text = TextMatcher::BuildQuery(words_, dropped_);
        const auto& w = words_[*dropped_].word;
        result.dropped_word = request_.text.substr(w.begin, w.end - w.begin);
      }
    }
    // The page, with exact total and the facets of the groups nobody selected.
    std::set<Group> unselected;
    for (Group g : kFacetGroups) {
      if (!filters_.contains(g)) unselected.insert(g);
    }
    Xapian::Enquire enquire(db_);
    enquire.set_query(Filtered(text, std::nullopt));
    SetOrder(enquire, has_text);
    FacetSpy spy(unselected, request_.meeting_tier);
    enquire.add_matchspy(&spy);
    Xapian::MSet mset =
        enquire.get_mset((request_.page - 1) * request_.limit, request_.limit, db_.get_doccount());
    result.total = mset.get_matches_estimated();
    std::map<Group, std::map<std::string, int64_t>> counts;
    for (Group g : unselected) counts[g] = spy.Counts(g);
    // Each selected group: counted without its own selection.
    for (Group g : kFacetGroups) {
      if (!filters_.contains(g)) continue;
      Xapian::Enquire facet(db_);
      facet.set_query(Filtered(text, g));
      facet.set_weighting_scheme(Xapian::BoolWeight());
      FacetSpy own({g}, request_.meeting_tier);
      facet.add_matchspy(&own);
      facet.get_mset(0, 0, db_.get_doccount());
      counts[g] = own.Counts(g);
    }
    for (size_t i = 0; i < std::size(kFacetGroups); ++i) {
      result.facets.push_back(MakeFacet(kFacetGroups[i], kFacetNames[i], counts[kFacetGroups[i]]));
    }
    if (has_text) result.correction = Correct(mset);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Xapian::Document doc = it.get_document();
      Hit hit;
      hit.card_json = doc.get_data();
      hit.highlight = Highlight(doc);
      if (request_.near) hit.distance_km = DistanceKm(doc);
      result.hits.push_back(std::move(hit));
    }
    return result;
  }

 private:
  void BuildFilters() {
    const auto& r = request_;
    if (!r.categories.empty()) {
      std::vector<std::string> terms;
      for (const auto& c : r.categories) terms.push_back(std::string(schema::kCategoryPrefix) + c);
      filters_[kCategory] = OrOfTerms(terms);
    }
    city_keys_ = ResolveCities();
    if (!r.cities.empty()) {
      std::vector<std::string> terms;
      for (const auto& k : city_keys_) terms.push_back(std::string(schema::kCityPrefix) + k);
      filters_[kCity] = OrOfTerms(terms);
    }
    if (!r.countries.empty()) {
      std::vector<std::string> terms;
      for (const auto& c : r.countries) terms.push_back(std::string(schema::kCountryPrefix) + c);
      filters_[kCountry] = OrOfTerms(terms);
    }
    if (r.min_price_cents || r.max_price_cents) {
      std::string lo = r.min_price_cents
                           ? Xapian::sortable_serialise(static_cast<double>(*r.min_price_cents))
                           : "";
      std::string hi = Xapian::sortable_serialise(
          static_cast<double>(r.max_price_cents.value_or(std::numeric_limits<int64_t>::max() / 2)));
      std::vector<Query> ranges;
      for (int t = 0; t < 3; ++t) {
        if (r.meeting_tier && *r.meeting_tier != t) continue;
        ranges.emplace_back(Query::OP_VALUE_RANGE, schema::kTierPriceSlot + t, lo, hi);
      }
      filters_[kPrice] = Query(Query::OP_OR, ranges.begin(), ranges.end());
    } else if (r.meeting_tier) {
      filters_[kMeetingType] = Query(std::string(schema::kMeetingTypePrefix) +
                                     std::string(schema::kTierNames[*r.meeting_tier]));
    }
    if (r.min_rating) {
      filters_[kRating] =
          Query(Query::OP_VALUE_GE, schema::kRatingSlot, Xapian::sortable_serialise(*r.min_rating));
    }
    if (r.verified) {
      Query verified{std::string(schema::kVerifiedTerm)};
      filters_[kVerified] =
          *r.verified ? verified : Query(Query::OP_AND_NOT, Query::MatchAll, verified);
    }
    if (r.available_from) {
      std::vector<std::string> terms;
      for (auto d = schema::FromCompactDate(*r.available_from);
           d <= schema::FromCompactDate(*r.available_to); d += std::chrono::days(1)) {
        if (r.cities.empty()) {
          terms.push_back(std::string(schema::kDatePrefix) + schema::CompactDate(d));
        } else {
          // The city and the date of the same availability entry.
          for (const auto& k : city_keys_)
            terms.push_back(std::string(schema::kCityDatePrefix) + k + "@" +
                            schema::CompactDate(d));
        }
      }
      filters_[kAvailability] = OrOfTerms(terms);
    }
    if (r.near) {
      Xapian::LatLongCoord centre(r.near->latitude, r.near->longitude);
      Xapian::GreatCircleMetric metric;
      geo_source_ = std::make_unique<Xapian::LatLongDistancePostingSource>(
          schema::kCoordinatesSlot, centre, metric, r.near->radius_km * 1000.0);
      filters_[kGeo] = Query(geo_source_.get());
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

  Query Filtered(const Query& text, std::optional<Group> except) {
    std::vector<Query> filters;
    for (const auto& [g, q] : filters_) {
      if (!except || g != *except) filters.push_back(q);
    }
    if (filters.empty()) return text;
    return Query(Query::OP_FILTER, text, Query(Query::OP_AND, filters.begin(), filters.end()));
  }

  int64_t Count(const Query& q) {
    Xapian::Enquire e(db_);
    e.set_query(q);
    e.set_weighting_scheme(Xapian::BoolWeight());
    return e.get_mset(0, 0, db_.get_doccount()).get_matches_estimated();
  }

  void SetOrder(Xapian::Enquire& e, bool has_text) {
    e.set_weighting_scheme(Xapian::CoordWeight());
    // Documents without the value (no meeting type, say) sort last either way.
    auto by = [&](Xapian::valueno slot, bool descending) {
      auto keys = std::make_unique<Xapian::MultiValueKeyMaker>();
      keys->add_value(slot, descending, descending ? "" : Xapian::sortable_serialise(1e300));
      keys->add_value(schema::kPopularitySlot, true);
      e.set_sort_by_key_then_relevance(keys.release()->release(), false);
    };
    switch (request_.sort) {
      case SortOrder::kRelevance:
        if (has_text) {
          e.set_sort_by_relevance_then_value(schema::kPopularitySlot, true);
        } else {
          e.set_sort_by_value_then_relevance(schema::kPopularitySlot, true);
        }
        break;
      case SortOrder::kPopularity:
        e.set_sort_by_value_then_relevance(schema::kPopularitySlot, true);
        break;
      case SortOrder::kPriceAsc:
      case SortOrder::kPriceDesc: {
        Xapian::valueno slot = request_.meeting_tier
                                   ? schema::kTierPriceSlot + *request_.meeting_tier
                                   : schema::kMinPriceSlot;
        by(slot, request_.sort == SortOrder::kPriceDesc);
        break;
      }
      case SortOrder::kRating:
        by(schema::kRatingSlot, true);
        break;
      case SortOrder::kNewest:
        by(schema::kCreatedAtSlot, true);
        break;
      case SortOrder::kDistance: {
        Xapian::LatLongCoord centre(request_.near->latitude, request_.near->longitude);
        e.set_sort_by_key_then_relevance(
            (new Xapian::LatLongDistanceKeyMaker(schema::kCoordinatesSlot, centre))->release(),
            false);
        break;
      }
    }
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
      if (g == kCity && f.buckets.size() > kTopCities) f.buckets.resize(kTopCities);
    }
    return f;
  }

  // "Did you mean": spelled as the best hit has the words, so the suggestion is one that
  // finds something (independent per-word fixes can combine into nothing: tyler + swift).
  // Without a hit on this page, each word's closest and most frequent fix, if that matches.
  std::optional<std::string> Correct(const Xapian::MSet& mset) {
    std::vector<WordMatch> words = words_;
    if (!mset.empty()) {
      Xapian::Document top = mset.begin().get_document();
      std::set<std::string> terms;
      for (auto t = top.termlist_begin(); t != top.termlist_end(); ++t) terms.insert(*t);
      for (auto& w : words) {
        std::erase_if(w.candidates, [&](const Candidate& c) {
          for (const auto& spec : schema::kTextFields) {
            if (spec.in_lexicon && terms.contains(std::string(spec.prefix) + c.term)) return false;
          }
          return true;
        });
      }
      return TextMatcher::Correction(words);
    }
    auto corrected = TextMatcher::Correction(words);
    if (!corrected) return std::nullopt;
    auto corrected_words = matcher_.Match(*corrected + " ");  // as whole words
    if (Count(Filtered(TextMatcher::BuildQuery(corrected_words), std::nullopt)) == 0) {
      return std::nullopt;
    }
    return corrected;
  }

  std::string Highlight(const Xapian::Document& doc) {
    // The display name is the card's; find it without parsing all the JSON.
    std::string data = doc.get_data();
    auto key = data.find("\"displayName\":\"");
    std::string name;
    if (key != std::string::npos) {
      for (size_t i = key + 15; i < data.size() && data[i] != '"'; ++i) {
        if (data[i] == '\\' && i + 1 < data.size()) ++i;
        name += data[i];
      }
    }
    std::set<std::string> matched;
    for (size_t i = 0; i < words_.size(); ++i) {
      if (dropped_ && *dropped_ == i) continue;
      for (const auto& c : words_[i].candidates) matched.insert(c.term);
    }
    std::string out;
    size_t at = 0;
    for (const auto& w : analyzer_.AnalyzeQuery(name)) {
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

  double DistanceKm(const Xapian::Document& doc) {
    Xapian::LatLongCoords coords;
    coords.unserialise(doc.get_value(schema::kCoordinatesSlot));
    Xapian::GreatCircleMetric metric;
    Xapian::LatLongCoord centre(request_.near->latitude, request_.near->longitude);
    double best = -1;
    for (auto it = coords.begin(); it != coords.end(); ++it) {
      double d = metric(centre, *it) / 1000.0;
      if (best < 0 || d < best) best = d;
    }
    return best;
  }

  Xapian::Database& db_;
  const analyzers::Analyzer& analyzer_;
  const SearchRequest& request_;
  TextMatcher matcher_;
  std::vector<WordMatch> words_;
  std::optional<size_t> dropped_;
  std::map<Group, Query> filters_;
  std::vector<std::string> city_keys_;
  std::unique_ptr<Xapian::LatLongDistancePostingSource> geo_source_;
};

}  // namespace

Result<SearchResult> Searcher::SearchOnce(const SearchRequest& request) {
  auto started = std::chrono::steady_clock::now();
  Execution execution(db_, lexicon_, analyzer_, request);
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
