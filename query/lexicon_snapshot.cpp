#include "query/lexicon_snapshot.h"

#include "schema/document_schema.h"

namespace starry::query {

analyzers::Lexicon BuildLexicon(const Xapian::Database& db) {
  std::vector<std::pair<std::string, uint32_t>> terms;
  for (const auto& spec : schema::kTextFields) {
    if (!spec.in_lexicon) continue;
    std::string prefix(spec.prefix);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      terms.emplace_back((*t).substr(prefix.size()), t.get_termfreq());
    }
  }
  return analyzers::Lexicon::Build(std::move(terms));
}

}  // namespace starry::query
