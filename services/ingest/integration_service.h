// gRPC adapter for clara.integrations.v1.IntegrationService: validates
// requests, checks keys against Teamtailor, and maps Status to gRPC codes.
#pragma once

#include "clara/integrations/v1/integrations.grpc.pb.h"
#include "common/teamtailor_client.h"
#include "services/ingest/ingest_store.h"
#include "services/ingest/metrics.h"

namespace clara::ingest {

class IntegrationServiceImpl final : public integrations::v1::IntegrationService::Service {
 public:
  IntegrationServiceImpl(IngestStore* store, teamtailor::Client* client, IngestMetrics* metrics)
      : store_(store), client_(client), metrics_(metrics) {}

  grpc::Status Connect(grpc::ServerContext* ctx, const integrations::v1::ConnectRequest* req,
                       integrations::v1::ConnectResponse* resp) override;
  grpc::Status GetIntegration(grpc::ServerContext* ctx, const integrations::v1::GetIntegrationRequest* req,
                              integrations::v1::GetIntegrationResponse* resp) override;
  grpc::Status Disconnect(grpc::ServerContext* ctx, const integrations::v1::DisconnectRequest* req,
                          integrations::v1::DisconnectResponse* resp) override;

 private:
  grpc::Status Done(const char* method, const absl::Status& status);

  IngestStore* store_;
  teamtailor::Client* client_;
  IngestMetrics* metrics_;
};

// Checks that `api_key` is a Teamtailor Admin key with read and write scope:
// UNAUTHENTICATED (refused), PERMISSION_DENIED (not Admin, or read-only),
// UNAVAILABLE (Teamtailor unreachable).
absl::Status ValidateAdminKey(teamtailor::Client& client, const std::string& api_key);

}  // namespace clara::ingest
