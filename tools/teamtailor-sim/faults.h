// Run-time fault injection for the simulated API: extra latency, a share of 5xx answers, dropped
// connections, answers lost after the request was applied, and 429 storms. Draws come from a seeded generator, so a given seed and request
// sequence always produce the same faults.
#pragma once

#include <cstdint>
#include <mutex>
#include <random>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "tools/teamtailor-sim/clock.h"
#include "tools/teamtailor-sim/model.h"

namespace clara::ttsim {

class FaultInjector {
 public:
  struct Decision {
    int latency_ms = 0;
    bool drop = false;         // close the connection without a complete answer
    int error_status = 0;      // non-zero: answer this 5xx
    int storm_seconds_left = 0;  // non-zero: answer 429 with this Retry-After
    // Process the request (apply a write), then close the connection without a byte of the
    // answer: the client cannot tell whether the write happened.
    bool lose_answer = false;
  };

  FaultInjector(uint64_t seed, const Clock* clock);

  // Replaces the configuration with `body`:
  // {"error_5xx_rate":0..1,"latency_ms":N,"storm_429_seconds":N,"drop_rate":0..1,
  //  "lost_answer_rate":0..1,"seed":N}.
  // Absent fields are 0. A storm starts now. kInvalidArgument for out-of-range values.
  absl::Status Set(const Json& body);
  void Clear();
  // The configuration and how many faults were injected so far.
  Json Describe() const;
  // The faults for the next request. `storm_applies` is false where a 429 would be unrealistic;
  // `lose_applies` is true for writes (an answer is lost only after a write was applied).
  Decision Next(bool storm_applies, bool lose_applies = false);

 private:
  const Clock* clock_;
  const uint64_t seed_;
  mutable std::mutex mu_;
  std::mt19937_64 rng_;
  double error_rate_ = 0, drop_rate_ = 0, lost_answer_rate_ = 0;
  int latency_ms_ = 0, storm_seconds_ = 0;
  absl::Time storm_until_ = absl::InfinitePast();
  int64_t injected_latency_ = 0, injected_drops_ = 0, injected_5xx_ = 0, injected_429_ = 0,
          injected_lost_answers_ = 0;
};

}  // namespace clara::ttsim
