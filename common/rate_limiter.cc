#include "common/rate_limiter.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/crypto.h"
#include "common/status.h"

namespace clara::ratelimit {
namespace {

constexpr char kLock[] = "ratelimit_lock";
constexpr char kTake[] = "ratelimit_take";
constexpr char kSlotFree[] = "ratelimit_slot_free";
constexpr char kBlock[] = "ratelimit_block";
constexpr char kPruneRequests[] = "ratelimit_prune_requests";
constexpr char kPruneBlocks[] = "ratelimit_prune_blocks";

// The first key of the two-key advisory lock: "CLRA", so that these locks
// never meet another module's (single-key locks live in another space anyway).
constexpr int kLockClass = 0x434c5241;

constexpr absl::Duration kPruneEvery = absl::Seconds(30);

// The second key: the first 32 bits of the key's hash.
int LockKey(const std::string& key_hash) {
  uint32_t v = 0;
  if (!absl::SimpleHexAtoi(absl::string_view(key_hash).substr(0, 8), &v)) return 0;
  return static_cast<int>(v);
}

absl::Duration Jitter() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return absl::Milliseconds(std::uniform_int_distribution<int>(1, 25)(rng));
}

}  // namespace

std::string KeyHash(const std::string& api_key) { return crypto::Sha256Hex(api_key); }

const db::Statements& PgRateLimiter::Statements() {
  static const db::Statements* kStatements = new db::Statements{
      {kLock, "SELECT pg_advisory_xact_lock($1::int, $2::int)"},
      // One statement after the lock (its snapshot sees every grant committed
      // before the lock was ours): the key's pause, its requests in the window,
      // and this request recorded when there is room.
      {kTake,
       "WITH c AS (SELECT clock_timestamp() AS now),"
       " s AS (SELECT (SELECT b.blocked_until FROM rate_limit_blocks b WHERE b.key_hash = $1) AS until,"
       "  (SELECT count(*) FROM rate_limit_requests r, c"
       "    WHERE r.key_hash = $1 AND r.at > c.now - $2::bigint * interval '1 millisecond') AS n),"
       " ins AS (INSERT INTO rate_limit_requests (key_hash, at)"
       "  SELECT $1, c.now FROM c, s WHERE s.n < $3::bigint AND (s.until IS NULL OR s.until <= c.now) RETURNING 1)"
       " SELECT (SELECT count(*) FROM ins) AS granted, s.n,"
       "  CASE WHEN s.until > c.now THEN ceil(extract(epoch FROM s.until - c.now) * 1000)::bigint END AS blocked_ms"
       " FROM c, s"},
      // When the window has room again: the (n - limit)-th oldest request of
      // the window (0-based) leaves it.
      {kSlotFree,
       "WITH c AS (SELECT clock_timestamp() AS now)"
       " SELECT ceil(extract(epoch FROM r.at + $2::bigint * interval '1 millisecond' - c.now) * 1000)::bigint"
       " FROM rate_limit_requests r, c"
       " WHERE r.key_hash = $1 AND r.at > c.now - $2::bigint * interval '1 millisecond'"
       " ORDER BY r.at OFFSET $3::bigint LIMIT 1"},
      {kBlock,
       "INSERT INTO rate_limit_blocks (key_hash, blocked_until)"
       " VALUES ($1, clock_timestamp() + $2::bigint * interval '1 millisecond')"
       " ON CONFLICT (key_hash) DO UPDATE"
       " SET blocked_until = greatest(rate_limit_blocks.blocked_until, EXCLUDED.blocked_until)"},
      {kPruneRequests, "DELETE FROM rate_limit_requests WHERE at < clock_timestamp() - $1::bigint * interval '1 millisecond'"},
      {kPruneBlocks, "DELETE FROM rate_limit_blocks WHERE blocked_until < clock_timestamp()"},
  };
  return *kStatements;
}

PgRateLimiter::PgRateLimiter(db::Pool* pool, Options options)
    : pool_(pool), options_(std::move(options)), effective_limit_(std::max(1, options_.limit - options_.margin)) {
  // Rows inside the window are the budget itself: never prune those.
  options_.keep = std::max(options_.keep, 2 * options_.window);
}

void PgRateLimiter::MaybePrune() {
  const int64_t now_ms = absl::ToUnixMillis(absl::Now());
  int64_t last = last_prune_ms_.load();
  if (now_ms - last < absl::ToInt64Milliseconds(kPruneEvery)) return;
  if (!last_prune_ms_.compare_exchange_strong(last, now_ms)) return;  // another thread prunes
  // Best effort: stale rows only cost space, and the next prune gets them.
  (void)pool_->Transact([&](pqxx::work& tx) {
    tx.exec_prepared(kPruneRequests, absl::ToInt64Milliseconds(options_.keep));
    tx.exec_prepared(kPruneBlocks);
    return absl::OkStatus();
  });
}

absl::StatusOr<absl::Duration> PgRateLimiter::TryAcquire(const std::string& api_key) {
  const std::string key_hash = KeyHash(api_key);
  const int64_t window_ms = absl::ToInt64Milliseconds(options_.window);
  absl::Duration wait = absl::ZeroDuration();
  CLARA_RETURN_IF_ERROR(pool_->Transact([&](pqxx::work& tx) -> absl::Status {
    tx.exec_prepared(kLock, kLockClass, LockKey(key_hash));
    auto r = tx.exec_prepared1(kTake, key_hash, window_ms, static_cast<int64_t>(effective_limit_));
    if (r["granted"].as<int64_t>() > 0) {
      wait = absl::ZeroDuration();
      return absl::OkStatus();
    }
    int64_t wait_ms = r["blocked_ms"].is_null() ? 0 : r["blocked_ms"].as<int64_t>();
    const int64_t n = r["n"].as<int64_t>();
    if (n >= effective_limit_) {
      auto free = tx.exec_prepared(kSlotFree, key_hash, window_ms, n - effective_limit_);
      if (!free.empty() && !free[0][0].is_null()) wait_ms = std::max(wait_ms, free[0][0].as<int64_t>());
    }
    // Never zero when nothing was granted: a zero would mean "granted".
    wait = absl::Milliseconds(std::max<int64_t>(1, wait_ms));
    return absl::OkStatus();
  }));
  return wait;
}

absl::Status PgRateLimiter::Acquire(const std::string& api_key) {
  MaybePrune();
  const absl::Time deadline = absl::Now() + options_.max_wait;
  while (true) {
    CLARA_ASSIGN_OR_RETURN(absl::Duration wait, TryAcquire(api_key));
    if (wait == absl::ZeroDuration()) return absl::OkStatus();
    if (absl::Now() + wait > deadline) {
      absl::Status s = absl::ResourceExhaustedError(
          absl::StrCat("the Teamtailor request budget of this API key is spent for the next ",
                       absl::FormatDuration(absl::Ceil(wait, absl::Milliseconds(100)))));
      SetRetryAfter(s, wait);
      return s;
    }
    // Jitter spreads the waiters that all wake for the same freed slot.
    absl::SleepFor(wait + Jitter());
  }
}

absl::Status PgRateLimiter::Block(const std::string& api_key, absl::Duration duration) {
  if (duration <= absl::ZeroDuration()) return absl::OkStatus();
  const std::string key_hash = KeyHash(api_key);
  return pool_->Transact([&](pqxx::work& tx) {
    tx.exec_prepared(kBlock, key_hash, absl::ToInt64Milliseconds(duration));
    return absl::OkStatus();
  });
}

}  // namespace clara::ratelimit
