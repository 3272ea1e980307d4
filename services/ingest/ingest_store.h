// All SQL of the ingest service: integrations (credentials sealed at rest),
// partner events, jobs and the evidence handed to screening.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clara/ingest/v1/ingest.pb.h"
#include "clara/integrations/v1/integrations.pb.h"
#include "clara/screening/v1/screening.pb.h"
#include "common/crypto.h"
#include "common/db.h"

namespace clara::ingest {

// Queue names this service produces and consumes.
inline constexpr char kResumeQueue[] = "ingest.resume";
inline constexpr char kScreeningQueue[] = "screening";
// Payload: clara.integrations.v1.SyncJobsRequest.
inline constexpr char kJobSyncQueue[] = "ingest.job_sync";

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
  // the integration id as associated data. A full job sync is queued in the
  // same transaction.
  absl::StatusOr<integrations::v1::Integration> Connect(const std::string& api_key, const std::string& integration_key,
                                                        const std::string& company_name, const std::string& region);
  // NOT_FOUND for an unknown id (or another tenant's).
  absl::StatusOr<integrations::v1::Integration> Get(const std::string& integration_id);
  // Stops processing: status disconnected, credentials deleted, pending
  // work of the integration buried, candidate data to be erased after
  // `retention`.
  absl::StatusOr<integrations::v1::Integration> Disconnect(const std::string& integration_id,
                                                           absl::Duration retention);
  // Resumes a disconnected integration, or rotates the keys of a connected
  // one, keeping all its data (and queues a job sync). NOT_FOUND when unknown
  // or already erased; ALREADY_EXISTS when the integration key belongs to
  // another integration.
  absl::StatusOr<integrations::v1::Integration> Reconnect(const std::string& integration_id,
                                                          const std::string& api_key,
                                                          const std::string& integration_key);
  // Deletes every integration whose retention has run out (all its data
  // goes with it). Returns how many.
  absl::StatusOr<int> EraseExpired();
  // Erases one candidate's data (events, evidence, screenings, write-back
  // records, queued work, decisions). Returns how many events went.
  absl::StatusOr<int> EraseCandidate(const std::string& integration_id, int64_t candidate_id);
  // Marks the candidate's stored evidence stale (changed in Teamtailor).
  absl::Status MarkEvidenceStale(const std::string& integration_id, int64_t candidate_id);
  // Records a recruiter's move or rejection against the latest screening.
  absl::Status RecordHumanDecision(const std::string& integration_id, int64_t candidate_id, int64_t job_id,
                                   int64_t application_id, const std::string& decision, int64_t stage_id);

  absl::StatusOr<integrations::v1::MapActionConfig> GetMapActions(const std::string& integration_id);
  absl::Status SetMapActions(const std::string& integration_id, const integrations::v1::MapActionConfig& config);
  absl::Status SetFollowUpPolicy(const std::string& integration_id, const integrations::v1::FollowUpPolicy& policy);

  // The integration's most recent screenings: (id, candidate, job, qualification).
  struct ScreeningRow {
    std::string id;
    int64_t candidate_id;
    int64_t job_id;
    std::string qualification;
  };
  absl::StatusOr<std::vector<ScreeningRow>> RecentScreenings(const std::string& integration_id, int limit);

  // The integration an integration key belongs to (by SHA-256). NOT_FOUND
  // when none.
  absl::StatusOr<StoredIntegration> FindByIntegrationKey(const std::string& integration_key);
  // The integration's Teamtailor API key. FAILED_PRECONDITION when
  // disconnected.
  absl::StatusOr<std::string> ApiKey(const std::string& integration_id);

  // Stores the event once and enqueues the résumé fetch in the same
  // transaction. Returns true when stored, false for a duplicate delivery.
  absl::StatusOr<bool> AcceptEvent(const std::string& integration_id, const v1::PartnerEvent& event);
  // Queues a fresh read of an accepted event's evidence and a new
  // screening (the Re-screen button). NOT_FOUND for an unknown event.
  absl::Status Rescreen(const std::string& integration_id, const std::string& event_id);
  // NOT_FOUND when the event is unknown to this integration.
  absl::StatusOr<v1::PartnerEvent> LoadEvent(const std::string& integration_id, const std::string& event_id);

  // Stores the evidence and enqueues screening in one transaction; the
  // screening is de-duplicated on (event, evidence content), so the same
  // evidence is screened once. Returns false when that work existed already.
  absl::StatusOr<bool> StoreEvidence(const std::string& integration_id, const v1::PartnerEvent& event, int64_t job_id,
                                     const v1::StoredEvidence& evidence);

 private:
  db::Pool* pool_;
  const crypto::SecretBox* box_;
};

// A random RFC 4122 version-4 UUID.
std::string NewUuid();

}  // namespace clara::ingest
