// clara-writeback: wiring only. See README.md for what it does and its options.
#include <unistd.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/crypto.h"
#include "common/db.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/queue.h"
#include "common/rate_limiter.h"
#include "common/server.h"
#include "common/service_main.h"
#include "common/teamtailor_client.h"
#include "common/worker.h"
#include "services/writeback/metrics.h"
#include "services/writeback/writeback_service.h"
#include "services/writeback/writeback_store.h"
#include "services/writeback/writer.h"


int main(int argc, char** argv) {
  using namespace clara;
  server::BlockShutdownSignals();

  Config config("clara-writeback", "writes screening results back to Teamtailor");
  CommonOptions common;
  AddCommonOptions(config, &common, 50053, 9103, /*needs_secret_key=*/true);
  int concurrency;
  RateLimitOptions rate;
  std::string partner_api_key, tt_base_url, tt_api_version, partner_api_version, report_base_url, worker_id,
      score_field_api_name;
  std::vector<std::string> include, exclude;
  config.String("partner_api_key", &partner_api_key, "", "CLARA's Teamtailor partner API key (partner results)", true,
                true);
  config.String("teamtailor_base_url", &tt_base_url, "https://api.teamtailor.com/v1", "Teamtailor public API base URL");
  config.String("teamtailor_api_version", &tt_api_version, "20240404", "X-Api-Version for the public API");
  config.String("partner_api_version", &partner_api_version, "20180828", "X-Api-Version for the partner API");
  config.String("report_base_url", &report_base_url, "",
                "link shown on each partner result: <this>/<screening id> (empty: no link)");
  config.String("score_field_api_name", &score_field_api_name, "clara-score",
                "api-name of the Teamtailor candidate custom field (Number) that receives the score");
  AddRateLimitOptions(config, &rate);
  config.Int("worker_concurrency", &concurrency, 4, "screenings delivered in parallel", 1, 64);
  config.String("worker_id", &worker_id, "", "this process's id in work-item leases (default: writeback-<pid>)");
  config.List("integrations", &include, "serve only these integration ids (dedicated tenant pool)");
  config.List("exclude_integrations", &exclude, "never serve these integration ids (they have a dedicated pool)");
  ParseOrExit(config, common, "clara-writeback", argc, argv);

  auto box = crypto::SecretBox::FromBase64Key(common.secret_key);
  if (!box.ok()) ExitOnError("bad --secret_key", box.status());
  db::Statements statements = queue::Statements();
  for (const auto& s : writeback::WritebackStore::Statements()) statements.push_back(s);
  for (const auto& s : ratelimit::PgRateLimiter::Statements()) statements.push_back(s);
  auto pool = db::Pool::Create({.dsn = common.database_url, .size = common.db_pool_size,
                                .statement_timeout_ms = common.statement_timeout_ms, .statements = statements});
  if (!pool.ok()) ExitOnError("database unavailable", pool.status());
  auto metrics_server = metrics::Server::Start(common.metrics_port);
  if (!metrics_server.ok()) ExitOnError("metrics server", metrics_server.status());
  writeback::WritebackMetrics metrics((*metrics_server)->registry());
  metrics::QueueDepthReporter depth(pool->get(), (*metrics_server)->registry(), "writeback");
  worker::Purger purger(pool->get(), {.done = absl::Hours(24) * common.work_item_retention_days,
                                      .dead = absl::Hours(24) * common.dead_work_item_retention_days});

  // One budget per Teamtailor key (the company keys, the partner key) shared
  // with every writeback and ingest replica through PostgreSQL.
  std::unique_ptr<ratelimit::PgRateLimiter> limiter = MakeRateLimiter(pool->get(), rate);
  teamtailor::ClientOptions client_options;
  client_options.limiter = limiter.get();
  client_options.base_url = tt_base_url;
  client_options.api_version = tt_api_version;
  client_options.partner_api_version = partner_api_version;
  teamtailor::Client client(client_options);
  writeback::WritebackStore store(pool->get(), &*box);
  writeback::WritebackServiceImpl service(&store, &metrics);
  auto grpc_server = server::GrpcServer::Start(common.grpc_port, {&service});
  if (!grpc_server.ok()) ExitOnError("grpc server", grpc_server.status());

  if (worker_id.empty()) worker_id = absl::StrCat("writeback-", getpid());
  queue::Queue queue(pool->get(), worker_id);
  writeback::Writer writer(&store, &client, &metrics,
                           {.partner_api_key = partner_api_key,
                            .report_base_url = report_base_url,
                            .score_field_api_name = score_field_api_name});
  worker::Worker worker(pool->get(), &queue,
                        {.queue = writeback::kWritebackQueue, .concurrency = concurrency,
                         .tenants = {.include = include, .exclude = exclude}},
                        [&](const queue::WorkItem& item) { return writer.Handle(item); },
                        metrics::WorkerFamilies::Create((*metrics_server)->registry(), "writeback"));
  worker.Start();
  log::Info("clara-writeback ready", {{"grpc_port", (*grpc_server)->port()},
                                      {"metrics_port", (*metrics_server)->port()},
                                      {"rate_limit", limiter ? limiter->effective_limit() : 0},
                                      {"rate_window_seconds", rate.window_seconds}});

  const std::string signal = server::WaitForShutdownSignal();
  log::Info("draining", {{"signal", signal}, {"drain_seconds", common.drain_seconds}});
  const absl::Duration drain = absl::Seconds(common.drain_seconds);
  (*grpc_server)->Shutdown(drain / 2);
  worker.Stop(drain / 2);
  log::Info("clara-writeback stopped");
  return 0;
}
