// SQL for an integration's jobs: what job sync stores, which jobs an admin
// selected, and what the trigger config endpoint reads.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clara/integrations/v1/integrations.pb.h"
#include "clara/screening/v1/screening.pb.h"
#include "common/db.h"

namespace clara::ingest {

class JobsStore {
 public:
  explicit JobsStore(db::Pool* pool) : pool_(pool) {}
  static const db::Statements& Statements();

  // Stores a synced job (keeps its selection); a destroyed job is marked
  // deleted and unselected.
  absl::Status Upsert(const std::string& integration_id, const integrations::v1::RemoteJob& remote,
                      const screening::v1::Job& job);
  absl::Status MarkDeleted(const std::string& integration_id, int64_t job_id);
  absl::Status SetLastSync(const std::string& integration_id, absl::Time at);
  absl::StatusOr<absl::Time> LastSync(const std::string& integration_id);

  // Every non-deleted job, by id.
  absl::StatusOr<std::vector<integrations::v1::RemoteJob>> List(const std::string& integration_id);
  // Sets `selected` on jobs. NOT_FOUND naming the first job CLARA has not
  // synced (nothing is changed then).
  absl::Status SetSelected(const std::string& integration_id, const std::vector<int64_t>& job_ids, bool selected);
  // False for an unknown, deleted or unselected job.
  absl::StatusOr<bool> IsSelected(const std::string& integration_id, int64_t job_id);
  // The newest rubric of a job, if any (for trigger options).
  absl::StatusOr<std::optional<screening::v1::Rubric>> LatestRubric(const std::string& integration_id, int64_t job_id);
  // Active integrations, for the scheduled incremental sync.
  absl::StatusOr<std::vector<std::string>> ActiveIntegrations();

 private:
  db::Pool* pool_;
};

}  // namespace clara::ingest
