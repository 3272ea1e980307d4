// Job sync: pulls an integration's jobs (with their questions and stages)
// from Teamtailor — everything on connect or on demand, what changed since
// the last sync on a schedule, and single jobs on company webhooks.
#pragma once

#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/teamtailor_client.h"
#include "services/ingest/ingest_store.h"
#include "services/ingest/jobs_store.h"

namespace clara::ingest {

class JobSync {
 public:
  JobSync(IngestStore* integrations, JobsStore* jobs, teamtailor::Client* client)
      : integrations_(integrations), jobs_(jobs), client_(client) {}

  // Every job (filter[status]=all, page[size]=30, following links.next).
  // Returns how many were stored.
  absl::StatusOr<int> Full(const std::string& integration_id);
  // Jobs updated since the last sync (filter[updated-at][from]).
  absl::StatusOr<int> Incremental(const std::string& integration_id);
  // One job, read again from Teamtailor (NOT_FOUND when it is gone).
  absl::Status SyncOne(const std::string& integration_id, int64_t job_id);

 private:
  absl::StatusOr<int> Pull(const std::string& integration_id, const std::string& first_page);
  absl::Status SyncOneWithKey(const std::string& integration_id, const std::string& api_key, int64_t job_id);

  IngestStore* integrations_;
  JobsStore* jobs_;
  teamtailor::Client* client_;
};

// The ingest service's periodic duties: JobSync::Incremental for every
// active integration every `sync_interval`, and erasure of integrations
// whose retention ran out every `erase_interval`.
class BackgroundJobs {
 public:
  BackgroundJobs(JobSync* sync, JobsStore* jobs, IngestStore* integrations, absl::Duration sync_interval,
                 absl::Duration erase_interval = absl::Minutes(1));
  ~BackgroundJobs();

 private:
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace clara::ingest
