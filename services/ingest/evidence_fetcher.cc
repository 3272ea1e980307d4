#include "services/ingest/evidence_fetcher.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/status.h"
#include "services/ingest/pdf_text.h"
#include "common/teamtailor_json.h"

namespace clara::ingest {

using teamtailor::CandidateDetails;
using teamtailor::CandidateFromJsonApi;

namespace {
constexpr size_t kMaxResumeBytes = 20 << 20;
}  // namespace

std::string EvidenceFetcher::FetchResume(const std::string& api_key, int64_t candidate_id,
                                         const std::string& event_url, std::string* problem) {
  std::string url = event_url;
  absl::StatusOr<std::string> pdf = absl::NotFoundError("no résumé URL");
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (url.empty() || attempt == 1) {
      // Expired or absent: a fresh signed URL comes with the candidate.
      auto doc = client_->Get(api_key, absl::StrCat("/candidates/", candidate_id));
      if (!doc.ok()) {
        *problem = "candidate could not be re-read for a fresh résumé URL";
        metrics_->resumes->Add({{"outcome", "reread_failed"}}).Increment();
        return "";
      }
      auto details = CandidateFromJsonApi(*doc, 0);
      url = details.ok() ? details->resume_url : "";
      if (url.empty()) {
        *problem = "no résumé";
        metrics_->resumes->Add({{"outcome", "none"}}).Increment();
        return "";
      }
    }
    pdf = client_->Download(url, kMaxResumeBytes);
    if (pdf.ok()) break;
    if (!absl::IsPermissionDenied(pdf.status()) && !absl::IsNotFound(pdf.status())) break;
    metrics_->resumes->Add({{"outcome", "url_expired"}}).Increment();
  }
  if (!pdf.ok()) {
    *problem = absl::IsOutOfRange(pdf.status()) ? "résumé too large" : "résumé could not be downloaded";
    metrics_->resumes->Add({{"outcome", "download_failed"}}).Increment();
    return "";
  }
  auto text = ExtractPdfText(*pdf);
  if (!text.ok()) {
    *problem = std::string(text.status().message());
    metrics_->resumes->Add({{"outcome", "unreadable"}}).Increment();
    return "";
  }
  metrics_->resumes->Add({{"outcome", "extracted"}}).Increment();
  return *text;
}

absl::Status EvidenceFetcher::Handle(const queue::WorkItem& item) {
  v1::ResumeTask task;
  if (!task.ParseFromString(item.payload)) return absl::InvalidArgumentError("corrupt résumé task");
  CLARA_ASSIGN_OR_RETURN(v1::PartnerEvent event, store_->LoadEvent(task.integration_id(), task.event_id()));
  CLARA_ASSIGN_OR_RETURN(std::string api_key, store_->ApiKey(task.integration_id()));
  const auto& candidate = event.candidate();

  // The body is not signed: what matters is re-read from the API.
  CLARA_ASSIGN_OR_RETURN(nlohmann::json candidate_doc,
                         client_->Get(api_key, absl::StrCat("/candidates/", candidate.id(), "?include=job-applications")));
  CLARA_ASSIGN_OR_RETURN(CandidateDetails details, CandidateFromJsonApi(candidate_doc, candidate.job().id()));
  const int64_t job_id = candidate.job().id() != 0 ? candidate.job().id() : details.job_id;
  if (job_id == 0) return absl::FailedPreconditionError("the event names no job and the candidate has no application");

  std::string problem;
  // Prefer the event's URL (fresh), else the one just read.
  const std::string url = !candidate.resume().url().empty() ? candidate.resume().url() : details.resume_url;
  std::string resume_text = FetchResume(api_key, candidate.id(), url, &problem);
  v1::StoredEvidence evidence = teamtailor::StoredEvidenceFor(event, details, std::move(resume_text), problem);
  *evidence.mutable_fetched_at() = google::protobuf::util::TimeUtil::GetCurrentTime();

  CLARA_ASSIGN_OR_RETURN(bool selected, jobs_->IsSelected(task.integration_id(), job_id));
  if (!selected) {
    log::Warning("event for a job CLARA does not screen dropped", {{"event_id", event.id()}, {"job_id", job_id}});
    return absl::OkStatus();
  }

  CLARA_ASSIGN_OR_RETURN(bool enqueued, store_->StoreEvidence(task.integration_id(), event, job_id, evidence));
  log::Info("evidence stored", {{"event_id", event.id()},
                                {"integration_id", task.integration_id()},
                                {"resume_chars", evidence.resume_text().size()},
                                {"resume_problem", problem},
                                {"screening_enqueued", enqueued}});
  return absl::OkStatus();
}

}  // namespace clara::ingest
