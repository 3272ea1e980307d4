// Every metric family of the screening service.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace clara::screening {

struct ScreeningMetrics {
  explicit ScreeningMetrics(prometheus::Registry& registry);
  prometheus::Family<prometheus::Counter>* screenings;     // {grade}
  prometheus::Histogram* scoring_duration;                 // engine time per candidate
  prometheus::Family<prometheus::Counter>* grpc_requests;  // {grpc_method, code}
  // {event}: asked, sent, answered, expired, opted_out, invalid_answers
  prometheus::Family<prometheus::Counter>* follow_ups;
};

}  // namespace clara::screening
