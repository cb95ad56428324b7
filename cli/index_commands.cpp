#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

#include "analyzers/analyzer.h"
#include "cli/cli_context.h"
#include "cli/commands.h"
#include "indexer/full_reindex.h"
#include "indexer/outbox_sync.h"
#include "query/lexicon_snapshot.h"
#include "schema/document_schema.h"

namespace starry::cli {
namespace {

std::string HumanBytes(uint64_t bytes) {
  char buf[32];
  if (bytes >= (1ULL << 30)) {
    snprintf(buf, sizeof buf, "%.2f GiB", static_cast<double>(bytes) / (1ULL << 30));
  } else {
    snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1ULL << 20));
  }
  return buf;
}

}  // namespace

indexer::IndexStore IndexStoreFor(const Environment& env) {
  return indexer::IndexStore(env.data_dir / "index");
}

int RunReindex(const Args& args) {
  cxxopts::Options options("starry reindex",
                           "Rebuild the search index from PostgreSQL and swap it in atomically; "
                           "searches keep answering meanwhile.");
  options.add_options()("h,help", "show this help");
  int exit_code = kExitOk;
  auto parsed = ParseArgs(options, "reindex", args, exit_code);
  if (!parsed) return exit_code;
  Environment env = Environment::FromProcess();
  auto analyzer = analyzers::Analyzer::Create();
  if (!analyzer) return Fail("reindex", analyzer.error());
  auto db = OpenDatabase(env);
  if (!db) return Fail("reindex", db.error());
  bool tty = isatty(STDERR_FILENO) != 0;
  indexer::ReindexOptions reindex_options;
  reindex_options.progress = [tty](const indexer::ReindexProgress& p) {
    if (!tty) return;
    double rate = p.seconds > 0 ? static_cast<double>(p.done) / p.seconds : 0;
    double eta = rate > 0 ? static_cast<double>(p.total - p.done) / rate : 0;
    std::fprintf(stderr, "\r  %lld / %lld documents  %.0f docs/s  ETA %.0f s   ",
                 static_cast<long long>(p.done), static_cast<long long>(p.total), rate, eta);
  };
  auto report =
      indexer::FullReindex(db->target.conninfo, IndexStoreFor(env), *analyzer, reindex_options);
  if (tty) std::fprintf(stderr, "\n");
  if (!report) return Fail("reindex", report.error());
  std::printf(
      "indexed %lld celebrities in %.2f s (%.0f docs/s), %lld changed during the build and "
      "replayed; %s on disk (%.0f bytes/doc) in %s\n",
      static_cast<long long>(report->documents), report->seconds,
      report->seconds > 0 ? static_cast<double>(report->documents) / report->seconds : 0.0,
      static_cast<long long>(report->caught_up), HumanBytes(report->bytes).c_str(),
      report->documents > 0 ? static_cast<double>(report->bytes) / report->documents : 0.0,
      report->dir.c_str());
  return kExitOk;
}

int RunSync(const Args& args) {
  sigset_t signals = BlockShutdownSignals();

  cxxopts::Options options("starry sync",
                           "Apply catalogue changes (the outbox) to the live index: continuously, "
                           "or once with --once.");
  options.add_options()("once", "apply what is pending and exit")("h,help", "show this help");
  int exit_code = kExitOk;
  auto parsed = ParseArgs(options, "sync", args, exit_code);
  if (!parsed) return exit_code;
  Environment env = Environment::FromProcess();
  auto analyzer = analyzers::Analyzer::Create();
  if (!analyzer) return Fail("sync", analyzer.error());
  auto db = OpenDatabase(env);
  if (!db) return Fail("sync", db.error());
  indexer::SyncOptions sync_options;
  sync_options.log = [](const std::string& line) { std::cerr << "starry " << line << std::endl; };
  indexer::OutboxSync sync(db->target.conninfo, IndexStoreFor(env), *analyzer, sync_options);
  if (parsed->count("once") != 0) {
    auto report = sync.RunOnce();
    if (!report) return Fail("sync", report.error());
    std::printf("applied %d outbox rows (%d celebrities)\n", report->rows, report->celebrities);
    return kExitOk;
  }
  std::jthread loop([&sync](const std::stop_token& stop) { sync.Run(stop); });
  std::cout << "starry sync: following the outbox (Ctrl-C to stop)" << std::endl;
  int received = 0;
  sigwait(&signals, &received);
  loop.request_stop();
  loop.join();
  return kExitOk;
}

