#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "fixtures/seeder.h"

namespace starry::cli {
namespace {

Result<std::chrono::sys_days> ParseDate(const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) == 3 && text.size() == 10) {
    std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m),
                                    std::chrono::day(d)};
    if (ymd.ok()) return std::chrono::sys_days(ymd);
  }
  return MakeError(ErrorCode::kInvalidArgument,
                   "--start-date must be a date as YYYY-MM-DD, not '" + text + "'");
}

}  // namespace

int RunSeed(const Args& args) {
  cxxopts::Options options("starry seed",
                           "Load the demo catalogue: the hand-made showcase set plus N generated "
                           "celebrities. The same seed and start date give the same data.");
  options.add_options()("celebrities", "generated celebrities on top of the hand-made set",
                        cxxopts::value<std::string>()->default_value("0"))(
      "seed", "random seed", cxxopts::value<std::string>()->default_value("1"))(
      "start-date", "the data's 'today' (YYYY-MM-DD); dates fall in the 120 days after it",
      cxxopts::value<std::string>())("replace",
                                     "wipe the catalogue (and its bookings) before loading")(
      "if-empty", "do nothing (and succeed) when the catalogue already has celebrities")(
      "h,help", "show this help");
  int exit_code = kExitOk;
  auto parsed = ParseArgs(options, "seed", args, exit_code);
  if (!parsed) return exit_code;
  fixtures::SeedOptions seed;
  auto count = ParseInteger("--celebrities", (*parsed)["celebrities"].as<std::string>(), 0,
                            fixtures::kMaxSeedCelebrities);
  if (!count) return Fail("seed", count.error());
  auto seed_value = ParseInteger("--seed", (*parsed)["seed"].as<std::string>(), 0, INT64_MAX);
  if (!seed_value) return Fail("seed", seed_value.error());
  seed.celebrities = *count;
  seed.seed = static_cast<uint64_t>(*seed_value);
  seed.replace = parsed->count("replace") != 0;
  seed.start_date = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  if (parsed->count("start-date") != 0) {
    auto date = ParseDate((*parsed)["start-date"].as<std::string>());
    if (!date) return Fail("seed", date.error());
    seed.start_date = *date;
  }

  auto source = fixtures::CatalogSource::LoadEmbedded();
  if (!source) return Fail("seed", source.error());
  auto db = OpenDatabase(Environment::FromProcess());
  if (!db) return Fail("seed", db.error());

  bool tty = isatty(STDERR_FILENO) != 0;
  auto started = std::chrono::steady_clock::now();
  auto progress = [&](int64_t done, int64_t total) {
    if (!tty || total == 0) return;
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
    std::fprintf(stderr, "\r  %lld / %lld celebrities  %.0f/s  ETA %.0f s   ",
                 static_cast<long long>(done), static_cast<long long>(total), rate,
                 rate > 0 ? static_cast<double>(total - done) / rate : 0.0);
    if (done == total) std::fprintf(stderr, "\n");
  };
  auto report = fixtures::SeedCatalog(*db->conn, *source, seed, progress);
  if (!report && report.error().code == ErrorCode::kConflict && parsed->count("if-empty") != 0) {
    std::cout << "catalogue already seeded; left as it is\n";
    return kExitOk;
  }
  if (!report) return Fail("seed", report.error());
  const auto& c = report->counts;
  std::printf(
      "seeded %lld celebrities (%zu hand-made), %lld meeting types, %lld cities, %lld dates, "
      "%lld categories: %lld rows in %.2f s (%.0f rows/s)\n",
      static_cast<long long>(c.celebrities), source->demo.size(),
      static_cast<long long>(c.meeting_types), static_cast<long long>(c.availability),
      static_cast<long long>(c.dates), static_cast<long long>(c.categories),
      static_cast<long long>(c.rows()), report->seconds,
      report->seconds > 0 ? static_cast<double>(c.rows()) / report->seconds : 0.0);
  if (seed.replace) {
    // TRUNCATE fires no row triggers: the outbox does not know what went away.
    std::printf(
        "the catalogue was replaced: run `starry reindex` so that search forgets the old one\n");
  }
  return kExitOk;
}

}  // namespace starry::cli
