// What every service binary shares at start-up: the common options
// (database, ports, secret key, logging, drain), parsing with --help and
// clear errors, and logging set-up.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/config.h"
#include "common/db.h"
#include "common/rate_limiter.h"

namespace clara {

struct CommonOptions {
  std::string database_url;
  std::string secret_key;
  int grpc_port = 0;
  int metrics_port = 0;
  std::string log_level;
  int drain_seconds = 20;
  int db_pool_size = 8;
  int statement_timeout_ms = 5000;
  // Finished work items are purged after these (queue::Purge, worker::Purger).
  int work_item_retention_days = 7;
  int dead_work_item_retention_days = 30;
};

// The shared Teamtailor rate-limit budget's options (see rate_limiter.h).
struct RateLimitOptions {
  int limit = 50;  // 0 = no limiting
  int window_seconds = 10;
  int margin = 5;
  int max_wait_seconds = 30;
};
void AddRateLimitOptions(Config& config, RateLimitOptions* options);
// The shared budget for those options; null when limiting is off.
std::unique_ptr<ratelimit::PgRateLimiter> MakeRateLimiter(db::Pool* pool, const RateLimitOptions& options);

// Logs why start-up failed (code and message, never secrets) and exits 1.
[[noreturn]] void ExitOnError(const char* what, const absl::Status& status);

// Registers the common options with the service's defaults.
void AddCommonOptions(Config& config, CommonOptions* options, int default_grpc_port, int default_metrics_port,
                      bool needs_secret_key);

// Parses; on --help prints usage and exits 0; on bad options prints every
// problem and the usage hint and exits 2. Then initialises logging.
void ParseOrExit(Config& config, const CommonOptions& options, const std::string& service, int argc, char** argv);

}  // namespace clara
