// Handles "writeback" work: delivers one screening to Teamtailor as a set of
// idempotent operations, each recorded (writeback_operations) with its state
// and the remote id it created, in this order:
//   TAGS            read the candidate's tags → merge CLARA's → PATCH
//   CUSTOM_FIELD    the "CLARA score" custom field value: POST (201), or
//                   PATCH the value CLARA created before / found on a 422
//   NOTE            the explanation, ending with a marker line; after an
//                   unknown outcome the marker is looked for before posting
//   STAGE_MOVE      the integration's Map Action for the outcome: move to a
//                   stage, add tags, reject (only when allowed); skipped
//                   when there is nothing to do
//   PARTNER_RESULT  PUT the completed result to the event's update-url (last:
//                   when a recruiter sees it, the rest is written)
// A provisional result (it waits on the candidate's answers to follow-up
// questions) is shown as waiting: the tag clara-awaiting-answers (CLARA's
// other tags removed), no score field or note, the Map Action for
// awaiting_follow_up, and a pending partner result naming what CLARA waits
// for. A result that a newer screening of the same event superseded is not
// delivered at all (every operation is recorded skipped).
// An operation already done or skipped is never run again. One that fails
// for good (a permanent status, see worker::IsPermanent) is recorded failed
// with its error and the next ones still run; a transient error (5xx,
// timeout, rate limit) is recorded and returned, so the work item is retried
// (honouring a Retry-After) and resumes at that operation.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/queue.h"
#include "common/teamtailor_client.h"
#include "nlohmann/json.hpp"
#include "services/writeback/map_actions.h"
#include "services/writeback/metrics.h"
#include "services/writeback/writeback_store.h"

namespace clara::writeback {

struct WriterOptions {
  std::string partner_api_key;
  // Base of the link shown on the partner result and in the note, e.g.
  // https://app.clara.ai/screenings (the screening id is appended); empty = none.
  std::string report_base_url;
  // The api-name of the Teamtailor custom field that holds the score.
  std::string score_field_api_name = "clara-score";
  // How long a custom field's id is remembered per integration.
  absl::Duration field_cache_ttl = absl::Minutes(5);
};

class Writer {
 public:
  Writer(WritebackStore* store, teamtailor::Client* client, WritebackMetrics* metrics, WriterOptions options)
      : store_(store), client_(client), metrics_(metrics), options_(std::move(options)) {}

  // OK when every operation ended (done, skipped, or failed for good — see
  // GetDelivery); the first transient error otherwise. NOT_FOUND (screening
  // erased) and FAILED_PRECONDITION (integration disconnected) from loading.
  absl::Status Handle(const queue::WorkItem& item);

 private:
  // What an operation did: DONE or SKIPPED, the id of what it created or
  // changed, and a note for the record (why it was skipped).
  struct Written {
    v1::OperationState state = v1::OPERATION_STATE_DONE;
    std::string remote_id;
    std::string note;
  };
  static Written Done(std::string remote_id, std::string note = "");
  static Written Skipped(std::string note);
  // Gets the operation's record before this attempt.
  using Write = std::function<absl::StatusOr<Written>(const v1::Operation& prior)>;

  // Runs one operation unless it is already done or skipped, and records the
  // outcome. OK when it ended (`*failed` set when it failed for good); the
  // error when it should be retried.
  absl::Status Run(const DeliveryInputs& in, v1::OperationKind kind, const Write& write, bool* failed);

  absl::StatusOr<Written> WriteTags(const DeliveryInputs& in, const std::vector<std::string>& clara_tags);
  absl::StatusOr<Written> WriteScore(const DeliveryInputs& in, const v1::Operation& prior);
  absl::StatusOr<Written> WriteNote(const DeliveryInputs& in, const v1::Operation& prior);
  absl::StatusOr<Written> ApplyMapActions(const DeliveryInputs& in, integrations::v1::Outcome outcome);
  absl::StatusOr<Written> WritePartnerResult(const DeliveryInputs& in);

  // Moves and/or rejects the candidate's application for the screened job;
  // sets `*application_id`.
  absl::Status ChangeApplication(const DeliveryInputs& in, const MapActionPlan& plan,
                                 std::string* application_id);
  // Every resource of a collection (following links.next, bounded).
  absl::StatusOr<std::vector<nlohmann::json>> GetAll(const std::string& api_key, const std::string& path);
  absl::StatusOr<std::vector<std::string>> CandidateTags(const std::string& api_key, int64_t candidate_id);
  absl::Status PatchTags(const std::string& api_key, int64_t candidate_id, const std::vector<std::string>& tags);
  // The id of the score custom field; FAILED_PRECONDITION when Teamtailor has none.
  absl::StatusOr<std::string> ScoreFieldId(const DeliveryInputs& in);
  absl::Status PatchScore(const DeliveryInputs& in, const std::string& value_id);
  // The id of the candidate's note carrying this screening's marker, or "".
  absl::StatusOr<std::string> FindNote(const DeliveryInputs& in);
  std::string ReportUrl(const std::string& screening_id) const;

  WritebackStore* store_;
  teamtailor::Client* client_;
  WritebackMetrics* metrics_;
  WriterOptions options_;

  std::mutex field_mu_;
  // integration id → (custom field id, remembered until)
  std::map<std::string, std::pair<std::string, absl::Time>> field_ids_;
};

}  // namespace clara::writeback
