// All SQL of the ingest service: integrations (credentials sealed at rest),
// partner events, jobs and the evidence handed to screening.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "clara/ingest/v1/ingest.pb.h"
#include "clara/integrations/v1/integrations.pb.h"
#include "clara/screening/v1/screening.pb.h"
#include "common/crypto.h"
#include "common/db.h"

namespace clara::ingest {

// Queue names this service produces and consumes.
inline constexpr char kResumeQueue[] = "ingest.resume";
inline constexpr char kScreeningQueue[] = "screening";

struct StoredIntegration {
  std::string id;
  bool active = false;
};

class IngestStore {
 public:
  IngestStore(db::Pool* pool, const crypto::SecretBox* box) : pool_(pool), box_(box) {}

  static const db::Statements& Statements();

  // Creates an integration for a new integration key, or rotates the API key
  // of the one that already has it (re-activating it). Keys are sealed with
  // the integration id as associated data.
  absl::StatusOr<integrations::v1::Integration> Connect(const std::string& api_key, const std::string& integration_key,
                                                        const std::string& company_name, const std::string& region);
  // NOT_FOUND for an unknown id (or another tenant's).
  absl::StatusOr<integrations::v1::Integration> Get(const std::string& integration_id);
  // Stops processing: status disconnected, credentials deleted, pending
  // work of the integration buried.
  absl::StatusOr<integrations::v1::Integration> Disconnect(const std::string& integration_id);

  // The integration an integration key belongs to (by SHA-256). NOT_FOUND
  // when none.
  absl::StatusOr<StoredIntegration> FindByIntegrationKey(const std::string& integration_key);
  // The integration's Teamtailor API key. FAILED_PRECONDITION when
  // disconnected.
  absl::StatusOr<std::string> ApiKey(const std::string& integration_id);

  // Stores the event once and enqueues the résumé fetch in the same
  // transaction. Returns true when stored, false for a duplicate delivery.
  absl::StatusOr<bool> AcceptEvent(const std::string& integration_id, const v1::PartnerEvent& event);
  // NOT_FOUND when the event is unknown to this integration.
  absl::StatusOr<v1::PartnerEvent> LoadEvent(const std::string& integration_id, const std::string& event_id);

  // Stores (or refreshes) the job, the evidence, and enqueues screening, all
  // in one transaction. Returns false when the screening work existed already.
  absl::StatusOr<bool> StoreEvidence(const std::string& integration_id, const v1::PartnerEvent& event,
                                     const screening::v1::Job& job, const v1::StoredEvidence& evidence);

 private:
  db::Pool* pool_;
  const crypto::SecretBox* box_;
};

// A random RFC 4122 version-4 UUID.
std::string NewUuid();

}  // namespace clara::ingest
