#include "services/screening/screening_service.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/proto_util.h"
#include "common/server.h"
#include "common/status.h"

namespace clara::screening {
namespace {


const char* VerdictText(v1::Verdict v) {
  switch (v) {
    case v1::VERDICT_MET: return "met";
    case v1::VERDICT_PARTIAL: return "partly met";
    case v1::VERDICT_MISSING: return "not met";
    default: return "could not be judged from the application";
  }
}

bool SameRules(const google::protobuf::RepeatedPtrField<v1::KnockoutRule>& a,
               const google::protobuf::RepeatedPtrField<v1::KnockoutRule>& b) {
  if (a.size() != b.size()) return false;
  for (int i = 0; i < a.size(); ++i) {
    if (DeterministicBytes(a[i]) != DeterministicBytes(b[i])) return false;
  }
  return true;
}

bool SameCriteria(const v1::Rubric& a, const v1::Rubric& b) {
  if (a.criteria_size() != b.criteria_size() || a.language_code() != b.language_code()) return false;
  for (int i = 0; i < a.criteria_size(); ++i) {
    if (DeterministicBytes(a.criteria(i)) != DeterministicBytes(b.criteria(i))) return false;
  }
  return true;
}

}  // namespace

std::string Explain(const v1::ScreeningResult& result) {
  std::string out = absl::StrCat("Score ", result.score(), "/100. ", result.summary(), "\n");
  for (const auto& c : result.criteria()) {
    absl::StrAppend(&out, "\n- ", c.label(), c.requirement() == v1::REQUIREMENT_MUST ? " (required)" : " (nice to have)",
                    ": ", VerdictText(c.verdict()), ".");
    if (!c.explanation().empty()) absl::StrAppend(&out, " ", c.explanation());
    for (const auto& e : c.evidence()) absl::StrAppend(&out, " Evidence: \"", e.quote(), "\".");
  }
  absl::StrAppend(&out, "\n\nThis assessment was made by an automated system (", result.engine_version(),
                  ") and is reviewed by a recruiter; you can ask for a human review at any time.\n");
  return out;
}

grpc::Status ScreeningServiceImpl::Done(const char* method, const absl::Status& status) {
  return server::Reply(metrics_->grpc_requests, method, status);
}

grpc::Status ScreeningServiceImpl::GetScreening(grpc::ServerContext*, const v1::GetScreeningRequest* req,
                                                v1::GetScreeningResponse* resp) {
  return Done("GetScreening", [&]() -> absl::Status {
    if (!IsUuid(req->integration_id()) || !IsUuid(req->screening_id())) return absl::NotFoundError("no such screening");
    CLARA_ASSIGN_OR_RETURN(*resp->mutable_screening(), store_->Get(req->integration_id(), req->screening_id()));
    return absl::OkStatus();
  }());
}

grpc::Status ScreeningServiceImpl::ListScreenings(grpc::ServerContext*, const v1::ListScreeningsRequest* req,
                                                  v1::ListScreeningsResponse* resp) {
  return Done("ListScreenings", [&]() -> absl::Status {
    if (req->page_size() < 0 || req->page_size() > 100) return absl::InvalidArgumentError("page_size must be 0..100");
    if (!IsUuid(req->integration_id())) return absl::OkStatus();  // an empty page, as for any unknown tenant
    const int size = req->page_size() == 0 ? 20 : req->page_size();
    CLARA_ASSIGN_OR_RETURN(auto rows, store_->List(req->integration_id(), req->job_id(), size, req->page_token(),
                                                   resp->mutable_next_page_token()));
    for (auto& s : rows) *resp->add_screenings() = std::move(s);
    return absl::OkStatus();
  }());
}

grpc::Status ScreeningServiceImpl::ScoreCandidate(grpc::ServerContext*, const v1::ScoreCandidateRequest* req,
                                                  v1::ScoreCandidateResponse* resp) {
  return Done("ScoreCandidate", [&]() -> absl::Status {
    v1::Rubric rubric;
    if (req->has_job()) {
      CLARA_ASSIGN_OR_RETURN(rubric, engine_->DeriveRubric(req->job()));
    } else if (req->has_rubric()) {
      rubric = req->rubric();
      rubric.set_content_hash(engine_->RubricHash(rubric));
    } else {
      return absl::InvalidArgumentError("give a job or a rubric");
    }
    CLARA_ASSIGN_OR_RETURN(auto compiled, engine_->Compile(rubric));
    absl::Time as_of = absl::Now();
    if (req->has_as_of()) {
      as_of = absl::FromUnixSeconds(google::protobuf::util::TimeUtil::TimestampToSeconds(req->as_of()));
    }
    // The evidence type has no identifier fields; free text is still scrubbed.
    RawCandidate raw;
    raw.resume_text = req->evidence().resume_text();
    raw.pitch = req->evidence().pitch();
    raw.cover_letter = req->evidence().cover_letter();
    raw.answers.assign(req->evidence().answers().begin(), req->evidence().answers().end());
    v1::CandidateEvidence evidence = engine_->Deidentify(raw);
    *evidence.mutable_custom_fields() = req->evidence().custom_fields();
    *resp->mutable_result() =
        engine_->Score(*compiled, evidence, absl::ToCivilDay(as_of, absl::UTCTimeZone()), ScoreOptions{});
    *resp->mutable_rubric() = rubric;
    return absl::OkStatus();
  }());
}

grpc::Status ScreeningServiceImpl::GetRubric(grpc::ServerContext*, const v1::GetRubricRequest* req,
                                             v1::GetRubricResponse* resp) {
  return Done("GetRubric", [&]() -> absl::Status {
    if (!IsUuid(req->integration_id())) return absl::NotFoundError("no such rubric");
    if (req->version() < 0) return absl::InvalidArgumentError("version must be >= 0 (0 = newest)");
    CLARA_ASSIGN_OR_RETURN(*resp->mutable_rubric(),
                           store_->GetRubric(req->integration_id(), req->job_id(), req->version()));
    // Suggestions for the job as it is now; a job no longer stored has none.
    auto job = store_->LoadJob(req->integration_id(), req->job_id());
    if (job.ok()) {
      for (auto& r : engine_->SuggestKnockoutRules(*job, resp->rubric())) {
        *resp->add_suggested_knockout_rules() = std::move(r);
      }
    } else if (!absl::IsNotFound(job.status())) {
      return job.status();
    }
    return absl::OkStatus();
  }());
}

grpc::Status ScreeningServiceImpl::UpdateRubric(grpc::ServerContext*, const v1::UpdateRubricRequest* req,
                                                v1::UpdateRubricResponse* resp) {
  return Done("UpdateRubric", [&]() -> absl::Status {
    if (!IsUuid(req->integration_id())) return absl::NotFoundError("no such rubric");
    v1::Rubric rubric = req->rubric();
    if (rubric.job_id() <= 0) return absl::InvalidArgumentError("rubric.job_id is required");
    CLARA_ASSIGN_OR_RETURN(v1::Rubric current, store_->GetRubric(req->integration_id(), rubric.job_id(), 0));
    if (rubric.knockout_rules_size() > 0 || current.knockout_rules_size() > 0) {
      // Knock-out rules are checked against the job's questions and linked to
      // the criteria they test.
      CLARA_ASSIGN_OR_RETURN(v1::Job job, store_->LoadJob(req->integration_id(), rubric.job_id()));
      if (current.origin() != "edited" && SameCriteria(rubric, current) &&
          !SameRules(rubric.knockout_rules(), current.knockout_rules())) {
        // Only the rules changed on a derived rubric: derive again with them,
        // so that the job's later changes are derived with the rules too.
        CLARA_ASSIGN_OR_RETURN(rubric, engine_->DeriveRubric(job, rubric.knockout_rules()));
        rubric.set_origin("derived");
      } else {
        CLARA_ASSIGN_OR_RETURN(rubric, engine_->WithKnockoutRules(job, rubric, rubric.knockout_rules()));
        rubric.set_origin("edited");
      }
    } else {
      rubric.set_origin("edited");
    }
    rubric.set_content_hash(engine_->RubricHash(rubric));
    CLARA_RETURN_IF_ERROR(engine_->Compile(rubric).status());  // INVALID_ARGUMENT for a malformed rubric
    CLARA_ASSIGN_OR_RETURN(*resp->mutable_rubric(), store_->AddEditedRubric(req->integration_id(), rubric));
    return absl::OkStatus();
  }());
}

grpc::Status ScreeningServiceImpl::ExplainScreening(grpc::ServerContext*, const v1::ExplainScreeningRequest* req,
                                                    v1::ExplainScreeningResponse* resp) {
  return Done("ExplainScreening", [&]() -> absl::Status {
    if (!IsUuid(req->integration_id()) || !IsUuid(req->screening_id())) return absl::NotFoundError("no such screening");
    CLARA_ASSIGN_OR_RETURN(*resp->mutable_screening(), store_->Get(req->integration_id(), req->screening_id()));
    auto rubric = store_->GetRubric(req->integration_id(), resp->screening().job_id(), resp->screening().rubric_version());
    if (rubric.ok()) *resp->mutable_rubric() = *rubric;
    resp->set_explanation(Explain(resp->screening().result()));
    return absl::OkStatus();
  }());
}

}  // namespace clara::screening
