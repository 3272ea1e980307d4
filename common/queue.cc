#include "common/queue.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace clara::queue {
namespace {

constexpr char kEnqueue[] = "queue_enqueue";
constexpr char kNotify[] = "queue_notify";
constexpr char kBury[] = "queue_bury_expired";
constexpr char kClaim[] = "queue_claim";
constexpr char kHeartbeat[] = "queue_heartbeat";
constexpr char kComplete[] = "queue_complete";
constexpr char kRetry[] = "queue_retry";
constexpr char kDead[] = "queue_dead";
constexpr char kRedrive[] = "queue_redrive";
constexpr char kNextDue[] = "queue_next_due";
constexpr char kPurge[] = "queue_purge";

// Tenant filter parameters are text arrays ('{}' = no filter).
constexpr char kTenantClause[] =
    " AND (cardinality($3::uuid[]) = 0 OR integration_id = ANY($3::uuid[]))"
    " AND NOT (coalesce(integration_id = ANY($4::uuid[]), false))";

std::string PgArray(const std::vector<std::string>& ids) {
  return absl::StrCat("{", absl::StrJoin(ids, ","), "}");
}

}  // namespace

absl::Duration Backoff::Delay(int attempts, std::mt19937_64& rng) const {
  double factor = std::ldexp(1.0, std::clamp(attempts - 1, 0, 30));
  absl::Duration d = std::min(base * factor, cap);
  std::uniform_real_distribution<double> jitter(0.5, 1.0);
  return d * jitter(rng);
}

const db::Statements& Statements() {
  static const db::Statements* kStatements = new db::Statements{
      {kEnqueue,
       "INSERT INTO work_items (queue, integration_id, dedupe_key, payload, run_at, max_attempts)"
       " VALUES ($1, NULLIF($2, '')::uuid, NULLIF($3, ''), $4, now() + $5 * interval '1 millisecond', $6)"
       " ON CONFLICT (queue, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id"},
      {kNotify, "SELECT pg_notify('clara_work', $1)"},
      {kBury,
       absl::StrCat("UPDATE work_items SET state = 'dead', locked_by = NULL, locked_until = NULL,"
                    " last_error = 'lease expired after the last attempt', updated_at = now()"
                    " WHERE queue = $1 AND state = 'running' AND locked_until < now()"
                    " AND attempts >= max_attempts",
                    // $2 unused; keeps the tenant clause's numbering.
                    " AND $2::text IS NOT NULL", kTenantClause)},
      {kClaim,
       absl::StrCat("WITH c AS (SELECT id FROM work_items WHERE queue = $1"
                    " AND ((state = 'ready' AND run_at <= now())"
                    "  OR (state = 'running' AND locked_until < now() AND attempts < max_attempts))",
                    kTenantClause,
                    " ORDER BY run_at, id LIMIT $5 FOR UPDATE SKIP LOCKED)"
                    " UPDATE work_items w SET state = 'running', locked_by = $2,"
                    " locked_until = now() + $6 * interval '1 millisecond',"
                    " attempts = w.attempts + 1, updated_at = now()"
                    " FROM c WHERE w.id = c.id"
                    " RETURNING w.id, w.queue, coalesce(w.integration_id::text, ''), w.payload,"
                    " w.attempts, w.max_attempts")},
      {kHeartbeat,
       "UPDATE work_items SET locked_until = now() + $3 * interval '1 millisecond', updated_at = now()"
       " WHERE id = ANY($1::bigint[]) AND locked_by = $2 AND state = 'running'"},
      {kComplete,
       "UPDATE work_items SET state = 'done', locked_by = NULL, locked_until = NULL,"
       " last_error = NULL, updated_at = now()"
       " WHERE id = $1 AND locked_by = $2 AND state = 'running'"},
      {kRetry,
       "UPDATE work_items SET state = 'ready', locked_by = NULL, locked_until = NULL,"
       " run_at = now() + $3 * interval '1 millisecond', last_error = $4, updated_at = now()"
       " WHERE id = $1 AND locked_by = $2 AND state = 'running'"},
      {kDead,
       "UPDATE work_items SET state = 'dead', locked_by = NULL, locked_until = NULL,"
       " last_error = $3, updated_at = now()"
       " WHERE id = $1 AND locked_by = $2 AND state = 'running'"},
      {kNextDue,
       absl::StrCat("SELECT (extract(epoch FROM min(run_at) - now()) * 1000)::bigint FROM work_items"
                    " WHERE queue = $1 AND state = 'ready' AND $2::text IS NOT NULL", kTenantClause)},
      // Served by the partial index work_items_finished (migration 0005).
      {kPurge,
       "DELETE FROM work_items WHERE id IN (SELECT id FROM work_items"
       " WHERE (state = 'done' AND updated_at < now() - $1 * interval '1 millisecond')"
       "  OR (state = 'dead' AND updated_at < now() - $2 * interval '1 millisecond')"
       " LIMIT $3 FOR UPDATE SKIP LOCKED)"},
      {kRedrive,
       "UPDATE work_items SET state = 'ready', attempts = 0, run_at = now(), last_error = NULL,"
       " updated_at = now() WHERE id = $1 AND state = 'dead' RETURNING queue"},
  };
  return *kStatements;
}

