// @brief What the admin endpoints need, built in main (Pistache-free, for cli/).
#pragma once

#include <optional>
#include <string>

#include "analytics/query_log_reports.h"
#include "indexer/reindex_jobs.h"
#include "marketplace/account_service.h"
#include "marketplace/token_signer.h"

namespace starry::server {

struct AdminServices {
  // STARRY_ADMIN_TOKEN; nullopt or empty: admin endpoints are disabled (they answer 403).
  std::optional<std::string> token;
  analytics::QueryLogReports* reports = nullptr;  // null: the reports answer 503
  indexer::ReindexJobs* reindex = nullptr;        // null: reindex answers 503
  // With these, an admin user's access token is accepted too (null: the admin token only).
  const marketplace::TokenSigner* signer = nullptr;
  marketplace::AccountService* accounts = nullptr;
};

}  // namespace starry::server
