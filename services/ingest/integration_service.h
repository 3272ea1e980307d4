// gRPC adapter for clara.integrations.v1.IntegrationService: validates
// requests, checks keys against Teamtailor, and maps Status to gRPC codes.
#pragma once

#include "clara/integrations/v1/integrations.grpc.pb.h"
#include "common/teamtailor_client.h"
#include "services/ingest/ingest_store.h"
#include "services/ingest/job_sync.h"
#include "services/ingest/jobs_store.h"
#include "services/ingest/metrics.h"

namespace clara::ingest {

class IntegrationServiceImpl final : public integrations::v1::IntegrationService::Service {
 public:
  IntegrationServiceImpl(IngestStore* store, JobsStore* jobs, JobSync* sync, teamtailor::Client* client,
                         IngestMetrics* metrics)
      : store_(store), jobs_(jobs), sync_(sync), client_(client), metrics_(metrics) {}

  grpc::Status Connect(grpc::ServerContext* ctx, const integrations::v1::ConnectRequest* req,
                       integrations::v1::ConnectResponse* resp) override;
  grpc::Status GetIntegration(grpc::ServerContext* ctx, const integrations::v1::GetIntegrationRequest* req,
                              integrations::v1::GetIntegrationResponse* resp) override;
  grpc::Status Disconnect(grpc::ServerContext* ctx, const integrations::v1::DisconnectRequest* req,
                          integrations::v1::DisconnectResponse* resp) override;
  grpc::Status Reconnect(grpc::ServerContext* ctx, const integrations::v1::ReconnectRequest* req,
                         integrations::v1::ReconnectResponse* resp) override;
  grpc::Status ListRemoteJobs(grpc::ServerContext* ctx, const integrations::v1::ListRemoteJobsRequest* req,
                              integrations::v1::ListRemoteJobsResponse* resp) override;
  grpc::Status SelectJobs(grpc::ServerContext* ctx, const integrations::v1::SelectJobsRequest* req,
                          integrations::v1::SelectJobsResponse* resp) override;
  grpc::Status UnselectJobs(grpc::ServerContext* ctx, const integrations::v1::UnselectJobsRequest* req,
                            integrations::v1::UnselectJobsResponse* resp) override;
  grpc::Status SyncJobs(grpc::ServerContext* ctx, const integrations::v1::SyncJobsRequest* req,
                        integrations::v1::SyncJobsResponse* resp) override;
  grpc::Status ConfigureMapActions(grpc::ServerContext* ctx, const integrations::v1::ConfigureMapActionsRequest* req,
                                   integrations::v1::ConfigureMapActionsResponse* resp) override;
  grpc::Status PreviewMapActions(grpc::ServerContext* ctx, const integrations::v1::PreviewMapActionsRequest* req,
                                 integrations::v1::PreviewMapActionsResponse* resp) override;
  grpc::Status ConfigureFollowUps(grpc::ServerContext* ctx, const integrations::v1::ConfigureFollowUpsRequest* req,
                                  integrations::v1::ConfigureFollowUpsResponse* resp) override;

 private:
  grpc::Status Done(const char* method, const absl::Status& status);

  // An active integration's id, or NOT_FOUND (also for malformed ids).
  absl::Status CheckIntegration(const std::string& id);

  IngestStore* store_;
  JobsStore* jobs_;
  JobSync* sync_;
  teamtailor::Client* client_;
  IngestMetrics* metrics_;
};

// Validates a Map Action mapping against the selected jobs' stages:
// INVALID_ARGUMENT for an unknown outcome, empty action or a stage a selected
// job lacks; FAILED_PRECONDITION for a rejection without automatic rejection
// enabled, or when no job is selected.
absl::Status ValidateMapActions(const integrations::v1::MapActionConfig& config,
                                const std::vector<integrations::v1::RemoteJob>& jobs);
// Describes what `config` does for `outcome` ("move to Phone screen", ...).
std::vector<std::string> DescribeActions(const integrations::v1::MapActionConfig& config,
                                         integrations::v1::Outcome outcome);
// Checks and fills defaults of a follow-up policy.
absl::StatusOr<integrations::v1::FollowUpPolicy> NormalizeFollowUpPolicy(integrations::v1::FollowUpPolicy policy);

// Checks that `api_key` is a Teamtailor Admin key with read and write scope:
// UNAUTHENTICATED (refused), PERMISSION_DENIED (not Admin, or read-only),
// UNAVAILABLE (Teamtailor unreachable).
absl::Status ValidateAdminKey(teamtailor::Client& client, const std::string& api_key);

}  // namespace clara::ingest
