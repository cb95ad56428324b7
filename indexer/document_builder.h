// @brief CelebrityRecord -> Xapian::Document, as schema/document_schema.h lays it out.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

#include "analyzers/analyzer.h"
#include "indexer/celebrity_record.h"

namespace starry::indexer {

class DocumentBuilder {
 public:
  explicit DocumentBuilder(const analyzers::Analyzer& analyzer) : analyzer_(analyzer) {}

  // Text fields through the shared analyzer (positions for the name only), boolean filter
  // terms, value slots and the result-card JSON as document data.
  Xapian::Document Build(const CelebrityRecord& record) const;

  // "Q" + id: the unique term that identifies a celebrity's document.
  static std::string IdTerm(std::string_view id);

 private:
  const analyzers::Analyzer& analyzer_;
};

// The JSON a result card needs, stored as document data (no PostgreSQL at query time).
std::string CardJson(const CelebrityRecord& record, const analyzers::Analyzer& analyzer);

// Popularity for the browse order and ranking tie-breaks: bookings, then rating where reviews
// back it.
double PopularityScore(const CelebrityRecord& record);

}  // namespace starry::indexer
