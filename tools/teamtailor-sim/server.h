// The Teamtailor simulator server: a cpp-httplib server holding one seeded demo company and
// serving
//   /v1/...                     the public API (JSON:API, strict auth/version/media type/scopes,
//                               paging, include, per-key rate limit),
//   /partner/v1/partner-results the partner API partners write results to,
//   /files/resumes/...          signed, expiring resume downloads,
//   /_sim/...                   unauthenticated inspection and control (state, stage moves,
//                               recruiter actions on jobs/candidates/applications, fault
//                               injection, partner-result actions),
// firing signed partner events to the partner's webhook when an application moves into a stage
// carrying the CLARA trigger, and signed company webhooks (TT-Signature v2) when jobs,
// candidates and job applications are created, updated or destroyed. Runs in-process (tests use
// port 0) or from main.cc.
//
//   SimServer server(ServerOptions{.partner_base_url = "http://127.0.0.1:8080/teamtailor"});
//   if (absl::Status s = server.Start(0); !s.ok()) ...;
//   ... GET server.base_url() + "/v1/jobs" ...
//   server.Stop();
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tools/teamtailor-sim/clock.h"
#include "tools/teamtailor-sim/crypto.h"
#include "tools/teamtailor-sim/faults.h"
#include "tools/teamtailor-sim/json_api.h"
#include "tools/teamtailor-sim/model.h"
#include "tools/teamtailor-sim/rate_limiter.h"
#include "tools/teamtailor-sim/resources.h"
#include "tools/teamtailor-sim/webhook_sender.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace clara::ttsim {

struct ServerOptions {
  std::string host = "127.0.0.1";
  // Base of every URL the simulator hands out (links, resume URLs, update-url). Default
  // http://<host>:<port>, with 127.0.0.1 for a wildcard host.
  std::string public_base_url;
  // CLARA's base; partner events go to {base}/webhook, actions to {base}/{endpoint}. Empty: events
  // are recorded as failed deliveries.
  std::string partner_base_url;
  std::string webhook_secret = "sim-webhook-secret";
  std::string partner_api_key = "sim-partner-key";
  int rate_limit = 50;
  int rate_window_seconds = 10;
  int resume_url_ttl_seconds = 30;
  std::string api_version = "20240404";
  std::string partner_api_version = "20180828";
  // Send `teamtailor-api-token: <admin key>` with partner events (the partner asked for it).
  bool send_api_token = false;
  // Where company webhooks (job/candidate/job_application × create/update/destroy) are POSTed,
  // e.g. http://127.0.0.1:8080/teamtailor/company-webhook. Empty: none are fired or recorded.
  std::string company_webhook_url;
  // HMAC key of the TT-Signature v2 on company webhooks.
  std::string company_webhook_secret = "sim-company-secret";
  // Seed of event and partner-result UUIDs. Unset: random per run, so a CLARA database kept
  // across simulator restarts never sees a reused event id.
  std::optional<uint64_t> id_seed;
  uint64_t fault_seed = 1;
  const Clock* clock = nullptr;  // nullptr: the system clock
  // Receives one structured log object per request/event; nullptr: no logs. Never gets keys,
  // bodies or personal data.
  std::function<void(const Json&)> log;
};

class SimServer {
 public:
  explicit SimServer(ServerOptions options);
  ~SimServer();
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  // Seeds the company and starts serving on `port` (0: a free port). kFailedPrecondition if
  // already started, kUnavailable if the port cannot be bound, kInternal if seeding fails.
  absl::Status Start(int port);
  // Stops serving and the webhook sender. Idempotent.
  void Stop();

  int port() const { return port_; }
  std::string base_url() const;
  static std::string admin_api_key();
  static std::string integration_key();

  // In-process equivalents of the /_sim endpoints (same request and response JSON).
  // kNotFound for an unknown candidate/stage/result, kInvalidArgument for a malformed request.
  absl::StatusOr<Json> Move(const Json& request);
  absl::StatusOr<Json> MoveAll(const Json& request);
  absl::StatusOr<Json> TriggerAction(const std::string& result_id, int index);
  // Sets the picked config values ("webhook-data") of the CLARA trigger on every job, or on
  // request["job_id"] only: {"job_id":N?,"webhook_data":{"threshold":"70"}}.
  absl::StatusOr<Json> SetTriggerConfig(const Json& request);
  Json State() const;
  Json Events() const;
  // {"company_webhooks":[{id, event_name, resource_type, resource_id, url, t, signature,
  // created_at, status_code, outcome, message, raw_body, body}]} in firing order.
  Json CompanyWebhooks() const;

  // Recruiter actions (the /_sim/jobs, /_sim/candidates and /_sim/applications endpoints). Each
  // answers {"data":<the resource as /v1 renders it>, …, "company_webhooks":[event names fired]}.
  // kInvalidArgument for a malformed request, kNotFound for an unknown id.
  absl::StatusOr<Json> CreateJob(const Json& request);
  absl::StatusOr<Json> UpdateJob(int64_t job_id, const Json& request);
  absl::StatusOr<Json> DeleteJob(int64_t job_id);
  absl::StatusOr<Json> CreateCandidate(const Json& request);
  absl::StatusOr<Json> UpdateCandidate(int64_t candidate_id, const Json& request);
  absl::StatusOr<Json> DeleteCandidate(int64_t candidate_id);
  absl::StatusOr<Json> CreateApplication(const Json& request);
  absl::StatusOr<Json> RejectApplication(int64_t job_application_id, const Json& request);
  absl::Status SetFaults(const Json& request);
  void ClearFaults();

