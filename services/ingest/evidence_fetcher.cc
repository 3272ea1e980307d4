#include "services/ingest/evidence_fetcher.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/status.h"
#include "common/teamtailor_json.h"

namespace clara::ingest {

using teamtailor::CandidateDetails;
using teamtailor::CandidateFromJsonApi;

namespace {

// The candidate and its applications (/candidates/{id}/job-applications
// ?include=job: only then does an application name its job).
absl::StatusOr<CandidateDetails> ReadCandidate(teamtailor::Client* client, const std::string& api_key,
                                               int64_t candidate_id, int64_t job_id) {
  CLARA_ASSIGN_OR_RETURN(nlohmann::json doc, client->Get(api_key, absl::StrCat("/candidates/", candidate_id)));
  CLARA_ASSIGN_OR_RETURN(
      nlohmann::json apps,
      client->Get(api_key, absl::StrCat("/candidates/", candidate_id, "/job-applications?include=job")));
  return CandidateFromJsonApi(doc, apps.contains("data") ? apps["data"] : nlohmann::json::array(), job_id);
}

// The candidate document alone (for a fresh résumé URL).
absl::StatusOr<CandidateDetails> CandidateOnly(const nlohmann::json& doc) {
  return CandidateFromJsonApi(doc, nlohmann::json::array(), 0);
}

}  // namespace

bool IsTransientDownloadError(const absl::Status& s) {
  return absl::IsUnavailable(s) || absl::IsResourceExhausted(s) || absl::IsDeadlineExceeded(s) ||
         absl::IsUnknown(s) || absl::IsInternal(s) || absl::IsAborted(s);
}

absl::StatusOr<std::string> EvidenceFetcher::Download(const std::string& url) {
  absl::Duration wait = options_.retry_wait;
  for (int attempt = 1;; ++attempt) {
    absl::StatusOr<std::string> pdf = client_->Download(url, options_.pdf.max_input_bytes);
    if (pdf.ok() || !IsTransientDownloadError(pdf.status())) return pdf;
    metrics_->resumes->Add({{"outcome", "download_retry"}}).Increment();
    log::Warning("résumé download failed; retrying",
                 {{"code", absl::StatusCodeToString(pdf.status().code())}, {"try", attempt}});
    if (attempt >= options_.download_tries) return pdf.status();
    const absl::Duration retry_after = GetRetryAfter(pdf.status()).value_or(absl::ZeroDuration());
    if (retry_after > options_.max_inline_wait) return pdf.status();  // the queue waits it out
    absl::SleepFor(std::max(wait, retry_after));
    wait *= 2;
  }
}

absl::StatusOr<ResumeOutcome> EvidenceFetcher::FetchResume(const std::string& api_key, int64_t candidate_id,
                                                           const std::string& event_url) {
  std::string url = event_url;
  absl::StatusOr<std::string> pdf = absl::NotFoundError("no résumé URL");
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (url.empty() || attempt == 1) {
      // Expired or absent: a fresh signed URL comes with the candidate.
      auto doc = client_->Get(api_key, absl::StrCat("/candidates/", candidate_id));
      if (!doc.ok()) {
        if (IsTransientDownloadError(doc.status())) return doc.status();
        metrics_->resumes->Add({{"outcome", "reread_failed"}}).Increment();
        return ResumeOutcome{.text = "",
                             .problem = "The candidate could not be re-read from Teamtailor for a fresh résumé link.",
                             .needs_review = true};
      }
      auto details = CandidateOnly(*doc);
      url = details.ok() ? details->resume_url : "";
      if (url.empty()) {
        metrics_->resumes->Add({{"outcome", "none"}}).Increment();
        return ResumeOutcome{.text = "", .problem = "no résumé", .needs_review = false};
      }
    }
    pdf = Download(url);
    if (pdf.ok()) break;
    if (!absl::IsPermissionDenied(pdf.status()) && !absl::IsNotFound(pdf.status())) break;
    metrics_->resumes->Add({{"outcome", "url_expired"}}).Increment();
  }
  if (!pdf.ok()) {
    if (IsTransientDownloadError(pdf.status())) return pdf.status();
    metrics_->resumes->Add({{"outcome", "download_failed"}}).Increment();
    std::string why = "The résumé could not be downloaded from Teamtailor (the request was refused).";
    if (absl::IsOutOfRange(pdf.status())) {
      why = absl::StrCat("The résumé file is larger than ", options_.pdf.max_input_bytes >> 20 > 0
                                                                ? absl::StrCat(options_.pdf.max_input_bytes >> 20, " MiB")
                                                                : absl::StrCat(options_.pdf.max_input_bytes, " bytes"),
                         ".");
    } else if (absl::IsPermissionDenied(pdf.status()) || absl::IsNotFound(pdf.status())) {
      why = "Teamtailor refused the résumé link, also a fresh one (expired or removed).";
    }
    return ResumeOutcome{.text = "", .problem = why, .needs_review = true};
  }
  pdf_slots_.acquire();
  absl::StatusOr<PdfTextResult> sandboxed = ExtractPdfTextSandboxed(*pdf, options_.pdf);
  pdf_slots_.release();
  CLARA_ASSIGN_OR_RETURN(PdfTextResult text, std::move(sandboxed));
  metrics_->pdf_texts->Add({{"outcome", text.outcome}}).Increment();
  if (!text.problem.empty()) {
    metrics_->resumes->Add({{"outcome", "unreadable"}}).Increment();
    return ResumeOutcome{.text = "", .problem = text.problem, .needs_review = true};
  }
  metrics_->resumes->Add({{"outcome", "extracted"}}).Increment();
  return ResumeOutcome{.text = std::move(text.text), .problem = "", .needs_review = false};
}

