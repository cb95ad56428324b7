#include "indexer/index_updater.h"

#include <unordered_set>

namespace starry::indexer {

void ApplyChanges(Xapian::WritableDatabase& db, const DocumentBuilder& builder,
                  const std::vector<std::string>& ids,
                  const std::vector<CelebrityRecord>& records) {
  std::unordered_set<std::string> indexable;
  for (const auto& r : records) {
    indexable.insert(r.id);
    std::string id_term = DocumentBuilder::IdTerm(r.id);
    db.replace_document(id_term, builder.Build(r));
  }
  for (const auto& id : ids) {
    if (!indexable.contains(id)) db.delete_document(DocumentBuilder::IdTerm(id));
  }
}

}  // namespace starry::indexer
