#include "services/ingest/job_sync.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/status.h"
#include "common/teamtailor_json.h"

namespace clara::ingest {

using teamtailor::JobFromJsonApi;

namespace {

namespace iv1 = ::clara::integrations::v1;

int64_t IdOf(const nlohmann::json& r) {
  int64_t id = 0;
  if (r.contains("id") && r["id"].is_string()) absl::SimpleAtoi(r["id"].get<std::string>(), &id);
  return id;
}

}  // namespace

absl::Status JobSync::SyncOneWithKey(const std::string& integration_id, const std::string& api_key, int64_t job_id) {
  CLARA_ASSIGN_OR_RETURN(
      nlohmann::json doc,
      client_->Get(api_key, absl::StrCat("/jobs/", job_id, "?include=questions,picked-questions,locations")));
  // Included records carry no linkage (no nested includes in the contract):
  // the job's picked questions, each with its question's linkage
  // (include=question), come through the job's relationship and replace the
  // included ones, so JobFromJsonApi sees which question is mandatory.
  CLARA_ASSIGN_OR_RETURN(
      nlohmann::json picked,
      client_->Get(api_key, absl::StrCat("/jobs/", job_id, "/picked-questions?include=question&page%5Bsize%5D=30")));
  if (picked.contains("data") && picked["data"].is_array()) {
    nlohmann::json included = nlohmann::json::array();
    if (doc.contains("included") && doc["included"].is_array()) {
      for (auto& r : doc["included"]) {
        if (!(r.is_object() && r.value("type", "") == "picked-questions")) included.push_back(std::move(r));
      }
    }
    for (auto& r : picked["data"]) included.push_back(std::move(r));
    doc["included"] = std::move(included);
  }
  CLARA_ASSIGN_OR_RETURN(screening::v1::Job job, JobFromJsonApi(doc));
  CLARA_ASSIGN_OR_RETURN(nlohmann::json stages, client_->Get(api_key, absl::StrCat("/jobs/", job_id, "/stages")));
  iv1::RemoteJob remote;
  const nlohmann::json attrs = doc["data"].value("attributes", nlohmann::json::object());
  remote.set_job_id(job.id());
  remote.set_title(job.title());
  remote.set_status(attrs.value("status", ""));
  remote.set_language_code(job.language_code());
  if (stages.contains("data") && stages["data"].is_array()) {
    for (const auto& s : stages["data"]) {
      const nlohmann::json a = s.value("attributes", nlohmann::json::object());
      iv1::Stage* stage = remote.add_stages();
      stage->set_id(IdOf(s));
      stage->set_name(a.value("name", ""));
      stage->set_stage_type(a.value("stage-type", ""));
      if (a.contains("row-order") && a["row-order"].is_number_integer()) stage->set_row_order(a["row-order"].get<int>());
    }
  }
  return jobs_->Upsert(integration_id, remote, job);
}

absl::Status JobSync::SyncOne(const std::string& integration_id, int64_t job_id) {
  CLARA_ASSIGN_OR_RETURN(std::string api_key, integrations_->ApiKey(integration_id));
  absl::Status s = SyncOneWithKey(integration_id, api_key, job_id);
  if (absl::IsNotFound(s)) CLARA_RETURN_IF_ERROR(jobs_->MarkDeleted(integration_id, job_id));
  return s;
}

absl::StatusOr<int> JobSync::Pull(const std::string& integration_id, const std::string& first_page) {
  CLARA_ASSIGN_OR_RETURN(std::string api_key, integrations_->ApiKey(integration_id));
  const absl::Time started = absl::Now();
  int stored = 0;
  std::string next = first_page;
  for (int page = 0; !next.empty() && page < 1000; ++page) {
    CLARA_ASSIGN_OR_RETURN(nlohmann::json doc, client_->Get(api_key, next));
    if (doc.contains("data") && doc["data"].is_array()) {
      for (const auto& j : doc["data"]) {
        absl::Status s = SyncOneWithKey(integration_id, api_key, IdOf(j));
        if (absl::IsNotFound(s)) continue;  // deleted between list and read
        CLARA_RETURN_IF_ERROR(s);
        ++stored;
      }
    }
    next = doc.contains("links") && doc["links"].is_object() && doc["links"].contains("next") &&
                   doc["links"]["next"].is_string()
               ? doc["links"]["next"].get<std::string>()
               : "";
  }
  // The start time, not the end: a job changed during the pull is pulled again.
  CLARA_RETURN_IF_ERROR(jobs_->SetLastSync(integration_id, started));
  log::Info("jobs synced", {{"integration_id", integration_id}, {"jobs", stored}});
  return stored;
}

absl::StatusOr<int> JobSync::Full(const std::string& integration_id) {
  return Pull(integration_id, "/jobs?filter%5Bstatus%5D=all&page%5Bsize%5D=30");
}

absl::StatusOr<int> JobSync::Incremental(const std::string& integration_id) {
  CLARA_ASSIGN_OR_RETURN(absl::Time last, jobs_->LastSync(integration_id));
  if (last == absl::UnixEpoch()) return Full(integration_id);
  // A minute of overlap absorbs clock skew between us and Teamtailor.
  const std::string from = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", last - absl::Minutes(1), absl::UTCTimeZone());
  return Pull(integration_id,
              absl::StrCat("/jobs?filter%5Bstatus%5D=all&page%5Bsize%5D=30&filter%5Bupdated-at%5D%5Bfrom%5D=", from));
}

BackgroundJobs::BackgroundJobs(JobSync* sync, JobsStore* jobs, IngestStore* integrations,
                               absl::Duration sync_interval, absl::Duration erase_interval) {
  thread_ = std::thread([=, this] {
    const absl::Duration tick = std::min(sync_interval, erase_interval);
    absl::Time next_sync = absl::Now() + sync_interval, next_erase = absl::Now();
    do {
      const absl::Time now = absl::Now();
      if (now >= next_erase) {
        next_erase = now + erase_interval;
        auto erased = integrations->EraseExpired();
        if (!erased.ok()) log::Warning("retention sweep failed", {{"code", absl::StatusCodeToString(erased.status().code())}});
        else if (*erased > 0) log::Info("integrations erased after retention", {{"count", *erased}});
      }
      if (now >= next_sync) {
        next_sync = now + sync_interval;
        auto ids = jobs->ActiveIntegrations();
        for (const auto& id : ids.ok() ? *ids : std::vector<std::string>{}) {
          if (stop_.HasBeenNotified()) return;
          auto n = sync->Incremental(id);
          if (!n.ok()) {
            log::Warning("scheduled job sync failed",
                         {{"integration_id", id}, {"code", absl::StatusCodeToString(n.status().code())}});
          }
        }
      }
    } while (!stop_.WaitForNotificationWithTimeout(tick));
  });
}

BackgroundJobs::~BackgroundJobs() {
  stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

}  // namespace clara::ingest
