#include "services/screening/follow_up_service.h"

#include "common/ids.h"
#include "common/server.h"
#include "common/status.h"

namespace clara::screening {

namespace fv1 = ::clara::followups::v1;

grpc::Status FollowUpServiceImpl::Done(const char* method, const absl::Status& status) {
  return server::Reply(metrics_->grpc_requests, method, status);
}

grpc::Status FollowUpServiceImpl::ListFollowUps(grpc::ServerContext*, const fv1::ListFollowUpsRequest* req,
                                                fv1::ListFollowUpsResponse* resp) {
  return Done("ListFollowUps", [&]() -> absl::Status {
    if (req->page_size() < 0 || req->page_size() > 100) {
      return absl::InvalidArgumentError("page_size must be 1..100 (0 = 20)");
    }
    if (req->job_id() < 0) return absl::InvalidArgumentError("job_id must be a Teamtailor job id (0 = every job)");
    std::vector<fv1::FollowUpState> states;
    for (int s : req->states()) {
      if (s <= fv1::FOLLOW_UP_STATE_UNSPECIFIED || !fv1::FollowUpState_IsValid(s)) {
        return absl::InvalidArgumentError("states: use PENDING, SENT, ANSWERED, EXPIRED or OPTED_OUT");
      }
      states.push_back(static_cast<fv1::FollowUpState>(s));
    }
    if (!IsUuid(req->integration_id())) return absl::NotFoundError("no such integration");
    std::string next;
    CLARA_ASSIGN_OR_RETURN(auto list, store_->List(req->integration_id(), req->job_id(), states,
                                                   req->page_size() == 0 ? 20 : req->page_size(), req->page_token(),
                                                   &next));
    for (auto& f : list) *resp->add_follow_ups() = std::move(f);
    resp->set_next_page_token(next);
    return absl::OkStatus();
  }());
}

grpc::Status FollowUpServiceImpl::GetFollowUp(grpc::ServerContext*, const fv1::GetFollowUpRequest* req,
                                              fv1::GetFollowUpResponse* resp) {
  return Done("GetFollowUp", [&]() -> absl::Status {
    CLARA_ASSIGN_OR_RETURN(*resp->mutable_follow_up(), store_->Get(req->integration_id(), req->follow_up_id()));
    return absl::OkStatus();
  }());
}

grpc::Status FollowUpServiceImpl::MarkSent(grpc::ServerContext*, const fv1::MarkSentRequest* req,
                                           fv1::MarkSentResponse* resp) {
  return Done("MarkSent", [&]() -> absl::Status {
    CLARA_ASSIGN_OR_RETURN(*resp->mutable_follow_up(), store_->MarkSent(req->integration_id(), req->follow_up_id()));
    metrics_->follow_ups->Add({{"event", "sent"}}).Increment();
    return absl::OkStatus();
  }());
}

grpc::Status FollowUpServiceImpl::SubmitAnswers(grpc::ServerContext*, const fv1::SubmitAnswersRequest* req,
                                                fv1::SubmitAnswersResponse* resp) {
  return Done("SubmitAnswers", [&]() -> absl::Status {
    if (req->answers_size() == 0) return absl::InvalidArgumentError("answers are required: one per question");
    std::vector<fv1::Answer> answers(req->answers().begin(), req->answers().end());
    auto answered = store_->SubmitAnswers(req->integration_id(), req->follow_up_id(), answers);
    if (absl::IsInvalidArgument(answered.status())) metrics_->follow_ups->Add({{"event", "invalid_answers"}}).Increment();
    CLARA_RETURN_IF_ERROR(answered.status());
    *resp->mutable_follow_up() = std::move(*answered);
    metrics_->follow_ups->Add({{"event", "answered"}}).Increment();
    return absl::OkStatus();
  }());
}

grpc::Status FollowUpServiceImpl::OptOut(grpc::ServerContext*, const fv1::OptOutRequest* req,
                                         fv1::OptOutResponse* resp) {
  return Done("OptOut", [&]() -> absl::Status {
    CLARA_ASSIGN_OR_RETURN(*resp->mutable_follow_up(), store_->OptOut(req->integration_id(), req->follow_up_id()));
    metrics_->follow_ups->Add({{"event", "opted_out"}}).Increment();
    return absl::OkStatus();
  }());
}

}  // namespace clara::screening
