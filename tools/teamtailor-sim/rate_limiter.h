// Per-API-key rate limiter and request statistics.
//
// Each key owns a bucket of `limit` tokens; a request spends one, and a spent token comes back
// exactly `window` after it was spent. So no key is ever granted more than `limit` requests in any
// window of length `window` (Teamtailor documents "50 requests per 10 seconds per API key").
//
// Besides granting, it keeps per-key statistics: every request a key made (granted or not), the
// 429s it got, and the largest number of requests the key sent inside any window. That last number
// lets a test assert that a client never exceeded the limit.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

#include "absl/time/time.h"
#include "tools/teamtailor-sim/clock.h"

namespace clara::ttsim {

class RateLimiter {
 public:
  struct Decision {
    bool allowed = false;
    int limit = 0;
    int remaining = 0;            // tokens left after this request
    int reset_seconds = 0;        // seconds until the bucket is full again
    int retry_after_seconds = 0;  // when !allowed: seconds until a token returns (>= 1)
  };

  struct KeyStats {
    int64_t requests = 0;       // every request seen for the key
    int64_t rate_limited = 0;   // answered 429 (by the limiter or a 429 storm)
    int max_in_window = 0;      // most requests (of any outcome) inside one window
  };

  RateLimiter(int limit, absl::Duration window, const Clock* clock);

  // Records that `key` sent a request (for the statistics only).
  void RecordRequest(const std::string& key);
  // Records a 429 answered to `key` for a reason other than Acquire (a 429 storm).
  void RecordRejected(const std::string& key);
  // Tries to spend a token of `key`. A refusal is counted as rate limited.
  Decision Acquire(const std::string& key);
  // The bucket's current state without spending (for headers on 429-storm answers).
  Decision Peek(const std::string& key);

  std::map<std::string, KeyStats> Stats() const;
  int limit() const { return limit_; }
  absl::Duration window() const { return window_; }

 private:
  struct Bucket {
    std::deque<absl::Time> spent;  // grant times inside the current window, oldest first
    std::deque<absl::Time> seen;   // request times inside the current window
    KeyStats stats;
  };
  Decision Describe(Bucket& b, absl::Time now) const;
  void Prune(std::deque<absl::Time>& q, absl::Time now) const;

  const int limit_;
  const absl::Duration window_;
  const Clock* clock_;
  mutable std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace clara::ttsim
