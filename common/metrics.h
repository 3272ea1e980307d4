// Prometheus metrics: the exposer on a service's own HTTP port, and the
// families every worker shares (work items by outcome, handling latency,
// queue depth by queue and state).
//
// Names follow clara_<service>_<what>_<unit>; labels come from small fixed
// sets (queue, outcome, state) and never carry ids.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/db.h"

namespace clara::metrics {

// Latency buckets (seconds) for request and work-item handling.
prometheus::Histogram::BucketBoundaries LatencyBuckets();

class Server {
 public:
  // Serves GET /metrics on `port` (0 = any free port) on all interfaces.
  static absl::StatusOr<std::unique_ptr<Server>> Start(int port);
  prometheus::Registry& registry() { return *registry_; }
  std::shared_ptr<prometheus::Registry> shared_registry() { return registry_; }
  int port() const;

 private:
  Server() = default;
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::shared_ptr<prometheus::Registry> registry_;
};

// Families a queue worker records into.
struct WorkerFamilies {
  prometheus::Family<prometheus::Counter>* items = nullptr;       // {queue, outcome}
  prometheus::Family<prometheus::Histogram>* duration = nullptr;  // {queue}
  static WorkerFamilies Create(prometheus::Registry& registry, const std::string& service);
};

// Periodically sets clara_<service>_queue_depth{queue,state} from the
// work_items table.
class QueueDepthReporter {
 public:
  QueueDepthReporter(db::Pool* pool, prometheus::Registry& registry, const std::string& service,
                     absl::Duration interval = absl::Seconds(5));
  ~QueueDepthReporter();
  // Refreshes the gauges once (also used by tests).
  absl::Status Refresh();

 private:
  db::Pool* pool_;
  prometheus::Family<prometheus::Gauge>* family_;
  absl::Duration interval_;
  std::mutex mu_;
  std::set<std::string> seen_;  // queues reported so far (guarded by mu_)
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace clara::metrics
