// The shared Teamtailor request budget: every request made with one API key,
// by any replica of any service, takes a slot of one sliding window kept in
// PostgreSQL (tables rate_limit_requests and rate_limit_blocks, migration
// 0002). Teamtailor allows 50 requests per 10 seconds per key; CLARA keeps a
// margin below that because its clock and Teamtailor's see each request at
// slightly different moments.
//
// Keys are identified by their SHA-256 only; no key is ever stored or logged.
//
//   ratelimit::PgRateLimiter limiter(pool, {.limit = 50, .window = absl::Seconds(10), .margin = 5});
//   teamtailor::ClientOptions o;
//   o.limiter = &limiter;  // every Get/Post/Patch/PutPartnerResult now waits for a slot
#pragma once

#include <atomic>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db.h"
#include "common/teamtailor_client.h"

namespace clara::ratelimit {

struct Options {
  // Teamtailor's limit: requests per window and key.
  int limit = 50;
  absl::Duration window = absl::Seconds(10);
  // Slots of each window left unused (safety): at most limit - margin
  // requests (at least 1) are granted in any window.
  int margin = 5;
  // The longest Acquire waits before giving up with RESOURCE_EXHAUSTED.
  absl::Duration max_wait = absl::Seconds(30);
  // Request rows older than this (and expired blocks) are deleted.
  absl::Duration keep = absl::Minutes(2);
};

// The budget in PostgreSQL. Thread-safe; any number of instances in any
// number of processes over the same database share each key's budget.
class PgRateLimiter : public teamtailor::RequestLimiter {
 public:
  // `pool` must have Statements() prepared; not owned.
  PgRateLimiter(db::Pool* pool, Options options);

  // The statements to prepare on the pool's connections.
  static const db::Statements& Statements();

  // Takes one slot of `api_key`'s window. Each try is one short transaction
  // under an advisory lock on the key: it counts the key's requests in the
  // window and records this one when there is room; otherwise it computes
  // when a slot frees (or the key's pause ends) and sleeps until then, outside
  // the transaction. Errors: RESOURCE_EXHAUSTED (with Retry-After attached)
  // when the slot would come later than max_wait; database errors as
  // db::MapException maps them (UNAVAILABLE, DEADLINE_EXCEEDED, …).
  absl::Status Acquire(const std::string& api_key) override;

  // Pauses `api_key` for every replica until now + `duration` (a 429's
  // Retry-After, or X-Rate-Limit-Reset when Remaining is 0); a later pause
  // already recorded is kept.
  absl::Status Block(const std::string& api_key, absl::Duration duration) override;

  // One try of Acquire: OK with zero when the slot was taken, else how long
  // until one may be free (no slot taken).
  absl::StatusOr<absl::Duration> TryAcquire(const std::string& api_key);

  // Granted requests per window (limit - margin, at least 1).
  int effective_limit() const { return effective_limit_; }
  const Options& options() const { return options_; }

 private:
  void MaybePrune();

  db::Pool* pool_;
  Options options_;
  int effective_limit_;
  std::atomic<int64_t> last_prune_ms_{0};
};

// The key's identity in the tables: hex SHA-256.
std::string KeyHash(const std::string& api_key);

}  // namespace clara::ratelimit
