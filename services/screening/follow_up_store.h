// All SQL of follow-up rounds after they are created (ScreeningStore creates
// them with the result that asks): listing, marking sent, answers, opt-outs
// and expiry. Closing a round (answered, opted out, expired) enqueues a new
// screening of the event in the same transaction; the screener then merges
// the answers into the evidence, or finalises the result as needs_review.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clara/followups/v1/followups.pb.h"
#include "common/db.h"

namespace clara::screening {

class FollowUpStore {
 public:
  explicit FollowUpStore(db::Pool* pool) : pool_(pool) {}
  static const db::Statements& Statements();

  // NOT_FOUND for an unknown (or malformed, or another tenant's) id.
  absl::StatusOr<followups::v1::FollowUp> Get(const std::string& integration_id, const std::string& follow_up_id);
  // Oldest first; `states` empty = open (pending, sent); `job_id` 0 = all.
  absl::StatusOr<std::vector<followups::v1::FollowUp>> List(const std::string& integration_id, int64_t job_id,
                                                            const std::vector<followups::v1::FollowUpState>& states,
                                                            int page_size, const std::string& page_token,
                                                            std::string* next_page_token);
  // pending → sent (sent stays sent); FAILED_PRECONDITION once closed.
  absl::StatusOr<followups::v1::FollowUp> MarkSent(const std::string& integration_id, const std::string& follow_up_id);
  // Validates (ValidateAnswers) and stores the answers, closes the round as
  // answered and enqueues the re-screening, all in one transaction. The same
  // answers again: OK, nothing changes. FAILED_PRECONDITION when the round is
  // closed otherwise (or past its expiry); INVALID_ARGUMENT: nothing stored.
  absl::StatusOr<followups::v1::FollowUp> SubmitAnswers(const std::string& integration_id,
                                                        const std::string& follow_up_id,
                                                        const std::vector<followups::v1::Answer>& answers);
  // Closes the round as opted out and enqueues the finalisation. Idempotent;
  // FAILED_PRECONDITION when it was answered or expired.
  absl::StatusOr<followups::v1::FollowUp> OptOut(const std::string& integration_id, const std::string& follow_up_id);
  // Closes up to `limit` open rounds whose time ran out as expired and
  // enqueues their finalisation; returns how many. Safe in every replica.
  absl::StatusOr<int> ExpireDue(int limit);

 private:
  // Locks the round, checks it is open (or already in `target`), and closes
  // it in `target` with `answers`.
  absl::StatusOr<followups::v1::FollowUp> Close(const std::string& integration_id, const std::string& follow_up_id,
                                                followups::v1::FollowUpState target,
                                                const std::vector<followups::v1::Answer>* answers);

  db::Pool* pool_;
};

}  // namespace clara::screening
