// @brief A document's card (the JSON a result shows), read in one record lookup.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>

namespace starry::query {

// The card of document `id`, or nullopt when `db`'s revision lacks the document (deleted in a
// revision the columns have seen and this handle has not). DOC_ASSUME_VALID skips the
// document-length lookup get_document makes to check the id: the record read is the check,
// since every document the indexer writes has a card and a missing one reads as empty.
// Throws Xapian::Error.
inline std::optional<std::string> CardOf(const Xapian::Database& db, Xapian::docid id) {
  std::string card = db.get_document(id, Xapian::DOC_ASSUME_VALID).get_data();
  if (card.empty()) return std::nullopt;
  return card;
}

}  // namespace starry::query
