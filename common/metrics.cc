#include "common/metrics.h"

#include <map>
#include <utility>

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
    // Only ready, running and dead rows are read (an index-only scan of the
    // partial index work_items_depth), never the done items; the zeros are
    // filled in here: every known queue and every queue seen before gets a
    // value for each state, so that a drained queue reads 0 rather than its
    // last non-zero value.
    auto r = tx.exec(queue::kDepthQuery);
    std::map<std::pair<std::string, std::string>, double> counts;
    std::lock_guard<std::mutex> lock(mu_);
    for (const char* q : queue::kKnownQueues) seen_.insert(q);
    for (const auto& row : r) {
      seen_.insert(row[0].as<std::string>());
      counts[{row[0].as<std::string>(), row[1].as<std::string>()}] = row[2].as<double>();
    }
    for (const auto& q : seen_) {
      for (const char* state : {"ready", "running", "dead"}) {
        auto it = counts.find({q, state});
        family_->Add({{"queue", q}, {"state", state}}).Set(it == counts.end() ? 0 : it->second);
      }
    }
    return absl::OkStatus();
  });
}

}  // namespace clara::metrics
