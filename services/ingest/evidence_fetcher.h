// Handles "ingest.resume" work: reads the candidate from Teamtailor, fetches
// the résumé at once (its signed URL lives 30 s; on expiry the candidate is
// re-read for a fresh one), extracts its text in the PDF sandbox
// (pdf_sandbox.h), and hands the evidence to screening in one transaction.
// (Jobs are kept fresh by job sync: on select, on a schedule and on job
// webhooks.) An event for a job that is not selected (bulk mode, or
// unselected since) is dropped: nothing is screened.
//
// A résumé download that fails transiently (5xx, 429, timeout, a dropped
// connection) is retried: a few times at once (a 429's Retry-After honoured
// when short), then by handing the work item back to the queue (backoff,
// Retry-After), up to the item's last attempt. Only then, or when the
// résumé truly cannot be had (the link refused after a fresh one, too large,
// a PDF the sandbox refuses), the evidence is stored with a résumé problem
// marked for review: screening makes that result needs_review with the
// reason. A candidate without a résumé is screened on what they sent.
#pragma once

#include <algorithm>
#include <semaphore>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/queue.h"
#include "common/teamtailor_client.h"
#include "services/ingest/ingest_store.h"
#include "services/ingest/jobs_store.h"
#include "services/ingest/metrics.h"
#include "services/ingest/pdf_sandbox.h"

namespace clara::ingest {

struct ResumeOptions {
  PdfSandboxOptions pdf;
  // PDF helpers running at once in this process (each may use up to
  // pdf.memory_bytes): the container's memory limit must hold them all.
  int pdf_concurrency = 2;
  // Download tries within one work-item attempt (transient errors only).
  int download_tries = 3;
  // A 429's Retry-After longer than this hands the item back to the queue.
  absl::Duration max_inline_wait = absl::Seconds(5);
  // The first wait between tries (doubled each time).
  absl::Duration retry_wait = absl::Milliseconds(500);
};

// What became of a candidate's résumé.
struct ResumeOutcome {
  std::string text;
  // Why there is no text ("no résumé", or a reason for the recruiter).
  std::string problem;
  // The candidate has a résumé CLARA could not read: a person must review.
  bool needs_review = false;
};

class EvidenceFetcher {
 public:
  EvidenceFetcher(IngestStore* store, JobsStore* jobs, teamtailor::Client* client, IngestMetrics* metrics,
                  ResumeOptions options)
      : store_(store),
        jobs_(jobs),
        client_(client),
        metrics_(metrics),
        options_(std::move(options)),
        pdf_slots_(std::clamp(options_.pdf_concurrency, 1, 64)) {}

  // The worker handler. Returns the status that decides retry vs dead (see
  // common/worker.h): a disconnected integration or an unknown event is
  // permanent; Teamtailor being unavailable or rate limiting is retried.
  absl::Status Handle(const queue::WorkItem& item);

 private:
  // Downloads and extracts the résumé. An error status is transient (retry
  // the item); everything else is an outcome, possibly with a problem.
  absl::StatusOr<ResumeOutcome> FetchResume(const std::string& api_key, int64_t candidate_id,
                                            const std::string& event_url);
  // One download with the in-attempt retries of transient errors.
  absl::StatusOr<std::string> Download(const std::string& url);

  IngestStore* store_;
  JobsStore* jobs_;
  teamtailor::Client* client_;
  IngestMetrics* metrics_;
  ResumeOptions options_;
  std::counting_semaphore<64> pdf_slots_;
};

// True for errors that may pass (5xx, 429, timeouts, dropped connections).
bool IsTransientDownloadError(const absl::Status& status);

}  // namespace clara::ingest
