// @brief Reading an index generation's files once, so that the OS keeps them in its page cache.
//
// A search reads each hit's card from docdata.glass, and the lists it does not keep in memory
// from postlist.glass. On a fresh generation (or a fresh machine) those reads go to the disk:
// 20 cards took 0.5-4.7 ms of a 2-4 letter prefix search on the 1M demo, where the cards were
// not cached. The server reads a new generation's files in the background when it first
// opens it (ColumnCache), as Elasticsearch's index.store.preload does; the kernel may still
// evict them under memory pressure.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stop_token>

namespace starry::query {

// Reads every regular file in `dir` from start to end, stopping early when `stop` is asked.
// Returns the bytes read; a file that cannot be read is skipped.
uint64_t WarmPageCache(const std::filesystem::path& dir, const std::stop_token& stop = {});

}  // namespace starry::query
