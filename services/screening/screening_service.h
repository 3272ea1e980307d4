// gRPC adapter for clara.screening.v1.ScreeningService.
#pragma once

#include "clara/screening/v1/screening.grpc.pb.h"
#include "services/screening/metrics.h"
#include "services/screening/scoring_engine.h"
#include "services/screening/screening_store.h"

namespace clara::screening {

class ScreeningServiceImpl final : public v1::ScreeningService::Service {
 public:
  ScreeningServiceImpl(ScreeningStore* store, const ScoringEngine* engine, ScreeningMetrics* metrics)
      : store_(store), engine_(engine), metrics_(metrics) {}

  grpc::Status GetScreening(grpc::ServerContext*, const v1::GetScreeningRequest*, v1::GetScreeningResponse*) override;
  grpc::Status ListScreenings(grpc::ServerContext*, const v1::ListScreeningsRequest*,
                              v1::ListScreeningsResponse*) override;
  grpc::Status ScoreCandidate(grpc::ServerContext*, const v1::ScoreCandidateRequest*,
                              v1::ScoreCandidateResponse*) override;
  grpc::Status GetRubric(grpc::ServerContext*, const v1::GetRubricRequest*, v1::GetRubricResponse*) override;
  grpc::Status UpdateRubric(grpc::ServerContext*, const v1::UpdateRubricRequest*, v1::UpdateRubricResponse*) override;
  grpc::Status ExplainScreening(grpc::ServerContext*, const v1::ExplainScreeningRequest*,
                                v1::ExplainScreeningResponse*) override;

 private:
  grpc::Status Done(const char* method, const absl::Status& status);

  ScreeningStore* store_;
  const ScoringEngine* engine_;
  ScreeningMetrics* metrics_;
};

// The plain-text explanation of a result a candidate could be given.
std::string Explain(const v1::ScreeningResult& result);

}  // namespace clara::screening
