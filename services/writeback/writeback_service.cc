#include "services/writeback/writeback_service.h"

#include "common/ids.h"
#include "common/server.h"
#include "common/status.h"

namespace clara::writeback {

grpc::Status WritebackServiceImpl::GetDelivery(grpc::ServerContext*, const v1::GetDeliveryRequest* req,
                                               v1::GetDeliveryResponse* resp) {
  absl::Status status = [&]() -> absl::Status {
    if (!IsUuid(req->integration_id()) || !IsUuid(req->screening_id())) return absl::NotFoundError("no such screening");
    CLARA_ASSIGN_OR_RETURN(*resp->mutable_delivery(), store_->GetDelivery(req->integration_id(), req->screening_id()));
    return absl::OkStatus();
  }();
  metrics_->grpc_requests->Add({{"grpc_method", "GetDelivery"}, {"code", absl::StatusCodeToString(status.code())}})
      .Increment();
  return server::ToGrpc(status);
}

}  // namespace clara::writeback
