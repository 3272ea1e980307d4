// A queue consumer: claims work in batches, runs a handler on a fixed set of
// threads, renews leases by heartbeat, wakes on LISTEN/NOTIFY with polling as
// the backstop, and drains in-flight work on Stop().
//
// The handler's status decides what happens to an item:
//   OK → done; INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION,
//   PERMISSION_DENIED, UNAUTHENTICATED → dead at once (retrying can't help);
//   anything else → retried with backoff, no sooner than a Retry-After
//   attached with clara::SetRetryAfter (status.h).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/metrics.h"
#include "common/queue.h"

namespace clara::worker {

struct Options {
  std::string queue;
  int concurrency = 4;
  absl::Duration lease = absl::Seconds(30);
  absl::Duration poll_interval = absl::Seconds(2);
  queue::TenantFilter tenants;
};

using Handler = std::function<absl::Status(const queue::WorkItem&)>;

// True when retrying cannot change the outcome.
bool IsPermanent(const absl::Status& status);

class Worker {
 public:
  Worker(db::Pool* pool, queue::Queue* queue, Options options, Handler handler,
         metrics::WorkerFamilies families);
  ~Worker();

  void Start();
  // Stops claiming, lets in-flight items finish (up to `drain`), and joins.
  // Items still running after `drain` keep their lease and are reclaimed by
  // another worker when it expires: accepted work is never lost.
  void Stop(absl::Duration drain);
  // Wakes the dispatcher (as a NOTIFY would).
  void Wake();

 private:
  void ListenLoop();
  void DispatchLoop();
  void RunLoop();
  void HeartbeatLoop();
  void Handle(const queue::WorkItem& item);

  db::Pool* pool_;
  queue::Queue* queue_;
  Options options_;
  Handler handler_;
  metrics::WorkerFamilies families_;

  std::mutex mu_;
  std::condition_variable wake_cv_;   // dispatcher: new work or a free slot
  std::condition_variable work_cv_;   // runners: items to run
  std::condition_variable idle_cv_;   // Stop(): in-flight count changed
  bool stopping_ = false;
  bool woken_ = false;
  std::deque<queue::WorkItem> ready_;
  std::set<int64_t> in_flight_;
  std::vector<std::thread> threads_;
};

// Runs queue::Purge every `interval` on a thread of its own (first run at
// start-up) until destroyed. Every replica of every service may run one:
// batches skip rows another purge holds, so concurrent purges only share the
// work. Failures are logged as warnings and retried at the next interval.
class Purger {
 public:
  Purger(db::Pool* pool, queue::Retention retention, absl::Duration interval = absl::Minutes(10));
  ~Purger();

 private:
  db::Pool* pool_;
  queue::Retention retention_;
  absl::Duration interval_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace clara::worker
