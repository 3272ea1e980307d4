// All SQL of the write-back service: what to deliver, and one row per
// write operation (its idempotency key, state and the remote id it created).
#pragma once

#include <string>

#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "clara/followups/v1/followups.pb.h"
#include "clara/ingest/v1/ingest.pb.h"
#include "clara/integrations/v1/integrations.pb.h"
#include "clara/screening/v1/screening.pb.h"
#include "clara/writeback/v1/writeback.pb.h"
#include "common/crypto.h"
#include "common/db.h"

namespace clara::writeback {

inline constexpr char kWritebackQueue[] = "writeback";

struct DeliveryInputs {
  std::string integration_id;
  std::string screening_id;
  screening::v1::ScreeningResult result;
  ingest::v1::PartnerEvent event;
  int64_t candidate_id = 0;
  int64_t job_id = 0;  // 0 when the event named no job (bulk mode)
  // The integration's Map Actions; absent when none are configured.
  std::optional<integrations::v1::MapActionConfig> map_actions;
  std::string api_key;  // the company's Teamtailor key, opened
  // Set for a provisional result: the follow-up whose answers it waits on
  // (Teamtailor shows it as pending). Absent for a final result.
  std::optional<followups::v1::FollowUp> awaiting;
  // A newer screening of the same event, when there is one: this one is
  // then not delivered (the newer one is).
  std::string superseded_by;
};

class WritebackStore {
 public:
  WritebackStore(db::Pool* pool, const crypto::SecretBox* box) : pool_(pool), box_(box) {}
  static const db::Statements& Statements();

  // NOT_FOUND when the screening is gone (erased); FAILED_PRECONDITION when
  // the integration is disconnected.
  absl::StatusOr<DeliveryInputs> Load(const std::string& integration_id, const std::string& screening_id);

  // The operation's row, or a pending one when it has none yet.
  absl::StatusOr<v1::Operation> GetOperation(const std::string& idempotency_key);
  // Records that an attempt starts (attempts + 1, state pending), before
  // anything is sent: an attempt that dies half-way is visible to the next.
  absl::Status BeginOperation(const std::string& integration_id, const std::string& screening_id,
                              const v1::Operation& op);
  // Records the attempt's outcome: state, remote id (an empty one keeps the
  // recorded id), last_error.
  absl::Status RecordOperation(const std::string& integration_id, const std::string& screening_id,
                               const v1::Operation& op);
  // The remote id of the newest done operation of `kind` for an earlier
  // screening of the same candidate ("" when none): the custom-field value
  // CLARA created before is updated rather than created again.
  absl::StatusOr<std::string> PreviousRemoteId(const std::string& integration_id, int64_t candidate_id,
                                               v1::OperationKind kind);
  // The delivery's operations (by idempotency key) and its state: dead (the
  // work item is dead), failed (an operation failed for good; the others were
  // still attempted), delivered (every operation done or skipped, the partner
  // result included), else pending. NOT_FOUND for an unknown screening (or
  // another tenant's).
  absl::StatusOr<v1::Delivery> GetDelivery(const std::string& integration_id, const std::string& screening_id);

 private:
  db::Pool* pool_;
  const crypto::SecretBox* box_;
};

// The deterministic key of one write: the same screening and kind always
// give the same key.
std::string IdempotencyKey(const std::string& screening_id, v1::OperationKind kind);

}  // namespace clara::writeback
