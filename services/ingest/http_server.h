// The ingest service's HTTP side (cpp-httplib): the partner webhook, the
// trigger config endpoint, and the health endpoints.
//
//   POST /teamtailor/webhook          partner event → stored once + résumé fetch queued
//   POST /teamtailor/rescreen         the result's Re-screen button → a new screening
//   POST /teamtailor/company-webhook  job/candidate/application changes (TT-Signature v2)
//   GET  /teamtailor/config           trigger options for the recruiter's trigger
//   GET  /healthz             liveness
//   GET  /readyz              PostgreSQL reachable and schema at least this build's
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db.h"
#include "services/ingest/ingest_store.h"
#include "services/ingest/job_sync.h"
#include "services/ingest/jobs_store.h"
#include "services/ingest/metrics.h"

namespace httplib {
class Server;
class ContentReader;
struct Request;
struct Response;
}

namespace clara::ingest {

struct HttpOptions {
  std::string host = "0.0.0.0";
  int port = 8080;  // 0 = any free port
  std::string partner_webhook_secret;
  // Secret of company webhooks (TT-Signature v2); default: the partner secret.
  std::string company_webhook_secret;
  absl::Duration signature_tolerance = absl::Minutes(5);
  std::function<absl::Time()> now = absl::Now;
};

class HttpServer {
 public:
  HttpServer(HttpOptions options, IngestStore* store, JobsStore* jobs, JobSync* sync, db::Pool* pool,
             IngestMetrics* metrics);
  ~HttpServer();

  // Binds and serves on a thread of its own. UNAVAILABLE when the port is taken.
  absl::Status Start();
  int port() const { return port_; }
  // /readyz answers 503 from now on (endpoints drain), requests still served.
  void SetDraining() { draining_ = true; }
  // Stops accepting and waits for in-flight requests.
  void Stop();

 private:
  void Routes();
  // Authenticates a partner request (bearer key + Teamtailor-Signature over
  // the event id), reading the body through `reader` with the size cap, and
  // parses it. On failure fills `res` and returns nullopt.
  struct Accepted {
    StoredIntegration integration;
    v1::PartnerWebhook hook;
  };
  std::optional<Accepted> AuthenticatePartner(const httplib::Request& req, httplib::Response& res,
                                              const httplib::ContentReader& reader, std::string* outcome);
  void CompanyWebhook(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader);

  HttpOptions options_;
  IngestStore* store_;
  JobsStore* jobs_;
  JobSync* sync_;
  db::Pool* pool_;
  IngestMetrics* metrics_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<bool> draining_{false};
};

}  // namespace clara::ingest
