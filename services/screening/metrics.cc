#include "services/screening/metrics.h"

namespace clara::screening {

ScreeningMetrics::ScreeningMetrics(prometheus::Registry& registry)
    : screenings(&prometheus::BuildCounter()
                      .Name("clara_screening_screenings_total")
                      .Help("Screenings stored, by grade.")
                      .Register(registry)),
      scoring_duration(&prometheus::BuildHistogram()
                            .Name("clara_screening_scoring_duration_seconds")
                            .Help("Engine time to de-identify and score one candidate.")
                            .Register(registry)
                            .Add({}, prometheus::Histogram::BucketBoundaries{
                                         0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05})),
      grpc_requests(&prometheus::BuildCounter()
                         .Name("clara_screening_grpc_requests_total")
                         .Help("gRPC calls handled, by method and status code.")
                         .Register(registry)),
      follow_ups(&prometheus::BuildCounter()
                      .Name("clara_screening_follow_ups_total")
                      .Help("Follow-up rounds by event: asked, sent, answered, expired, opted_out, invalid_answers.")
                      .Register(registry)) {}

}  // namespace clara::screening
