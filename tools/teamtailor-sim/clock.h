// Time source for the simulator. Everything that depends on "now" (signed resume URLs, the rate
// limiter, partner-event timestamps, 429 storms) reads it through a Clock so tests can move time
// forward instead of sleeping.
#pragma once

#include <mutex>

#include "absl/time/time.h"

namespace clara::ttsim {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

// The wall clock. Thread-safe; the returned object lives forever.
const Clock* SystemClock();

// A clock that only moves when told to. Thread-safe.
//   FakeClock clock(absl::FromUnixSeconds(1741000000));
//   clock.Advance(absl::Seconds(31));
class FakeClock : public Clock {
 public:
  explicit FakeClock(absl::Time start) : now_(start) {}
  absl::Time Now() const override;
  void Advance(absl::Duration d);
  void Set(absl::Time t);

 private:
  mutable std::mutex mu_;
  absl::Time now_;
};

}  // namespace clara::ttsim
