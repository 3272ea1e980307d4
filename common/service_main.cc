#include "common/service_main.h"

#include <cstdio>
#include <cstdlib>

#include "common/log.h"

namespace clara {

void AddCommonOptions(Config& config, CommonOptions* o, int default_grpc_port, int default_metrics_port,
                      bool needs_secret_key) {
  config.String("database_url", &o->database_url, "",
                "PostgreSQL connection URI, e.g. postgresql://clara@db:5432/clara", /*required=*/true, /*secret=*/true);
  config.String("secret_key", &o->secret_key, "",
                "base64 of 32 random bytes: the AES-256-GCM key for credentials at rest (openssl rand -base64 32)",
                needs_secret_key, /*secret=*/true);
  config.Int("grpc_port", &o->grpc_port, default_grpc_port, "gRPC port (0 = any free port)", 0, 65535);
  config.Int("metrics_port", &o->metrics_port, default_metrics_port, "Prometheus /metrics port (0 = any free port)", 0,
             65535);
  config.String("log_level", &o->log_level, "info", "debug | info | warning | error");
  config.Int("drain_seconds", &o->drain_seconds, 20, "on SIGTERM, seconds to finish in-flight work before exiting", 0,
             600);
  config.Int("db_pool_size", &o->db_pool_size, 8, "PostgreSQL connections per process", 1, 200);
  config.Int("statement_timeout_ms", &o->statement_timeout_ms, 5000, "PostgreSQL statement_timeout", 100, 600000);
  config.Int("work_item_retention_days", &o->work_item_retention_days, 7,
             "days a done work item is kept before it is purged", 1, 3650);
  config.Int("dead_work_item_retention_days", &o->dead_work_item_retention_days, 30,
             "days a dead work item is kept (for inspection and redrive) before it is purged", 1, 3650);
}

void AddRateLimitOptions(Config& config, RateLimitOptions* o) {
  config.Int("rate_limit", &o->limit, 50,
             "Teamtailor requests allowed per API key and window, shared by every replica (0 = no limiting)", 0,
             100000);
  config.Int("rate_window_seconds", &o->window_seconds, 10, "the rate limit's sliding window", 1, 3600);
  config.Int("rate_limit_margin", &o->margin, 5,
             "requests of each window left unused as a safety margin (at most rate_limit - margin are sent)", 0,
             100000);
  config.Int("rate_limit_max_wait_seconds", &o->max_wait_seconds, 30,
             "longest wait for a request slot before the work is retried later", 1, 600);
}

std::unique_ptr<ratelimit::PgRateLimiter> MakeRateLimiter(db::Pool* pool, const RateLimitOptions& o) {
  if (o.limit <= 0) return nullptr;
  return std::make_unique<ratelimit::PgRateLimiter>(
      pool, ratelimit::Options{.limit = o.limit,
                               .window = absl::Seconds(o.window_seconds),
                               .margin = o.margin,
                               .max_wait = absl::Seconds(o.max_wait_seconds)});
}

void ExitOnError(const char* what, const absl::Status& s) {
  log::Error(what, {{"code", absl::StatusCodeToString(s.code())}, {"error", std::string(s.message())}});
  std::exit(1);
}

void ParseOrExit(Config& config, const CommonOptions& options, const std::string& service, int argc, char** argv) {
  absl::Status s = config.Parse(argc, argv);
  if (absl::IsCancelled(s)) {
    std::fputs(config.Usage().c_str(), stdout);
    std::exit(0);
  }
  log::Level level = log::Level::kInfo;
  if (s.ok() && !log::ParseLevel(options.log_level, &level)) {
    s = absl::InvalidArgumentError("--log_level must be debug, info, warning or error");
  }
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n(see %s --help)\n", std::string(s.message()).c_str(), service.c_str());
    std::exit(2);
  }
  log::Init(service, level);
}

}  // namespace clara
