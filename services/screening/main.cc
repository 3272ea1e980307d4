// clara-screening: wiring only. See README.md for what it does and its options.
#include <unistd.h>

#include <memory>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "common/db.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/queue.h"
#include "common/server.h"
#include "common/service_main.h"
#include "common/worker.h"
#include "services/screening/follow_up_service.h"
#include "services/screening/follow_up_store.h"
#include "services/screening/metrics.h"
#include "services/screening/screener.h"
#include "services/screening/screening_service.h"
#include "services/screening/screening_store.h"
#include "services/screening/simple_engine.h"
#ifdef CLARA_HAS_CLARA_ENGINE
#include "services/screening/engine/clara_engine.h"
#endif


int main(int argc, char** argv) {
  using namespace clara;
  server::BlockShutdownSignals();

  Config config("clara-screening", "scores candidates against job rubrics and stores the results");
  CommonOptions common;
  AddCommonOptions(config, &common, 50052, 9102, /*needs_secret_key=*/false);
  int concurrency, sweep_seconds;
  std::string engine_name, worker_id;
  std::vector<std::string> include, exclude;
#ifdef CLARA_HAS_CLARA_ENGINE
  const char* kDefaultEngine = "clara";
#else
  const char* kDefaultEngine = "simple";
#endif
  config.String("engine", &engine_name, kDefaultEngine, "scoring engine: clara (the full engine) or simple");
  config.Int("worker_concurrency", &concurrency, 4, "candidates scored in parallel", 1, 64);
  config.Int("follow_up_sweep_seconds", &sweep_seconds, 30,
             "how often follow-ups whose answer time ran out are finalised", 1, 3600);
  config.String("worker_id", &worker_id, "", "this process's id in work-item leases (default: screening-<pid>)");
  config.List("integrations", &include, "serve only these integration ids (dedicated tenant pool)");
  config.List("exclude_integrations", &exclude, "never serve these integration ids (they have a dedicated pool)");
  ParseOrExit(config, common, "clara-screening", argc, argv);

  std::unique_ptr<screening::ScoringEngine> engine;
  if (engine_name == "simple") engine = screening::NewSimpleEngine();
#ifdef CLARA_HAS_CLARA_ENGINE
  if (engine_name == "clara") engine = screening::engine::NewClaraEngine();
#endif
  if (!engine) ExitOnError("unknown --engine", absl::InvalidArgumentError(absl::StrCat("no engine named ", engine_name)));

  db::Statements statements = queue::Statements();
  for (const auto& s : screening::ScreeningStore::Statements()) statements.push_back(s);
  for (const auto& s : screening::FollowUpStore::Statements()) statements.push_back(s);
  auto pool = db::Pool::Create({.dsn = common.database_url, .size = common.db_pool_size,
                                .statement_timeout_ms = common.statement_timeout_ms, .statements = statements});
  if (!pool.ok()) ExitOnError("database unavailable", pool.status());
  auto metrics_server = metrics::Server::Start(common.metrics_port);
  if (!metrics_server.ok()) ExitOnError("metrics server", metrics_server.status());
  screening::ScreeningMetrics metrics((*metrics_server)->registry());
  metrics::QueueDepthReporter depth(pool->get(), (*metrics_server)->registry(), "screening");
  worker::Purger purger(pool->get(), {.done = absl::Hours(24) * common.work_item_retention_days,
                                      .dead = absl::Hours(24) * common.dead_work_item_retention_days});

  screening::ScreeningStore store(pool->get());
  screening::ScreeningServiceImpl service(&store, engine.get(), &metrics);
  screening::FollowUpStore follow_ups(pool->get());
  screening::FollowUpServiceImpl follow_up_service(&follow_ups, &metrics);
  auto grpc_server = server::GrpcServer::Start(common.grpc_port, {&service, &follow_up_service});
  if (!grpc_server.ok()) ExitOnError("grpc server", grpc_server.status());

  if (worker_id.empty()) worker_id = absl::StrCat("screening-", getpid());
  queue::Queue queue(pool->get(), worker_id);
  screening::Screener screener(&store, engine.get(), &metrics);
  worker::Worker worker(pool->get(), &queue,
                        {.queue = screening::kScreeningQueue, .concurrency = concurrency,
                         .tenants = {.include = include, .exclude = exclude}},
                        [&](const queue::WorkItem& item) { return screener.Handle(item); },
                        metrics::WorkerFamilies::Create((*metrics_server)->registry(), "screening"));
  worker.Start();

  // Follow-ups whose answer time ran out are finalised (every replica may
  // sweep: rows are claimed with SKIP LOCKED).
  absl::Notification stop_sweeping;
  std::thread sweeper([&] {
    do {
      for (;;) {
        absl::StatusOr<int> expired = follow_ups.ExpireDue(100);
        if (!expired.ok()) {
          log::Warning("follow-up expiry failed", {{"error", std::string(expired.status().message())}});
          break;
        }
        if (*expired > 0) {
          metrics.follow_ups->Add({{"event", "expired"}}).Increment(*expired);
          log::Info("follow-ups expired", {{"count", *expired}});
        }
        if (*expired < 100) break;
      }
    } while (!stop_sweeping.WaitForNotificationWithTimeout(absl::Seconds(sweep_seconds)));
  });
  log::Info("clara-screening ready", {{"grpc_port", (*grpc_server)->port()},
                                      {"metrics_port", (*metrics_server)->port()},
                                      {"engine", std::string(engine->version())}});

  const std::string signal = server::WaitForShutdownSignal();
  log::Info("draining", {{"signal", signal}, {"drain_seconds", common.drain_seconds}});
  const absl::Duration drain = absl::Seconds(common.drain_seconds);
  (*grpc_server)->Shutdown(drain / 2);
  worker.Stop(drain / 2);
  stop_sweeping.Notify();
  sweeper.join();
  log::Info("clara-screening stopped");
  return 0;
}