absl::Status EvidenceFetcher::Handle(const queue::WorkItem& item) {
  v1::ResumeTask task;
  if (!task.ParseFromString(item.payload)) return absl::InvalidArgumentError("corrupt résumé task");
  CLARA_ASSIGN_OR_RETURN(v1::PartnerEvent event, store_->LoadEvent(task.integration_id(), task.event_id()));
  CLARA_ASSIGN_OR_RETURN(std::string api_key, store_->ApiKey(task.integration_id()));
  const auto& candidate = event.candidate();

  // The body is not signed: what matters is re-read from the API.
  CLARA_ASSIGN_OR_RETURN(CandidateDetails details,
                         ReadCandidate(client_, api_key, candidate.id(), candidate.job().id()));
  const int64_t job_id = candidate.job().id() != 0 ? candidate.job().id() : details.job_id;
  if (job_id == 0) return absl::FailedPreconditionError("the event names no job and the candidate has no application");

  // Prefer the event's URL (fresh), else the one just read.
  const std::string url = !candidate.resume().url().empty() ? candidate.resume().url() : details.resume_url;
  absl::StatusOr<ResumeOutcome> resume = FetchResume(api_key, candidate.id(), url);
  if (!resume.ok()) {
    // Transient: the queue retries (backoff, Retry-After) until the item's
    // last attempt; then the résumé is a problem and screening goes on.
    if (item.attempts < item.max_attempts) return resume.status();
    metrics_->resumes->Add({{"outcome", "download_failed"}}).Increment();
    resume = ResumeOutcome{
        .text = "",
        .problem = absl::StrCat(absl::IsUnavailable(resume.status()) && absl::StrContains(resume.status().message(), "PDF helper")
                                    ? "The résumé could not be processed (the PDF reader was unavailable)"
                                    : "Teamtailor did not deliver the résumé file (server errors, rate limits or timeouts)",
                                " after ", item.attempts, " attempts."),
        .needs_review = true};
  }
  v1::StoredEvidence evidence = teamtailor::StoredEvidenceFor(event, details, std::move(resume->text), resume->problem);
  evidence.set_resume_needs_review(resume->needs_review);
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
                                {"resume_problem", resume->problem},
                                {"resume_needs_review", resume->needs_review},
                                {"screening_enqueued", enqueued}});
  return absl::OkStatus();
}

}  // namespace clara::ingest
