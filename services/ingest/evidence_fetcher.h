// Handles "ingest.resume" work: reads the candidate from Teamtailor, fetches
// the résumé at once (its signed URL lives 30 s; on expiry the candidate is
// re-read for a fresh one), extracts its text, and hands the evidence to
// screening in one transaction. (Jobs are kept fresh by job sync: on select,
// on a schedule and on job webhooks.) An
// event for a job that is not selected (bulk mode, or unselected since) is
// dropped: nothing is screened.
#pragma once

#include "absl/status/status.h"
#include "common/queue.h"
#include "common/teamtailor_client.h"
#include "services/ingest/ingest_store.h"
#include "services/ingest/jobs_store.h"
#include "services/ingest/metrics.h"

namespace clara::ingest {

class EvidenceFetcher {
 public:
  EvidenceFetcher(IngestStore* store, JobsStore* jobs, teamtailor::Client* client, IngestMetrics* metrics)
      : store_(store), jobs_(jobs), client_(client), metrics_(metrics) {}

  // The worker handler. Returns the status that decides retry vs dead (see
  // common/worker.h): a disconnected integration or an unknown event is
  // permanent; Teamtailor being unavailable or rate limiting is retried.
  absl::Status Handle(const queue::WorkItem& item);

 private:
  // Downloads and extracts the résumé; the problem (if any) goes to
  // `problem` and is not an error: a candidate without a readable résumé is
  // still screened on answers and pitch.
  std::string FetchResume(const std::string& api_key, int64_t candidate_id, const std::string& event_url,
                          std::string* problem);

  IngestStore* store_;
  JobsStore* jobs_;
  teamtailor::Client* client_;
  IngestMetrics* metrics_;
};

}  // namespace clara::ingest
