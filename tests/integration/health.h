// gRPC health checking (grpc.health.v1.Health/Check) through the generic
// stub, so that the tests need no copy of the health proto.
#pragma once

#include <memory>

#include <grpcpp/grpcpp.h>

namespace clara::integration {

// Returns the serving status (1 = SERVING, 2 = NOT_SERVING), or -1 when the
// call failed.
int HealthStatus(const std::shared_ptr<grpc::Channel>& channel);

}  // namespace clara::integration