absl::StatusOr<int64_t> Enqueue(pqxx::work& tx, const std::string& queue, const std::string& payload,
                                const EnqueueOptions& options) {
  try {
    auto r = tx.exec_prepared(kEnqueue, queue, options.integration_id, options.dedupe_key,
                              db::Bytes(payload),
                              static_cast<int64_t>(absl::ToInt64Milliseconds(options.delay)),
                              options.max_attempts);
    if (r.empty()) return 0;
    tx.exec_prepared(kNotify, queue);
    return r[0][0].as<int64_t>();
  } catch (const std::exception& e) {
    return db::MapException(e);
  }
}

Queue::Queue(db::Pool* pool, std::string worker_id, Backoff backoff, uint64_t seed)
    : pool_(pool), worker_id_(std::move(worker_id)), backoff_(backoff), rng_(seed) {}

absl::StatusOr<std::vector<WorkItem>> Queue::Claim(const std::string& queue, int limit,
                                                   absl::Duration lease, const TenantFilter& filter) {
  std::vector<WorkItem> items;
  const std::string include = PgArray(filter.include), exclude = PgArray(filter.exclude);
  absl::Status s = pool_->Transact([&](pqxx::work& tx) {
    items.clear();
    tx.exec_prepared(kBury, queue, worker_id_, include, exclude);
    auto r = tx.exec_prepared(kClaim, queue, worker_id_, include, exclude, limit,
                              static_cast<int64_t>(absl::ToInt64Milliseconds(lease)));
    for (const auto& row : r) {
      WorkItem item;
      item.id = row[0].as<int64_t>();
      item.queue = row[1].as<std::string>();
      item.integration_id = row[2].as<std::string>();
      item.payload = db::FromBytea(row[3]);
      item.attempts = row[4].as<int>();
      item.max_attempts = row[5].as<int>();
      items.push_back(std::move(item));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  std::sort(items.begin(), items.end(), [](const WorkItem& a, const WorkItem& b) { return a.id < b.id; });
  return items;
}

absl::StatusOr<int> Queue::Heartbeat(const std::vector<int64_t>& ids, absl::Duration lease) {
  if (ids.empty()) return 0;
  int renewed = 0;
  std::vector<std::string> text;
  for (int64_t id : ids) text.push_back(absl::StrCat(id));
  absl::Status s = pool_->Transact([&](pqxx::work& tx) {
    auto r = tx.exec_prepared(kHeartbeat, PgArray(text), worker_id_,
                              static_cast<int64_t>(absl::ToInt64Milliseconds(lease)));
    renewed = static_cast<int>(r.affected_rows());
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return renewed;
}

absl::Status Queue::Complete(const WorkItem& item) {
  return pool_->Transact([&](pqxx::work& tx) {
    auto r = tx.exec_prepared(kComplete, item.id, worker_id_);
    if (r.affected_rows() == 0) {
      return absl::FailedPreconditionError(absl::StrCat("work item ", item.id, ": lease lost"));
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::string> Queue::Fail(const WorkItem& item, const std::string& error, bool permanent,
                                        std::optional<absl::Duration> retry_after) {
  const bool dead = permanent || item.attempts >= item.max_attempts;
  absl::Duration delay;
  {
    std::lock_guard<std::mutex> lock(rng_mu_);
    delay = backoff_.Delay(item.attempts, rng_);
  }
  if (retry_after.has_value()) delay = std::max(delay, *retry_after);
  std::string message = error.substr(0, 500);
  absl::Status s = pool_->Transact([&](pqxx::work& tx) {
    pqxx::result r = dead ? tx.exec_prepared(kDead, item.id, worker_id_, message)
                          : tx.exec_prepared(kRetry, item.id, worker_id_,
                                             static_cast<int64_t>(absl::ToInt64Milliseconds(delay)),
                                             message);
    if (r.affected_rows() == 0) {
      return absl::FailedPreconditionError(absl::StrCat("work item ", item.id, ": lease lost"));
    }
    if (!dead) tx.exec_prepared(kNotify, item.queue);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return std::string(dead ? "dead" : "ready");
}

absl::StatusOr<std::optional<absl::Duration>> Queue::NextDueIn(const std::string& queue, const TenantFilter& filter) {
  std::optional<absl::Duration> out;
  absl::Status s = pool_->Transact([&](pqxx::work& tx) {
    auto r = tx.exec_prepared(kNextDue, queue, worker_id_, PgArray(filter.include), PgArray(filter.exclude));
    if (!r.empty() && !r[0][0].is_null()) out = absl::Milliseconds(std::max<int64_t>(0, r[0][0].as<int64_t>()));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::Status Queue::Redrive(int64_t id) {
  return pool_->Transact([&](pqxx::work& tx) {
    auto r = tx.exec_prepared(kRedrive, id);
    if (r.empty()) return absl::NotFoundError(absl::StrCat("no dead work item ", id));
    tx.exec_prepared(kNotify, r[0][0].as<std::string>());
    return absl::OkStatus();
  });
}

absl::StatusOr<int64_t> Purge(db::Pool* pool, const Retention& retention, int max_batches) {
  const int batch = std::max(1, retention.batch);
  int64_t total = 0;
  for (int i = 0; i < max_batches; ++i) {
    int64_t deleted = 0;
    absl::Status s = pool->Transact([&](pqxx::work& tx) {
      deleted = tx.exec_prepared(kPurge, static_cast<int64_t>(absl::ToInt64Milliseconds(retention.done)),
                                 static_cast<int64_t>(absl::ToInt64Milliseconds(retention.dead)), batch)
                    .affected_rows();
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
    total += deleted;
    if (deleted < batch) break;
  }
  return total;
}

}  // namespace clara::queue
