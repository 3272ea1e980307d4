// The work queue in PostgreSQL (table work_items): the transactional outbox
// through which the services hand work on.
//
// Producers Enqueue() inside the transaction that records the state change,
// so work exists exactly when the change does. Consumers Claim() a batch
// with FOR UPDATE SKIP LOCKED, hold a lease they renew by Heartbeat(), and
// Complete() or Fail() each item. An expired lease is reclaimed by any
// worker; failures back off exponentially with jitter; after max attempts an
// item is `dead` (visible, and re-drivable with Redrive()). Finished items
// (done, dead) are deleted by Purge() after a retention period.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db.h"

namespace clara::queue {

// The channel NOTIFY wakes workers on; the payload is the queue name.
inline constexpr char kNotifyChannel[] = "clara_work";

// Every queue the suite uses (metrics report each, empty or not).
inline constexpr const char* kKnownQueues[] = {"ingest.resume", "ingest.job_sync", "screening", "writeback"};

struct WorkItem {
  int64_t id = 0;
  std::string queue;
  std::string integration_id;
  std::string payload;
  int attempts = 0;  // including this one
  int max_attempts = 0;
};

struct EnqueueOptions {
  std::string integration_id;  // empty = none
  std::string dedupe_key;      // empty = no de-duplication
  absl::Duration delay = absl::ZeroDuration();
  int max_attempts = 8;
};

// Which tenants a worker serves: only `include` when it is non-empty, and
// never those in `exclude` (per-tenant worker pools).
struct TenantFilter {
  std::vector<std::string> include;
  std::vector<std::string> exclude;
};

struct Backoff {
  absl::Duration base = absl::Seconds(1);
  absl::Duration cap = absl::Minutes(10);
  // Delay before attempt `attempts + 1`: base * 2^(attempts-1), capped, with
  // "equal jitter" (uniform in [d/2, d]) drawn from `rng`.
  absl::Duration Delay(int attempts, std::mt19937_64& rng) const;
};

// The depth gauge's query (metrics::QueueDepthReporter): unfinished and dead
// items per (queue, state). It reads only the partial index work_items_depth
// (migration 0005), never the done items that make up most of the table.
inline constexpr char kDepthQuery[] =
    "SELECT queue, state, count(*) FROM work_items WHERE state IN ('ready', 'running', 'dead') GROUP BY 1, 2";

// How long finished items are kept (see Purge).
struct Retention {
  absl::Duration done = absl::Hours(24 * 7);   // --work_item_retention_days
  absl::Duration dead = absl::Hours(24 * 30);  // --dead_work_item_retention_days
  int batch = 1000;                            // rows deleted per transaction
};

// The statements to prepare on every connection that uses the queue.
const db::Statements& Statements();

// Adds an item within `tx`; NOTIFY fires on commit. Returns the item id, or
// 0 when `dedupe_key` was already present (nothing was added).
absl::StatusOr<int64_t> Enqueue(pqxx::work& tx, const std::string& queue,
                                const std::string& payload, const EnqueueOptions& options = {});

// Deletes `done` items last updated more than `retention.done` ago and `dead`
// items last updated more than `retention.dead` ago (a redriven item is
// `ready` again and never purged); ready and running items are never touched.
// Works in batches of `retention.batch` rows, each its own short transaction
// that skips rows another transaction holds (FOR UPDATE SKIP LOCKED), so it
// never holds long locks and replicas purging at once do not wait on each
// other. Stops after `max_batches` batches or when a batch comes back short.
// Returns how many items were deleted; a database error is returned as the
// pool maps it (UNAVAILABLE, ABORTED, ...), after the batches already done.
//
//   auto n = queue::Purge(pool, {.done = absl::Hours(24 * 7)});
absl::StatusOr<int64_t> Purge(db::Pool* pool, const Retention& retention, int max_batches = 1000);

class Queue {
 public:
  Queue(db::Pool* pool, std::string worker_id, Backoff backoff = {}, uint64_t seed = 0);

  // Claims up to `limit` items of `queue` that are ready (or whose lease
  // expired), leasing them to this worker for `lease`. Expired items already
  // at max attempts become dead instead.
  absl::StatusOr<std::vector<WorkItem>> Claim(const std::string& queue, int limit,
                                              absl::Duration lease, const TenantFilter& filter = {});
  // Extends the lease of items this worker still holds; returns how many.
  absl::StatusOr<int> Heartbeat(const std::vector<int64_t>& ids, absl::Duration lease);
  // Marks an item done. FAILED_PRECONDITION when this worker lost the lease.
  absl::Status Complete(const WorkItem& item);
  // Records a failure: back to ready after the backoff (or `retry_after`,
  // whichever is later), or dead when `permanent` or attempts are used up.
  // Returns the new state ("ready" or "dead").
  absl::StatusOr<std::string> Fail(const WorkItem& item, const std::string& error, bool permanent = false,
                                   std::optional<absl::Duration> retry_after = std::nullopt);
  // How long until the earliest ready item of `queue` is due (zero when one
  // is due now; nullopt when none is waiting). Lets an idle worker wake for a
  // retry due before its next poll.
  absl::StatusOr<std::optional<absl::Duration>> NextDueIn(const std::string& queue, const TenantFilter& filter = {});
  // Puts a dead item back to ready with its attempts reset.
  absl::Status Redrive(int64_t id);

  const std::string& worker_id() const { return worker_id_; }

 private:
  db::Pool* pool_;
  std::string worker_id_;
  Backoff backoff_;
  std::mt19937_64 rng_;
  std::mutex rng_mu_;
};

}  // namespace clara::queue
