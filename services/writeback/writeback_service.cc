#include "services/writeback/writeback_service.h"

#include "common/ids.h"
#include "common/server.h"
#include "common/status.h"

namespace clara::writeback {

grpc::Status WritebackServiceImpl::GetDelivery(grpc::ServerContext*, const v1::GetDeliveryRequest* req,
                                               v1::GetDeliveryResponse* resp) {
  return server::Reply(metrics_->grpc_requests, "GetDelivery", [&]() -> absl::Status {
    if (!IsUuid(req->integration_id()) || !IsUuid(req->screening_id())) return absl::NotFoundError("no such screening");
    CLARA_ASSIGN_OR_RETURN(*resp->mutable_delivery(), store_->GetDelivery(req->integration_id(), req->screening_id()));
    return absl::OkStatus();
  }());
}

}  // namespace clara::writeback
