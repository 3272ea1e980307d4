// Handles "screening" work: builds the de-identified evidence, picks the
// rubric version, scores with the engine, and stores the result (which
// enqueues write-back in the same transaction).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "absl/time/time.h"
#include "common/queue.h"
#include "services/screening/metrics.h"
#include "services/screening/raw_candidate.h"
#include "services/screening/scoring_engine.h"
#include "services/screening/screening_store.h"

namespace clara::screening {

// Grade thresholds, with the trigger's webhook-data "threshold" (0-100) as
// the pre-qualification threshold when present.
ScoreOptions OptionsFor(const ingest::v1::PartnerEvent& event);
// The language follow-up questions are asked in: the policy's, else the
// job's (the rubric's).
std::string FollowUpLanguage(const integrations::v1::FollowUpPolicy& policy, const v1::Rubric& rubric);
// The rubric version the trigger pinned (webhook-data "rubric-version"; the
// config field id rubric_version comes back with a dash), or 0 = newest.
int RubricVersionFor(const ingest::v1::PartnerEvent& event);

class Screener {
 public:
  Screener(ScreeningStore* store, const ScoringEngine* engine, ScreeningMetrics* metrics,
           std::function<absl::Time()> now = absl::Now)
      : store_(store), engine_(engine), metrics_(metrics), now_(std::move(now)) {}

  absl::Status Handle(const queue::WorkItem& item);

 private:
  // Compiled rubrics by content hash: compiled once, reused.
  absl::StatusOr<std::shared_ptr<const CompiledRubric>> Compiled(const v1::Rubric& rubric);

  ScreeningStore* store_;
  const ScoringEngine* engine_;
  ScreeningMetrics* metrics_;
  std::function<absl::Time()> now_;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const CompiledRubric>> compiled_;
};

}  // namespace clara::screening
