// Freshness: time from COMMIT in PostgreSQL to visible in a separate reader, while other
// threads search. Run by bench/freshness_bench.sh, which starts `starry sync` as its own
// process. Usage: freshness_bench <conninfo> <index stub> [updates=1000] [per_second=50]
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "db/connection.h"

using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: freshness_bench <conninfo> <index stub> [updates] [per_second]\n");
    return 2;
  }
  std::string conninfo = argv[1], stub = argv[2];
  int updates = argc > 3 ? std::atoi(argv[3]) : 1000;
  int per_second = argc > 4 ? std::atoi(argv[4]) : 50;
  auto conn = starry::db::Connect(conninfo);
  if (!conn) {
    std::fprintf(stderr, "%s\n", conn.error().message.c_str());
    return 1;
  }
  std::vector<std::string> ids;
  for (const auto& row : pqxx::nontransaction(**conn).exec(
           "SELECT id FROM celebrities WHERE is_active ORDER BY id LIMIT " +
           std::to_string(updates))) {
    ids.push_back(row[0].as<std::string>());
  }
  std::string run = std::to_string(std::time(nullptr) % 100000);

  std::mutex mu;
  std::map<std::string, Clock::time_point> pending;  // term -> commit time
  std::vector<double> latencies_ms;
  std::atomic<bool> done{false};
  std::atomic<long> searches{0};

  // Searchers: keep the index busy the way a server would.
  std::vector<std::jthread> searchers;
  for (int t = 0; t < 2; ++t) {
    searchers.emplace_back([&, t] {
      Xapian::Database db(stub);
      const char* words[] = {"Nmaria", "Njohn", "Nsmith", "Cberlin", "Psinger", "Nlee"};
      int i = t;
      while (!done) {
        db.reopen();
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::Query(words[i++ % 6]));
        enquire.get_mset(0, 20);
        ++searches;
      }
    });
  }
  // The separate reader whose view we time.
  std::jthread reader([&] {
    Xapian::Database db(stub);
    while (!done) {
      db.reopen();
      auto now = Clock::now();
      std::lock_guard lock(mu);
      for (auto it = pending.begin(); it != pending.end();) {
        if (db.get_termfreq(it->first) > 0) {
          latencies_ms.push_back(
              std::chrono::duration<double, std::milli>(now - it->second).count());
          it = pending.erase(it);
        } else {
          ++it;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });

  auto interval = std::chrono::microseconds(1000000 / per_second);
  auto next = Clock::now();
  for (int i = 0; i < static_cast<int>(ids.size()); ++i) {
    std::this_thread::sleep_until(next);
    next += interval;
    std::string token = "fresh" + run + "n" + std::to_string(i);
    pqxx::work tx(**conn);
    tx.exec_params("UPDATE celebrities SET display_name = 'Bench ' || $1 WHERE id = $2", token,
                   ids[i]);
    tx.commit();
    auto committed = Clock::now();
    std::lock_guard lock(mu);
    pending["N" + token] = committed;
  }
  auto deadline = Clock::now() + std::chrono::seconds(30);
  while (Clock::now() < deadline) {
    {
      std::lock_guard lock(mu);
      if (pending.empty()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  done = true;
  reader.join();
  std::lock_guard lock(mu);
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto pct = [&](double p) {
    return latencies_ms.empty()
               ? 0.0
               : latencies_ms[std::min(latencies_ms.size() - 1,
                                       static_cast<size_t>(p * latencies_ms.size()))];
  };
  std::printf(
      "updates: %zu at %d/s, seen: %zu, never seen within 30 s: %zu, searches meanwhile: %ld\n",
      ids.size(), per_second, latencies_ms.size(), pending.size(), searches.load());
  std::printf(
      "commit -> visible in a separate reader: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f "
      "ms\n",
      pct(0.50), pct(0.90), pct(0.99), latencies_ms.empty() ? 0.0 : latencies_ms.back());
  return pending.empty() ? 0 : 1;
}
