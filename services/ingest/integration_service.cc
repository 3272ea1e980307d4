#include "services/ingest/integration_service.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/log.h"
#include "common/server.h"
#include "common/status.h"

namespace clara::ingest {
namespace {
namespace iv1 = ::clara::integrations::v1;

std::string RegionName(common::v1::Region r) {
  switch (r) {
    case common::v1::REGION_NA: return "na";
    case common::v1::REGION_AU: return "au";
    default: return "eu";
  }
}
}  // namespace


absl::Status ValidateAdminKey(teamtailor::Client& client, const std::string& api_key) {
  auto users = client.Get(api_key, "/users?page%5Bsize%5D=1");
  if (absl::IsUnauthenticated(users.status())) {
    return absl::UnauthenticatedError("Teamtailor refused the API key: check that it was copied whole and is not revoked");
  }
  if (!users.ok() && !absl::IsPermissionDenied(users.status())) {
    return absl::UnavailableError(absl::StrCat("could not reach Teamtailor to check the key: ", users.status().message()));
  }
  auto candidates = client.Get(api_key, "/candidates?page%5Bsize%5D=1");
  if (absl::IsPermissionDenied(candidates.status())) {
    return absl::PermissionDeniedError(
        "the API key lacks Admin scope: in Teamtailor create a key with scope Admin and read+write access");
  }
  if (!candidates.ok()) {
    return absl::UnavailableError(absl::StrCat("could not check the key's scope: ", candidates.status().message()));
  }
  // A deliberately invalid write: a read-only key is refused (403) before the
  // body is validated (422); nothing is created either way.
  auto probe = client.Post(api_key, "/custom-field-values",
                           {{"data", {{"type", "custom-field-values"}, {"attributes", nlohmann::json::object()}}}});
  if (absl::IsPermissionDenied(probe.status())) {
    return absl::PermissionDeniedError(
        "the API key is read-only: CLARA writes results back, so the key needs Admin read+write access");
  }
  if (!probe.ok() && !absl::IsInvalidArgument(probe.status())) {
    return absl::UnavailableError(absl::StrCat("could not check the key's write access: ", probe.status().message()));
  }
  return absl::OkStatus();
}

grpc::Status IntegrationServiceImpl::Done(const char* method, const absl::Status& status) {
  metrics_->grpc_requests->Add({{"grpc_method", method}, {"code", absl::StatusCodeToString(status.code())}}).Increment();
  return server::ToGrpc(status);
}

grpc::Status IntegrationServiceImpl::Connect(grpc::ServerContext*, const iv1::ConnectRequest* req,
                                             iv1::ConnectResponse* resp) {
  absl::Status status = [&]() -> absl::Status {
    if (req->api_key().empty()) return absl::InvalidArgumentError("api_key is required (a Teamtailor Admin API key)");
    if (req->integration_key().empty()) {
      return absl::InvalidArgumentError("integration_key is required (Teamtailor → Settings → Integrations → Marketplace → CLARA)");
    }
    if (req->api_key().size() > 256 || req->integration_key().size() > 2048) {
      return absl::InvalidArgumentError("a key is longer than any Teamtailor key");
    }
    CLARA_RETURN_IF_ERROR(ValidateAdminKey(*client_, req->api_key()));
    CLARA_ASSIGN_OR_RETURN(*resp->mutable_integration(),
                           store_->Connect(req->api_key(), req->integration_key(), req->company_name(),
                                           RegionName(req->region())));
    log::Info("integration connected", {{"integration_id", resp->integration().id()}});
    return absl::OkStatus();
  }();
  return Done("Connect", status);
}

grpc::Status IntegrationServiceImpl::GetIntegration(grpc::ServerContext*, const iv1::GetIntegrationRequest* req,
                                                    iv1::GetIntegrationResponse* resp) {
  absl::Status status = [&]() -> absl::Status {
    if (!IsUuid(req->integration_id())) return absl::NotFoundError("no such integration");
    CLARA_ASSIGN_OR_RETURN(*resp->mutable_integration(), store_->Get(req->integration_id()));
    return absl::OkStatus();
  }();
  return Done("GetIntegration", status);
}

grpc::Status IntegrationServiceImpl::Disconnect(grpc::ServerContext*, const iv1::DisconnectRequest* req,
                                                iv1::DisconnectResponse* resp) {
  absl::Status status = [&]() -> absl::Status {
    if (!IsUuid(req->integration_id())) return absl::NotFoundError("no such integration");
    CLARA_ASSIGN_OR_RETURN(*resp->mutable_integration(), store_->Disconnect(req->integration_id()));
    log::Info("integration disconnected", {{"integration_id", req->integration_id()}});
    return absl::OkStatus();
  }();
  return Done("Disconnect", status);
}

}  // namespace clara::ingest
