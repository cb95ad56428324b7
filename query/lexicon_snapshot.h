// @brief The typo lexicon of an open index: every term of the lexicon fields (name, username,
// profession, category, city) with its document frequency summed over those fields. Derived
// from the index itself, so it always belongs to the generation it was read from.
#pragma once

#include <xapian.h>

#include "analyzers/lexicon.h"

namespace starry::query {

// Throws Xapian::Error (callers are adapters that catch it).
analyzers::Lexicon BuildLexicon(const Xapian::Database& db);

}  // namespace starry::query
