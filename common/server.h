// Process bootstrap shared by the services: a gRPC server with the standard
// health service and reflection, Status → grpc::Status mapping, and the
// SIGTERM/SIGINT wait that starts a graceful drain.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace clara::server {

// Blocks SIGTERM and SIGINT in the calling thread and every thread it
// starts afterwards; call first thing in main().
void BlockShutdownSignals();
// Waits for SIGTERM or SIGINT (blocked by BlockShutdownSignals) and returns
// its name.
std::string WaitForShutdownSignal();

// Maps absl::Status to grpc::Status (same numeric codes).
grpc::Status ToGrpc(const absl::Status& status);

// The end of every RPC handler: counts the call in `requests` ({grpc_method,
// code}) and maps the status.
//   return server::Reply(metrics_->grpc_requests, "GetScreening", [&]() -> absl::Status { … }());
grpc::Status Reply(prometheus::Family<prometheus::Counter>* requests, const char* method, const absl::Status& status);

class GrpcServer {
 public:
  // Listens on 0.0.0.0:`port` (0 = any free port) with `services`, the
  // health service (all SERVING) and reflection.
  static absl::StatusOr<std::unique_ptr<GrpcServer>> Start(int port, std::vector<grpc::Service*> services);
  int port() const { return port_; }
  // Marks health NOT_SERVING, then stops accepting calls and waits for
  // in-flight ones until `deadline`.
  void Shutdown(absl::Duration grace);

 private:
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace clara::server
