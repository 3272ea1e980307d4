// All SQL of the screening service: the inputs ingest stored, rubric
// versions, append-only screening results and the hand-off to write-back.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clara/followups/v1/followups.pb.h"
#include "clara/ingest/v1/ingest.pb.h"
#include "clara/integrations/v1/integrations.pb.h"
#include "clara/screening/v1/screening.pb.h"
#include "common/db.h"
#include "services/screening/screening_inputs.h"

namespace clara::screening {

inline constexpr char kScreeningQueue[] = "screening";
inline constexpr char kWritebackQueue[] = "writeback";

// How a result is saved besides the result itself.
struct SaveOptions {
  // "engine", or "follow-up-expired" / "follow-up-opted-out" for a result
  // finalised without answers (see follow_ups.h).
  std::string basis = "engine";
  // The open follow-up this (provisional) result waits on.
  std::string awaiting_follow_up_id;
  // A follow-up to create with the result (the result then waits on it),
  // answerable for `answer_timeout`.
  std::optional<followups::v1::FollowUp> ask;
  absl::Duration answer_timeout = absl::Hours(72);
};

class ScreeningStore {
 public:
  explicit ScreeningStore(db::Pool* pool) : pool_(pool) {}
  static const db::Statements& Statements();

  // NOT_FOUND when the event, its evidence or its job is missing (erased, or
  // another tenant's).
  absl::StatusOr<ScreeningInputs> LoadInputs(const std::string& integration_id, const std::string& event_id,
                                             int64_t job_id);

  // The job as ingest last stored it. NOT_FOUND when the integration has no
  // such job.
  absl::StatusOr<v1::Job> LoadJob(const std::string& integration_id, int64_t job_id);

  // The rubric to use for a job: the newest version when its content hash
  // equals `derived` or it was edited by a recruiter; otherwise `derived` is
  // stored as a new version. Results under older versions are never touched.
  // Content is compared by content_hash, which callers set with
  // ScoringEngine::RubricHash (the one RubricContentHash, rubric_hash.h).
  //
  // The version returned is always a version stored with exactly the content
  // returned (the insert is conflict-aware: a version taken concurrently
  // aborts and the whole unit is retried). An ad that goes back to earlier
  // content (A -> B -> A) gets a NEW version holding A's content (1: A,
  // 2: B, 3: A), never the old number: "newest" is always the ad as it is
  // now, and version numbers only grow (see migration 0004).
  absl::StatusOr<v1::Rubric> CurrentRubric(const std::string& integration_id, const v1::Rubric& derived);
  // Stores a recruiter-edited rubric as the job's next version (the same
  // newest content again is no new version); the version returned is the one
  // stored, as for CurrentRubric.
  absl::StatusOr<v1::Rubric> AddEditedRubric(const std::string& integration_id, v1::Rubric rubric);
  // version 0 = newest. NOT_FOUND when none.
  absl::StatusOr<v1::Rubric> GetRubric(const std::string& integration_id, int64_t job_id, int version);

  // Appends a result (unique on event, rubric hash, input hash, engine
  // version and basis) and enqueues its write-back in the same transaction;
  // with `options.ask`, also creates the follow-up (one per event) the result
  // then waits on. A repeat returns the existing screening and enqueues
  // nothing new.
  absl::StatusOr<v1::Screening> SaveResult(const std::string& integration_id, const ScreeningInputs& inputs,
                                           const v1::Rubric& rubric, const v1::ScreeningResult& result,
                                           const SaveOptions& options = {});

  absl::StatusOr<v1::Screening> Get(const std::string& integration_id, const std::string& screening_id);
  // Newest first; `page_token` from the previous page.
  absl::StatusOr<std::vector<v1::Screening>> List(const std::string& integration_id, int64_t job_id, int page_size,
                                                  const std::string& page_token, std::string* next_page_token);

 private:
  db::Pool* pool_;
};

}  // namespace clara::screening
