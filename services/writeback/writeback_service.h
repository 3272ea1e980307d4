// gRPC adapter for clara.writeback.v1.WritebackService.
#pragma once

#include "clara/writeback/v1/writeback.grpc.pb.h"
#include "services/writeback/metrics.h"
#include "services/writeback/writeback_store.h"

namespace clara::writeback {

class WritebackServiceImpl final : public v1::WritebackService::Service {
 public:
  WritebackServiceImpl(WritebackStore* store, WritebackMetrics* metrics) : store_(store), metrics_(metrics) {}
  grpc::Status GetDelivery(grpc::ServerContext*, const v1::GetDeliveryRequest*, v1::GetDeliveryResponse*) override;

 private:
  WritebackStore* store_;
  WritebackMetrics* metrics_;
};

}  // namespace clara::writeback
