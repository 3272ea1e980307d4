// The seeded demo company: "Norrsund Logistics AB", a Nordic freight and logistics firm. It is the
// same on every run (ids, keys, texts, timestamps), so tests and demos can name things by id.
// README.md lists the keys and ids.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "tools/teamtailor-sim/model.h"

namespace clara::ttsim {

// API keys of the demo company.
inline constexpr char kAdminReadWriteKey[] = "ttsim_admin_rw_4b1d9e7c2a6f";
inline constexpr char kAdminReadOnlyKey[] = "ttsim_admin_ro_8e3a5c1f9b2d";
inline constexpr char kPublicKey[] = "ttsim_public_5a7c3e9b1d4f";
inline constexpr char kInternalKey[] = "ttsim_internal_2f6b8d4a0c1e";
// The provider key Teamtailor shows as the Integration Key when CLARA is activated.
inline constexpr char kIntegrationKey[] = "5d3f1c9e-7a2b-4c8d-9e6f-1a2b3c4d5e6f";

// Well-known ids.
inline constexpr int64_t kBackendJobId = 12345;     // English, open
inline constexpr int64_t kWarehouseJobId = 12346;   // Swedish, open
inline constexpr int64_t kDispatcherJobId = 12347;  // German, open
inline constexpr int64_t kDesignerJobId = 12348;    // English, draft
inline constexpr int64_t kSupportJobId = 12349;     // Swedish, archived
inline constexpr int64_t kFirstCandidateId = 54321;
inline constexpr int64_t kClaraScoreFieldId = 4;
inline constexpr int64_t kRecruiterUserId = 7;

// Stage ids: the k-th stage (0 Inbox, 1 CLARA screening, 2 Phone screen, 3 Interview, 4 Offer,
// 5 Hired) of the j-th job (0 = kBackendJobId ...).
constexpr int64_t StageId(int job_index, int k) { return 1001 + 10 * job_index + k; }
// Index k of the stage carrying the CLARA trigger ("CLARA screening").
inline constexpr int kTriggerStageIndex = 1;

// Adds the six standard stages (Inbox, CLARA screening with trigger id job_index + 1, Phone
// screen, Interview, Offer, Hired) to job `job_id`, with ids StageId(job_index, 0..5). The trigger
// starts with c.default_webhook_data. Used for seeded jobs and jobs created through /_sim/jobs.
void AddJobStages(Company& c, int job_index, int64_t job_id, absl::Time at);

// Builds the company, rendering every resume PDF. kInternal if a PDF cannot be rendered.
absl::StatusOr<Company> BuildDemoCompany();

}  // namespace clara::ttsim
