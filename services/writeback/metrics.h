// Every metric family of the write-back service.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/registry.h>

namespace clara::writeback {

struct WritebackMetrics {
  explicit WritebackMetrics(prometheus::Registry& registry);
  // {kind, outcome}: done, skipped, failed (for good), retry (transient
  // error, the work item is retried), already_done (skipped on a re-run).
  prometheus::Family<prometheus::Counter>* operations;
  prometheus::Family<prometheus::Counter>* grpc_requests;  // {grpc_method, code}
};

}  // namespace clara::writeback
