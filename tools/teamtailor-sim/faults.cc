// Implementation of faults.h.
#include "tools/teamtailor-sim/faults.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace clara::ttsim {

FaultInjector::FaultInjector(uint64_t seed, const Clock* clock)
    : clock_(clock), seed_(seed), rng_(seed) {}

absl::Status FaultInjector::Set(const Json& body) {
  if (!body.is_object()) return absl::InvalidArgumentError("body must be a JSON object");
  double error_rate = 0, drop_rate = 0, lost_answer_rate = 0;
  int64_t latency = 0, storm = 0;
  uint64_t seed = seed_;
  for (const auto& [key, v] : body.items()) {
    if (key == "error_5xx_rate" || key == "drop_rate" || key == "lost_answer_rate") {
      if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 1) {
        return absl::InvalidArgumentError(absl::StrCat(key, " must be a number in [0, 1]"));
      }
      (key == "drop_rate" ? drop_rate : key == "lost_answer_rate" ? lost_answer_rate : error_rate) =
          v.get<double>();
    } else if (key == "latency_ms" || key == "storm_429_seconds") {
      if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > 600000) {
        return absl::InvalidArgumentError(absl::StrCat(key, " must be an integer in [0, 600000]"));
      }
      (key == "latency_ms" ? latency : storm) = v.get<int64_t>();
    } else if (key == "seed") {
      if (!v.is_number_unsigned()) return absl::InvalidArgumentError("seed must be a number");
      seed = v.get<uint64_t>();
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown fault: ", key));
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  error_rate_ = error_rate;
  drop_rate_ = drop_rate;
  lost_answer_rate_ = lost_answer_rate;
  latency_ms_ = static_cast<int>(latency);
  storm_seconds_ = static_cast<int>(storm);
  storm_until_ = storm > 0 ? clock_->Now() + absl::Seconds(storm) : absl::InfinitePast();
  rng_.seed(seed);
  return absl::OkStatus();
}

void FaultInjector::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  error_rate_ = drop_rate_ = lost_answer_rate_ = 0;
  latency_ms_ = storm_seconds_ = 0;
  storm_until_ = absl::InfinitePast();
}

Json FaultInjector::Describe() const {
  std::lock_guard<std::mutex> lock(mu_);
  absl::Duration left = storm_until_ - clock_->Now();
  return {{"error_5xx_rate", error_rate_},
          {"latency_ms", latency_ms_},
          {"storm_429_seconds", storm_seconds_},
          {"storm_429_seconds_left",
           left > absl::ZeroDuration() ? static_cast<int>(std::ceil(absl::ToDoubleSeconds(left))) : 0},
          {"drop_rate", drop_rate_},
          {"lost_answer_rate", lost_answer_rate_},
          {"injected", {{"latency", injected_latency_},
                        {"drops", injected_drops_},
                        {"lost_answers", injected_lost_answers_},
                        {"errors_5xx", injected_5xx_},
                        {"storm_429s", injected_429_}}}};
}

FaultInjector::Decision FaultInjector::Next(bool storm_applies, bool lose_applies) {
  std::lock_guard<std::mutex> lock(mu_);
  Decision d;
  // Always draw every number so the sequence does not depend on which faults are active.
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  double drop_draw = unit(rng_);
  double error_draw = unit(rng_);
  double lost_draw = unit(rng_);
  uint64_t which = rng_();
  d.latency_ms = latency_ms_;
  if (d.latency_ms > 0) ++injected_latency_;
  absl::Duration left = storm_until_ - clock_->Now();
  if (storm_applies && left > absl::ZeroDuration()) {
    d.storm_seconds_left = std::max(1, static_cast<int>(std::ceil(absl::ToDoubleSeconds(left))));
    ++injected_429_;
    return d;
  }
  if (drop_draw < drop_rate_) {
    d.drop = true;
    ++injected_drops_;
    return d;
  }
  if (error_draw < error_rate_) {
    static constexpr int kStatuses[] = {500, 502, 503};
    d.error_status = kStatuses[which % 3];
    ++injected_5xx_;
    return d;
  }
  if (lose_applies && lost_draw < lost_answer_rate_) {
    d.lose_answer = true;
    ++injected_lost_answers_;
  }
  return d;
}

}  // namespace clara::ttsim