int RunIndex(const Args& args) {
  cxxopts::Options options("starry index",
                           "stats: document count, size, lexicon, sync state; lexicon: the typo "
                           "lexicon's terms and document counts.");
  options.add_options()("verb", "stats | lexicon", cxxopts::value<std::string>())("h,help",
                                                                                  "show this help");
  options.parse_positional({"verb"});
  int exit_code = kExitOk;
  auto parsed = ParseArgs(options, "index", args, exit_code);
  if (!parsed) return exit_code;
  std::string verb = parsed->count("verb") != 0 ? (*parsed)["verb"].as<std::string>() : "";
  if (verb != "stats" && verb != "lexicon") {
    return UsageError("index", "say `starry index stats` or `starry index lexicon`");
  }
  Environment env = Environment::FromProcess();
  indexer::IndexStore store = IndexStoreFor(env);
  auto live = store.LiveDir();
  if (!live) return Fail("index", live.error());
  auto reader = store.OpenReader();
  if (!reader) return Fail("index", reader.error());
  if (verb == "lexicon") {  // the typo lexicon's vocabulary: term TAB documents
    try {
      auto lexicon = query::BuildLexicon(*reader);
      for (size_t i = 0; i < lexicon.size(); ++i) {
        std::cout << lexicon.term(i) << '\t' << lexicon.frequency(i) << '\n';
      }
    } catch (const Xapian::Error& e) {
      return Fail("index", Error(ErrorCode::kUnavailable, e.get_description()));
    }
    return kExitOk;
  }
  uint64_t lexicon_terms = 0;
  try {
    for (const auto& spec : schema::kTextFields) {
      if (!spec.in_lexicon) continue;
      std::string prefix(spec.prefix);
      for (auto t = reader->allterms_begin(prefix); t != reader->allterms_end(prefix); ++t) {
        ++lexicon_terms;
      }
    }
  } catch (const Xapian::Error& e) {
    return Fail("index", Error(ErrorCode::kUnavailable, e.get_description()));
  }
  auto db = OpenDatabase(env);
  if (!db) return Fail("index", db.error());
  try {
    pqxx::nontransaction tx(*db->conn);
    auto backlog = tx.exec1(
        "SELECT count(*), min(created_at)::text FROM search_outbox WHERE processed_at "
        "IS NULL");
    auto state =
        tx.exec("SELECT name, value, updated_at::text FROM search_index_state ORDER BY name");
    std::printf("index:            %s\n", live->c_str());
    std::printf("documents:        %u\n", reader->get_doccount());
    std::printf("size on disk:     %s\n",
                HumanBytes(indexer::IndexStore::SizeOnDisk(*live)).c_str());
    std::printf("lexicon terms:    %llu (name, profession, category, city)\n",
                static_cast<unsigned long long>(lexicon_terms));
    std::printf("built at:         %s (unix)\n",
                reader->get_metadata(std::string(schema::kMetaBuiltAt)).c_str());
    for (const auto& row : state) {
      std::printf("%-17s %s (at %s)\n", (row[0].as<std::string>() + ":").c_str(), row[1].c_str(),
                  row[2].c_str());
    }
    std::printf("outbox backlog:   %lld rows%s%s\n", backlog[0].as<long long>(),
                backlog[1].is_null() ? "" : ", oldest from ",
                backlog[1].is_null() ? "" : backlog[1].c_str());
  } catch (const std::exception& e) {
    return Fail("index", Error(ErrorCode::kUnavailable, e.what()));
  }
  return kExitOk;
}

}  // namespace starry::cli
