// gRPC adapter for clara.followups.v1.FollowUpService (used by CLARA's
// messaging service): list, mark sent, answers, opt-out.
#pragma once

#include "clara/followups/v1/followups.grpc.pb.h"
#include "services/screening/follow_up_store.h"
#include "services/screening/metrics.h"

namespace clara::screening {

class FollowUpServiceImpl final : public followups::v1::FollowUpService::Service {
 public:
  FollowUpServiceImpl(FollowUpStore* store, ScreeningMetrics* metrics) : store_(store), metrics_(metrics) {}

  grpc::Status ListFollowUps(grpc::ServerContext*, const followups::v1::ListFollowUpsRequest*,
                             followups::v1::ListFollowUpsResponse*) override;
  grpc::Status GetFollowUp(grpc::ServerContext*, const followups::v1::GetFollowUpRequest*,
                           followups::v1::GetFollowUpResponse*) override;
  grpc::Status MarkSent(grpc::ServerContext*, const followups::v1::MarkSentRequest*,
                        followups::v1::MarkSentResponse*) override;
  grpc::Status SubmitAnswers(grpc::ServerContext*, const followups::v1::SubmitAnswersRequest*,
                             followups::v1::SubmitAnswersResponse*) override;
  grpc::Status OptOut(grpc::ServerContext*, const followups::v1::OptOutRequest*,
                      followups::v1::OptOutResponse*) override;

 private:
  grpc::Status Done(const char* method, const absl::Status& status);

  FollowUpStore* store_;
  ScreeningMetrics* metrics_;
};

}  // namespace clara::screening
