// @brief Reads celebrities from PostgreSQL the way the index needs them: every active one in
// one streaming pass (a server-side cursor over one query; no query per celebrity), or a given
// set of ids (incremental sync).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/result.h"
#include "db/pq.h"
#include "indexer/celebrity_record.h"

namespace starry::indexer {

using RecordSink = std::function<Status(CelebrityRecord&&)>;

// Streams every indexable celebrity (active, in an active category) to `sink`, in batches
// fetched through a cursor inside `tx`. Stops at the first sink error and returns it.
// Errors: kUnavailable/kInternal from PostgreSQL, or the sink's.
Status ReadAllCelebrities(pqxx::transaction_base& tx, const RecordSink& sink);

// The indexable celebrities among `ids`; ids that are missing, inactive or in an inactive
// category are simply absent from the result (their documents must be deleted).
Result<std::vector<CelebrityRecord>> ReadCelebrities(pqxx::transaction_base& tx,
                                                     const std::vector<std::string>& ids);

}  // namespace starry::indexer
