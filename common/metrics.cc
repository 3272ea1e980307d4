#include "common/metrics.h"

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/queue.h"

namespace clara::metrics {

prometheus::Histogram::BucketBoundaries LatencyBuckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
}

absl::StatusOr<std::unique_ptr<Server>> Server::Start(int port) {
  std::unique_ptr<Server> server(new Server());
  try {
    server->exposer_ = std::make_unique<prometheus::Exposer>(absl::StrCat("0.0.0.0:", port));
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("metrics port ", port, ": ", e.what()));
  }
  server->registry_ = std::make_shared<prometheus::Registry>();
  server->exposer_->RegisterCollectable(server->registry_);
  return server;
}

int Server::port() const {
  auto ports = exposer_->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

WorkerFamilies WorkerFamilies::Create(prometheus::Registry& registry, const std::string& service) {
  WorkerFamilies f;
  f.items = &prometheus::BuildCounter()
                 .Name(absl::StrCat("clara_", service, "_work_items_total"))
                 .Help("Work items handled, by queue and outcome (done, retry, dead).")
                 .Register(registry);
  f.duration = &prometheus::BuildHistogram()
                    .Name(absl::StrCat("clara_", service, "_work_item_duration_seconds"))
                    .Help("Time to handle one work item, by queue.")
                    .Register(registry);
  return f;
}

QueueDepthReporter::QueueDepthReporter(db::Pool* pool, prometheus::Registry& registry,
                                       const std::string& service, absl::Duration interval)
    : pool_(pool),
      family_(&prometheus::BuildGauge()
                   .Name(absl::StrCat("clara_", service, "_queue_depth"))
                   .Help("Work items by queue and state (ready, running, dead).")
                   .Register(registry)),
      interval_(interval) {
  thread_ = std::thread([this] {
    do {
      if (auto s = Refresh(); !s.ok()) {
        log::Warning("queue depth refresh failed", {{"code", absl::StatusCodeToString(s.code())}});
      }
    } while (!stop_.WaitForNotificationWithTimeout(interval_));
  });
}

QueueDepthReporter::~QueueDepthReporter() {
  stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

absl::Status QueueDepthReporter::Refresh() {
  return pool_->WithConnection([&](pqxx::connection& conn) {
    pqxx::nontransaction tx(conn);
    // Every known (queue, state) gets a value, zero included, so that a
    // drained queue reads 0 rather than its last non-zero value.
    std::string known;
    for (const char* q : queue::kKnownQueues) absl::StrAppend(&known, known.empty() ? "" : ", ", "('", q, "')");
    auto r = tx.exec(
        "SELECT q.queue, s.state, count(w.id) FROM (SELECT DISTINCT queue FROM work_items UNION VALUES " + known + ") q"
        " CROSS JOIN (VALUES ('ready'), ('running'), ('dead')) s(state)"
        " LEFT JOIN work_items w ON w.queue = q.queue AND w.state = s.state"
        " GROUP BY 1, 2");
    for (const auto& row : r) {
      family_->Add({{"queue", row[0].as<std::string>()}, {"state", row[1].as<std::string>()}})
          .Set(row[2].as<double>());
    }
    return absl::OkStatus();
  });
}

}  // namespace clara::metrics
