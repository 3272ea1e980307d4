#include "services/ingest/integration_service.h"

#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/log.h"
#include "common/server.h"
#include "common/status.h"

namespace clara::ingest {
namespace {
namespace iv1 = ::clara::integrations::v1;

std::string RegionName(common::v1::Region r) {
  switch (r) {
    case common::v1::REGION_NA: return "na";
    case common::v1::REGION_AU: return "au";
    default: return "eu";
  }
}
}  // namespace


absl::Status ValidateAdminKey(teamtailor::Client& client, const std::string& api_key) {
  auto users = client.Get(api_key, "/users?page%5Bsize%5D=1");
  if (absl::IsUnauthenticated(users.status())) {
    return absl::UnauthenticatedError("Teamtailor refused the API key: check that it was copied whole and is not revoked");
  }
  if (!users.ok() && !absl::IsPermissionDenied(users.status())) {
    return absl::UnavailableError(absl::StrCat("could not reach Teamtailor to check the key: ", users.status().message()));
  }
  auto candidates = client.Get(api_key, "/candidates?page%5Bsize%5D=1");
  if (absl::IsPermissionDenied(candidates.status())) {
    return absl::PermissionDeniedError(
        "the API key lacks Admin scope: in Teamtailor create a key with scope Admin and read+write access");
  }
  if (!candidates.ok()) {
    return absl::UnavailableError(absl::StrCat("could not check the key's scope: ", candidates.status().message()));
  }
  // A deliberately invalid write: a read-only key is refused (403) before the
  // body is validated (422); nothing is created either way.
  auto probe = client.Post(api_key, "/custom-field-values",
                           {{"data", {{"type", "custom-field-values"}, {"attributes", nlohmann::json::object()}}}});
  if (absl::IsPermissionDenied(probe.status())) {
    return absl::PermissionDeniedError(
        "the API key is read-only: CLARA writes results back, so the key needs Admin read+write access");
  }
  if (!probe.ok() && !absl::IsInvalidArgument(probe.status())) {
    return absl::UnavailableError(absl::StrCat("could not check the key's write access: ", probe.status().message()));
  }
  return absl::OkStatus();
}

grpc::Status IntegrationServiceImpl::Done(const char* method, const absl::Status& status) {
  return server::Reply(metrics_->grpc_requests, method, status);
}

grpc::Status IntegrationServiceImpl::Connect(grpc::ServerContext*, const iv1::ConnectRequest* req,
                                             iv1::ConnectResponse* resp) {
  absl::Status status = [&]() -> absl::Status {
    if (req->api_key().empty()) return absl::InvalidArgumentError("api_key is required (a Teamtailor Admin API key)");
    if (req->integration_key().empty()) {
      return absl::InvalidArgumentError("integration_key is required (Teamtailor → Settings → Integrations → Marketplace → CLARA)");
    }
    if (req->api_key().size() > 256 || req->integration_key().size() > 2048) {
      return absl::InvalidArgumentError("a key is longer than any Teamtailor key");
    }
    CLARA_RETURN_IF_ERROR(ValidateAdminKey(*client_, req->api_key()));
    CLARA_ASSIGN_OR_RETURN(*resp->mutable_integration(),
                           store_->Connect(req->api_key(), req->integration_key(), req->company_name(),
                                           RegionName(req->region())));
    log::Info("integration connected", {{"integration_id", resp->integration().id()}});
    return absl::OkStatus();
  }();
  return Done("Connect", status);
}

grpc::Status IntegrationServiceImpl::GetIntegration(grpc::ServerContext*, const iv1::GetIntegrationRequest* req,
                                                    iv1::GetIntegrationResponse* resp) {
  absl::Status status = [&]() -> absl::Status {
    if (!IsUuid(req->integration_id())) return absl::NotFoundError("no such integration");
    CLARA_ASSIGN_OR_RETURN(*resp->mutable_integration(), store_->Get(req->integration_id()));
    return absl::OkStatus();
  }();
  return Done("GetIntegration", status);
}

grpc::Status IntegrationServiceImpl::Disconnect(grpc::ServerContext*, const iv1::DisconnectRequest* req,
                                                iv1::DisconnectResponse* resp) {
  absl::Status status = [&]() -> absl::Status {
    if (!IsUuid(req->integration_id())) return absl::NotFoundError("no such integration");
    absl::Duration retention = absl::Hours(24 * 30);
    if (req->has_retention()) {
      retention = absl::Seconds(req->retention().seconds());
      if (retention < absl::ZeroDuration() || retention > absl::Hours(24 * 365)) {
        return absl::InvalidArgumentError("retention must be between 0 and 365 days");
      }
    }
    CLARA_ASSIGN_OR_RETURN(*resp->mutable_integration(), store_->Disconnect(req->integration_id(), retention));
    log::Info("integration disconnected", {{"integration_id", req->integration_id()}});
    return absl::OkStatus();
  }();
  return Done("Disconnect", status);
}

absl::Status IntegrationServiceImpl::CheckIntegration(const std::string& id) {
  if (!IsUuid(id)) return absl::NotFoundError("no such integration");
  CLARA_ASSIGN_OR_RETURN(iv1::Integration integration, store_->Get(id));
  if (integration.status() != iv1::INTEGRATION_STATUS_ACTIVE) {
    return absl::FailedPreconditionError("the integration is disconnected; Reconnect it first");
  }
  return absl::OkStatus();
}

grpc::Status IntegrationServiceImpl::Reconnect(grpc::ServerContext*, const iv1::ReconnectRequest* req,
                                               iv1::ReconnectResponse* resp) {
  return Done("Reconnect", [&]() -> absl::Status {
    if (!IsUuid(req->integration_id())) return absl::NotFoundError("no such integration");
    if (req->api_key().empty() || req->integration_key().empty()) {
      return absl::InvalidArgumentError("api_key and integration_key are required");
    }
    CLARA_RETURN_IF_ERROR(ValidateAdminKey(*client_, req->api_key()));
    CLARA_ASSIGN_OR_RETURN(*resp->mutable_integration(),
                           store_->Reconnect(req->integration_id(), req->api_key(), req->integration_key()));
    log::Info("integration reconnected", {{"integration_id", req->integration_id()}});
    return absl::OkStatus();
  }());
}

grpc::Status IntegrationServiceImpl::ListRemoteJobs(grpc::ServerContext*, const iv1::ListRemoteJobsRequest* req,
                                                    iv1::ListRemoteJobsResponse* resp) {
  return Done("ListRemoteJobs", [&]() -> absl::Status {
    CLARA_RETURN_IF_ERROR(CheckIntegration(req->integration_id()));
    CLARA_ASSIGN_OR_RETURN(std::string api_key, store_->ApiKey(req->integration_id()));
    CLARA_ASSIGN_OR_RETURN(auto known, jobs_->List(req->integration_id()));
    std::map<int64_t, iv1::RemoteJob> synced;
    for (auto& j : known) synced[j.job_id()] = std::move(j);
    std::string next = "/jobs?filter%5Bstatus%5D=all&page%5Bsize%5D=30";
    for (int page = 0; !next.empty() && page < 1000; ++page) {
      CLARA_ASSIGN_OR_RETURN(nlohmann::json doc, client_->Get(api_key, next));
      for (const auto& j : doc.value("data", nlohmann::json::array())) {
        iv1::RemoteJob* out = resp->add_jobs();
        int64_t id = 0;
        if (j.contains("id") && j["id"].is_string()) absl::SimpleAtoi(j["id"].get<std::string>(), &id);
        const nlohmann::json a = j.value("attributes", nlohmann::json::object());
        if (auto it = synced.find(id); it != synced.end()) *out = it->second;  // stages, selection
        out->set_job_id(id);
        out->set_title(a.value("title", ""));
        out->set_status(a.value("status", ""));
        out->set_language_code(a.contains("language-code") && a["language-code"].is_string()
                                   ? a["language-code"].get<std::string>()
                                   : "");
      }
      next = doc.contains("links") && doc["links"].is_object() && doc["links"].contains("next") &&
                     doc["links"]["next"].is_string()
                 ? doc["links"]["next"].get<std::string>()
                 : "";
    }
    return absl::OkStatus();
  }());
}

grpc::Status IntegrationServiceImpl::SelectJobs(grpc::ServerContext*, const iv1::SelectJobsRequest* req,
                                                iv1::SelectJobsResponse* resp) {
  return Done("SelectJobs", [&]() -> absl::Status {
    CLARA_RETURN_IF_ERROR(CheckIntegration(req->integration_id()));
    if (req->job_ids().empty()) return absl::InvalidArgumentError("job_ids is empty");
    std::vector<int64_t> ids(req->job_ids().begin(), req->job_ids().end());
    // Sync each first: a job selected is a job whose ad, stages and questions CLARA has.
    for (int64_t id : ids) {
      absl::Status s = sync_->SyncOne(req->integration_id(), id);
      if (absl::IsNotFound(s)) return absl::NotFoundError(absl::StrCat("Teamtailor has no job ", id));
      CLARA_RETURN_IF_ERROR(s);
    }
    CLARA_RETURN_IF_ERROR(jobs_->SetSelected(req->integration_id(), ids, true));
    CLARA_ASSIGN_OR_RETURN(auto jobs, jobs_->List(req->integration_id()));
    for (auto& j : jobs) if (j.selected()) *resp->add_jobs() = std::move(j);
    return absl::OkStatus();
  }());
}

grpc::Status IntegrationServiceImpl::UnselectJobs(grpc::ServerContext*, const iv1::UnselectJobsRequest* req,
                                                  iv1::UnselectJobsResponse* resp) {
  return Done("UnselectJobs", [&]() -> absl::Status {
    CLARA_RETURN_IF_ERROR(CheckIntegration(req->integration_id()));
    if (req->job_ids().empty()) return absl::InvalidArgumentError("job_ids is empty");
    CLARA_RETURN_IF_ERROR(jobs_->SetSelected(req->integration_id(),
                                             std::vector<int64_t>(req->job_ids().begin(), req->job_ids().end()), false));
    CLARA_ASSIGN_OR_RETURN(auto jobs, jobs_->List(req->integration_id()));
    for (auto& j : jobs) if (j.selected()) *resp->add_jobs() = std::move(j);
    return absl::OkStatus();
  }());
}

grpc::Status IntegrationServiceImpl::SyncJobs(grpc::ServerContext*, const iv1::SyncJobsRequest* req,
                                              iv1::SyncJobsResponse* resp) {
  return Done("SyncJobs", [&]() -> absl::Status {
    CLARA_RETURN_IF_ERROR(CheckIntegration(req->integration_id()));
    CLARA_ASSIGN_OR_RETURN(int n, req->full() ? sync_->Full(req->integration_id())
                                              : sync_->Incremental(req->integration_id()));
    resp->set_jobs_synced(n);
    CLARA_ASSIGN_OR_RETURN(absl::Time at, jobs_->LastSync(req->integration_id()));
    resp->mutable_synced_at()->set_seconds(absl::ToUnixSeconds(at));
    return absl::OkStatus();
  }());
}

absl::Status ValidateMapActions(const iv1::MapActionConfig& config, const std::vector<iv1::RemoteJob>& jobs) {
  std::vector<const iv1::RemoteJob*> selected;
  for (const auto& j : jobs) if (j.selected()) selected.push_back(&j);
  std::set<iv1::Outcome> seen;
  for (const auto& rule : config.rules()) {
    if (rule.outcome() == iv1::OUTCOME_UNSPECIFIED) return absl::InvalidArgumentError("a rule has no outcome");
    if (!seen.insert(rule.outcome()).second) {
      return absl::InvalidArgumentError(absl::StrCat("outcome ", iv1::Outcome_Name(rule.outcome()), " appears twice"));
    }
    for (const auto& action : rule.actions()) {
      switch (action.action_case()) {
        case iv1::MapAction::kMoveToStage: {
          const auto& move = action.move_to_stage();
          if (move.stage_name().empty() && move.stage_id() == 0) {
            return absl::InvalidArgumentError("move_to_stage needs a stage_name or a stage_id");
          }
          if (selected.empty()) {
            return absl::FailedPreconditionError("select the jobs CLARA screens before mapping stage moves");
          }
          bool any = false;
          for (const auto* job : selected) {
            bool has = false;
            for (const auto& st : job->stages()) {
              has |= move.stage_id() != 0 ? st.id() == move.stage_id()
                                          : absl::EqualsIgnoreCase(st.name(), move.stage_name());
            }
            any |= has;
            if (!has && move.stage_id() == 0) {
              return absl::InvalidArgumentError(absl::StrCat("selected job ", job->job_id(), " (", job->title(),
                                                             ") has no stage named \"", move.stage_name(), "\""));
            }
          }
          if (!any) {
            return absl::InvalidArgumentError(absl::StrCat("no selected job has stage id ", move.stage_id()));
          }
          break;
        }
        case iv1::MapAction::kAddTags:
          if (action.add_tags().tags().empty()) return absl::InvalidArgumentError("add_tags has no tags");
          for (const auto& t : action.add_tags().tags()) {
            if (t.empty() || t.size() > 100) return absl::InvalidArgumentError("tags must be 1..100 characters");
          }
          break;
        case iv1::MapAction::kReject:
          if (rule.outcome() == iv1::OUTCOME_AWAITING_FOLLOW_UP) {
            return absl::InvalidArgumentError(
                "a candidate awaiting follow-up answers cannot be rejected: CLARA is still asking them");
          }
          if (!config.allow_automatic_rejection()) {
            return absl::FailedPreconditionError(
                "rejecting candidates automatically is off: a human should decide. Set "
                "allow_automatic_rejection only if your hiring process really wants CLARA to reject");
          }
          break;
        default:
          return absl::InvalidArgumentError("an action is empty");
      }
    }
  }
  return absl::OkStatus();
}

std::vector<std::string> DescribeActions(const iv1::MapActionConfig& config, iv1::Outcome outcome) {
  std::vector<std::string> out;
  for (const auto& rule : config.rules()) {
    if (rule.outcome() != outcome) continue;
    for (const auto& a : rule.actions()) {
      if (a.has_move_to_stage()) {
        out.push_back(a.move_to_stage().stage_name().empty()
                          ? absl::StrCat("move to stage ", a.move_to_stage().stage_id())
                          : absl::StrCat("move to ", a.move_to_stage().stage_name()));
      } else if (a.has_add_tags()) {
        out.push_back(absl::StrCat("add tags ", absl::StrJoin(a.add_tags().tags(), ", ")));
      } else if (a.has_reject()) {
        out.push_back("reject");
      }
    }
  }
  return out;
}

grpc::Status IntegrationServiceImpl::ConfigureMapActions(grpc::ServerContext*,
                                                         const iv1::ConfigureMapActionsRequest* req,
                                                         iv1::ConfigureMapActionsResponse* resp) {
  return Done("ConfigureMapActions", [&]() -> absl::Status {
    CLARA_RETURN_IF_ERROR(CheckIntegration(req->integration_id()));
    CLARA_ASSIGN_OR_RETURN(auto jobs, jobs_->List(req->integration_id()));
    CLARA_RETURN_IF_ERROR(ValidateMapActions(req->config(), jobs));
    CLARA_RETURN_IF_ERROR(store_->SetMapActions(req->integration_id(), req->config()));
    *resp->mutable_config() = req->config();
    return absl::OkStatus();
  }());
}

grpc::Status IntegrationServiceImpl::PreviewMapActions(grpc::ServerContext*, const iv1::PreviewMapActionsRequest* req,
                                                       iv1::PreviewMapActionsResponse* resp) {
  return Done("PreviewMapActions", [&]() -> absl::Status {
    CLARA_RETURN_IF_ERROR(CheckIntegration(req->integration_id()));
    iv1::MapActionConfig config = req->config();
    if (!req->has_config()) {
      CLARA_ASSIGN_OR_RETURN(config, store_->GetMapActions(req->integration_id()));
    } else {
      CLARA_ASSIGN_OR_RETURN(auto jobs, jobs_->List(req->integration_id()));
      CLARA_RETURN_IF_ERROR(ValidateMapActions(config, jobs));
    }
    if (req->limit() < 0 || req->limit() > 1000) return absl::InvalidArgumentError("limit must be 0..1000");
    CLARA_ASSIGN_OR_RETURN(auto rows, store_->RecentScreenings(req->integration_id(), req->limit() ? req->limit() : 200));
    for (const auto& r : rows) {
      iv1::PreviewRow* row = resp->add_rows();
      row->set_screening_id(r.id);
      row->set_candidate_id(r.candidate_id);
      row->set_job_id(r.job_id);
      row->set_outcome(r.qualification == "pre_qualified"   ? iv1::OUTCOME_PRE_QUALIFIED
                       : r.qualification == "not_qualified" ? iv1::OUTCOME_NOT_QUALIFIED
                                                            : iv1::OUTCOME_NEEDS_REVIEW);
      for (auto& a : DescribeActions(config, row->outcome())) {
        resp->set_would_move(resp->would_move() + (a.rfind("move", 0) == 0));
        resp->set_would_reject(resp->would_reject() + (a == "reject"));
        resp->set_would_tag(resp->would_tag() + (a.rfind("add tags", 0) == 0));
        row->add_actions(std::move(a));
      }
    }
    return absl::OkStatus();
  }());
}

absl::StatusOr<iv1::FollowUpPolicy> NormalizeFollowUpPolicy(iv1::FollowUpPolicy p) {
  if (p.when() == iv1::FOLLOW_UP_WHEN_UNSPECIFIED) {
    return absl::InvalidArgumentError("when is required: UNKNOWN_MUST_HAVE, GREY_ZONE or NEVER");
  }
  if (p.when() == iv1::FOLLOW_UP_WHEN_GREY_ZONE &&
      !(0 <= p.grey_zone_low() && p.grey_zone_low() < p.grey_zone_high() && p.grey_zone_high() <= 100)) {
    return absl::InvalidArgumentError("the grey zone needs 0 <= grey_zone_low < grey_zone_high <= 100");
  }
  if (p.max_questions() == 0) p.set_max_questions(3);
  if (p.max_questions() < 1 || p.max_questions() > 10) return absl::InvalidArgumentError("max_questions must be 1..10");
  if (!p.has_answer_timeout()) p.mutable_answer_timeout()->set_seconds(72 * 3600);
  if (p.answer_timeout().seconds() < 3600 || p.answer_timeout().seconds() > 30 * 24 * 3600) {
    return absl::InvalidArgumentError("answer_timeout must be between 1 hour and 30 days");
  }
  if (!p.language_code().empty() &&
      (p.language_code().size() != 2 || !absl::ascii_isalpha(p.language_code()[0]) ||
       !absl::ascii_isalpha(p.language_code()[1]))) {
    return absl::InvalidArgumentError("language_code must be empty (the job's language) or ISO 639-1, e.g. sv");
  }
  for (const auto& s : p.trigger_stage_names()) {
    if (s.empty()) return absl::InvalidArgumentError("trigger stage names must not be empty");
  }
  return p;
}

grpc::Status IntegrationServiceImpl::ConfigureFollowUps(grpc::ServerContext*,
                                                        const iv1::ConfigureFollowUpsRequest* req,
                                                        iv1::ConfigureFollowUpsResponse* resp) {
  return Done("ConfigureFollowUps", [&]() -> absl::Status {
    CLARA_RETURN_IF_ERROR(CheckIntegration(req->integration_id()));
    CLARA_ASSIGN_OR_RETURN(iv1::FollowUpPolicy policy, NormalizeFollowUpPolicy(req->policy()));
    if (policy.job_id() != 0) {
      CLARA_ASSIGN_OR_RETURN(auto jobs, jobs_->List(req->integration_id()));
      bool known = false;
      for (const auto& j : jobs) known |= j.job_id() == policy.job_id();
      if (!known) return absl::NotFoundError(absl::StrCat("job ", policy.job_id(), " is not synced"));
    }
    CLARA_RETURN_IF_ERROR(store_->SetFollowUpPolicy(req->integration_id(), policy));
    *resp->mutable_policy() = policy;
    return absl::OkStatus();
  }());
}

}  // namespace clara::ingest
