// @brief Applies current catalogue rows to a writable index: replace what is indexable,
// delete what is not (inactive, deleted, in an inactive category).
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "indexer/celebrity_record.h"
#include "indexer/document_builder.h"

namespace starry::indexer {

// `ids`: the celebrities that changed; `records`: the indexable ones among them, as read now.
// Idempotent: applying the same rows again leaves the same documents. The touched docids go
// to the index's change log (schema::kMetaChangeSeq), committed with them. Throws Xapian::Error.
void ApplyChanges(Xapian::WritableDatabase& db, const DocumentBuilder& builder,
                  const std::vector<std::string>& ids, const std::vector<CelebrityRecord>& records);

}  // namespace starry::indexer
