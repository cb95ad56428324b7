#include "indexer/index_updater.h"

#include <unordered_set>

#include "schema/document_schema.h"

namespace starry::indexer {
namespace {

// Appends one change set to the index's change log (committed with the documents) and drops
// the set that falls out of the kept window.
void LogChanges(Xapian::WritableDatabase& db, const std::vector<Xapian::docid>& docids) {
  if (docids.empty()) return;
  std::string last = db.get_metadata(std::string(schema::kMetaChangeSeq));
  uint64_t seq = last.empty() ? 1 : std::stoull(last) + 1;
  std::string list;
  for (Xapian::docid id : docids) {
    if (!list.empty()) list += ',';
    list += std::to_string(id);
  }
  const std::string prefix(schema::kMetaChangesPrefix);
  db.set_metadata(prefix + std::to_string(seq), list);
  if (seq > schema::kChangeLogKept) {
    db.set_metadata(prefix + std::to_string(seq - schema::kChangeLogKept), "");
  }
  db.set_metadata(std::string(schema::kMetaChangeSeq), std::to_string(seq));
}

}  // namespace

void ApplyChanges(Xapian::WritableDatabase& db, const DocumentBuilder& builder,
                  const std::vector<std::string>& ids,
                  const std::vector<CelebrityRecord>& records) {
  std::unordered_set<std::string> indexable;
  std::vector<Xapian::docid> touched;
  for (const auto& r : records) {
    indexable.insert(r.id);
    std::string id_term = DocumentBuilder::IdTerm(r.id);
    touched.push_back(db.replace_document(id_term, builder.Build(r)));
  }
  for (const auto& id : ids) {
    if (indexable.contains(id)) continue;
    std::string id_term = DocumentBuilder::IdTerm(id);
    for (auto p = db.postlist_begin(id_term); p != db.postlist_end(id_term); ++p) {
      touched.push_back(*p);
    }
    db.delete_document(id_term);
  }
  LogChanges(db, touched);
}

}  // namespace starry::indexer
