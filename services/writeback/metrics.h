// Every metric family of the write-back service.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/registry.h>

namespace clara::writeback {

struct WritebackMetrics {
  explicit WritebackMetrics(prometheus::Registry& registry);
  // {kind, outcome}: done, failed, already_done.
  prometheus::Family<prometheus::Counter>* operations;
  prometheus::Family<prometheus::Counter>* grpc_requests;  // {grpc_method, code}
};

}  // namespace clara::writeback
