// Implementation of rate_limiter.h.
#include "tools/teamtailor-sim/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace clara::ttsim {
namespace {

int CeilSeconds(absl::Duration d) {
  if (d <= absl::ZeroDuration()) return 0;
  return static_cast<int>(std::ceil(absl::ToDoubleSeconds(d)));
}

}  // namespace

RateLimiter::RateLimiter(int limit, absl::Duration window, const Clock* clock)
    : limit_(std::max(1, limit)), window_(window), clock_(clock) {}

void RateLimiter::Prune(std::deque<absl::Time>& q, absl::Time now) const {
  while (!q.empty() && q.front() + window_ <= now) q.pop_front();
}

void RateLimiter::RecordRequest(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  absl::Time now = clock_->Now();
  Bucket& b = buckets_[key];
  Prune(b.seen, now);
  b.seen.push_back(now);
  b.stats.requests++;
  b.stats.max_in_window = std::max(b.stats.max_in_window, static_cast<int>(b.seen.size()));
}

void RateLimiter::RecordRejected(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  buckets_[key].stats.rate_limited++;
}

RateLimiter::Decision RateLimiter::Describe(Bucket& b, absl::Time now) const {
  Prune(b.spent, now);
  Decision d;
  d.limit = limit_;
  d.remaining = limit_ - static_cast<int>(b.spent.size());
  d.reset_seconds = b.spent.empty() ? 0 : CeilSeconds(b.spent.back() + window_ - now);
  d.retry_after_seconds =
      d.remaining > 0 ? 0 : std::max(1, CeilSeconds(b.spent.front() + window_ - now));
  return d;
}

RateLimiter::Decision RateLimiter::Acquire(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  absl::Time now = clock_->Now();
  Bucket& b = buckets_[key];
  Decision d = Describe(b, now);
  if (d.remaining <= 0) {
    b.stats.rate_limited++;
    d.allowed = false;
    return d;
  }
  b.spent.push_back(now);
  d = Describe(b, now);
  d.allowed = true;
  return d;
}

RateLimiter::Decision RateLimiter::Peek(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  return Describe(buckets_[key], clock_->Now());
}

std::map<std::string, RateLimiter::KeyStats> RateLimiter::Stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::map<std::string, KeyStats> out;
  for (const auto& [key, b] : buckets_) out[key] = b.stats;
  return out;
}

}  // namespace clara::ttsim
