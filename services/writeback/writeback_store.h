// All SQL of the write-back service: what to deliver, and one row per
// write operation (its idempotency key, state and the remote id it created).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "clara/ingest/v1/ingest.pb.h"
#include "clara/screening/v1/screening.pb.h"
#include "clara/writeback/v1/writeback.pb.h"
#include "common/crypto.h"
#include "common/db.h"

namespace clara::writeback {

inline constexpr char kWritebackQueue[] = "writeback";

struct DeliveryInputs {
  std::string screening_id;
  screening::v1::ScreeningResult result;
  ingest::v1::PartnerEvent event;
  std::string api_key;  // the company's Teamtailor key, opened
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
  // Records an attempt's outcome (attempts + 1).
  absl::Status RecordOperation(const std::string& integration_id, const std::string& screening_id,
                               const v1::Operation& op);
  // NOT_FOUND for an unknown screening (or another tenant's).
  absl::StatusOr<v1::Delivery> GetDelivery(const std::string& integration_id, const std::string& screening_id);

 private:
  db::Pool* pool_;
  const crypto::SecretBox* box_;
};

// The deterministic key of one write: the same screening and kind always
// give the same key.
std::string IdempotencyKey(const std::string& screening_id, v1::OperationKind kind);

}  // namespace clara::writeback