  // A signed resume URL for the candidate, valid resume_url_ttl_seconds from now.
  std::string SignedResumeUrl(int64_t candidate_id, const std::string& file_name) const;

 private:
  struct Reply {
    int status = 200;
    std::optional<Json> body;  // nullopt: empty body
    std::string location;      // Location header for 201
  };
  struct V1Context {
    const httplib::Request* req = nullptr;
    const ApiKey* key = nullptr;
    std::vector<std::string> segments;  // path after /v1/
  };

  void RegisterRoutes();
  void Log(Json entry) const;
  const Clock* clock() const { return clock_; }
  ResourceContext MakeResourceContext() const;

  // Shared pipeline pieces. Each returns true when it answered the request.
  // `lose_answer` (null: that fault does not apply; writes pass it) is set when the request is
  // to be processed and then its answer lost (LoseAnswer).
  bool ApplyFaults(httplib::Response& res, bool storm_applies, const std::string* key_name,
                   bool* lose_answer = nullptr);
  // Closes the connection `req` came on without sending a byte of the answer (the request was
  // processed; httplib's later write of the answer fails and the connection is dropped).
  static void LoseAnswer(const httplib::Request& req);
  bool ApplyRateLimit(httplib::Response& res, const std::string& key_name);
  static void SendJson(httplib::Response& res, int status, const Json& body);
  static void SendErrors(httplib::Response& res, const std::vector<ApiError>& errors);

  // /v1 (server_v1.cc).
  void HandleV1(const httplib::Request& req, httplib::Response& res);
  const ApiKey* FindApiKey(const std::string& authorization) const;
  Reply RouteV1(const V1Context& ctx);
  Reply V1List(const V1Context& ctx, const std::string& type);
  Reply V1Show(const V1Context& ctx, const std::string& type, const std::string& id);
  Reply V1Related(const V1Context& ctx, const std::string& type, const std::string& id,
                  const std::string& rel, bool linkage_only);
  Reply V1PatchCandidate(const V1Context& ctx, const std::string& id);
  Reply V1PatchJobApplication(const V1Context& ctx, const std::string& id);
  Reply V1CreateCustomFieldValue(const V1Context& ctx);
  Reply V1PatchCustomFieldValue(const V1Context& ctx, const std::string& id);
  Reply V1CreateNote(const V1Context& ctx);
  Reply RenderCollection(const V1Context& ctx, const Query& q, std::vector<Resource> list);
  Reply RenderSingle(const V1Context& ctx, const Query& q, const Resource& r);
  std::optional<ApiError> CheckRead(const ApiKey& key, KeyLevel needed,
                                    absl::string_view what) const;

  // /partner (server_partner.cc).
  void HandlePartner(const httplib::Request& req, httplib::Response& res);
  Reply PartnerPut(const httplib::Request& req, const std::string& id);
  Reply PartnerPost(const httplib::Request& req);

  // /files and /_sim (server_sim.cc; the recruiter actions are in server_recruiter.cc).
  void HandleResumeFile(const httplib::Request& req, httplib::Response& res);
  void RegisterSimRoutes();
  // The resource as /v1 renders it, with relationship linkage for every relationship.
  Json RenderForSim(const Resource& r) const;
  // Appends a job application in the job's Inbox; the caller holds mu_ and checked both ids.
  JobApplication& AddApplicationLocked(int64_t candidate_id, int64_t job_id,
                                       const std::string& cover_letter);
  // Removes an application and fires job_application.destroy; the caller holds mu_.
  void RemoveApplicationLocked(int64_t job_application_id, Json* fired);

  // Partner events; the caller holds mu_.
  std::string FireTriggerLocked(int64_t job_application_id, int64_t triggered_by_user_id);
  void QueueDeliveryLocked(PartnerEvent& event, const std::string& endpoint, Json body);
  void OnDelivered(const WebhookSender::Delivery& d, const WebhookSender::Outcome& outcome);
  Json MoveLocked(int64_t job_application_id, const Stage& stage, int64_t user_id, bool force);

  // Company webhooks; the caller holds mu_. Fires `action` (create|update|destroy) for the
  // resource type/id as it is now (build it before removing a destroyed record). Appends the
  // event name to *fired (if not null). Does nothing when company_webhook_url is empty.
  void FireCompanyWebhookLocked(absl::string_view type, const std::string& id,
                                absl::string_view action, Json* fired);
  void FireCompanyWebhookLocked(const Resource& r, absl::string_view action, Json* fired);
  void OnCompanyWebhookDelivered(const WebhookSender::Delivery& d,
                                 const WebhookSender::Outcome& outcome);

  ServerOptions options_;
  const Clock* clock_;
  std::string resume_secret_;
  RateLimiter limiter_;
  FaultInjector faults_;
  IdGenerator ids_;
  WebhookSender sender_;
  WebhookSender company_sender_;  // company webhooks, apart from partner events

  mutable std::mutex mu_;
  Company company_;
  bool seeded_ = false;

  std::unique_ptr<httplib::Server> http_;
  std::thread listen_thread_;
  int port_ = 0;
};

}  // namespace clara::ttsim
