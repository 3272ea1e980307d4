#include "services/writeback/metrics.h"

namespace clara::writeback {

WritebackMetrics::WritebackMetrics(prometheus::Registry& registry)
    : operations(&prometheus::BuildCounter()
                      .Name("clara_writeback_operations_total")
                      .Help("Teamtailor write operations, by kind and outcome.")
                      .Register(registry)),
      grpc_requests(&prometheus::BuildCounter()
                         .Name("clara_writeback_grpc_requests_total")
                         .Help("gRPC calls handled, by method and status code.")
                         .Register(registry)) {}

}  // namespace clara::writeback
