// The integration harness: the real binaries (teamtailor-sim, clara-ingest,
// clara-screening, clara-writeback) started as child processes on free
// loopback ports against a fresh, migrated PostgreSQL database, with helpers
// to talk to each over real HTTP and gRPC and to read PostgreSQL.
#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <pqxx/pqxx>

#include "absl/time/time.h"
#include "clara/integrations/v1/integrations.pb.h"
#include "nlohmann/json.hpp"

namespace clara::integration {

// A child process whose stdout lines are collected.
class Process {
 public:
  Process(std::string name, std::vector<std::string> argv);
  ~Process();
  // Starts it. False (with a test failure) when it cannot be spawned.
  bool Start();
  // Waits for a JSON stdout line for which `match` is true.
  std::optional<nlohmann::json> WaitForJsonLine(const std::function<bool(const nlohmann::json&)>& match,
                                                absl::Duration timeout);
  // SIGTERM, then waits; returns the exit status (or -1 after SIGKILL).
  int Stop(absl::Duration timeout = absl::Seconds(20));
  bool running() const { return pid_ > 0; }
  std::vector<std::string> lines();

 private:
  void ReadLoop(int fd);

  std::string name_;
  std::vector<std::string> argv_;
  pid_t pid_ = -1;
  std::thread reader_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> lines_;
  bool eof_ = false;
};

int FreePort();

struct StackOptions {
  int rate_limit = 50;
  int rate_window_seconds = 10;
  int writeback_replicas = 1;
  std::vector<std::string> extra_ingest_args;
  std::vector<std::string> extra_screening_args;
  // Extra flags for every writeback replica (e.g. --score_field_api_name=…).
  std::vector<std::string> extra_writeback_args;
  // After connecting, select every job of the company that is not archived
  // (jobs are screened only once selected).
  bool select_all_jobs = true;
};

class Stack {
 public:
  explicit Stack(StackOptions options = {});
  ~Stack();
  // Starts everything and connects the demo company. False on failure (a
  // test failure has been recorded).
  bool Start();
  void Stop();

  // The simulator.
  nlohmann::json SimState();
  nlohmann::json SimEvents();
  // POST /_sim/move; returns the response JSON.
  nlohmann::json MoveCandidate(int64_t candidate_id, const std::string& stage);
  nlohmann::json SimPost(const std::string& path, const nlohmann::json& body);

  // POST to ingest's webhook with the given headers; returns status.
  int PostWebhook(const std::string& body, const std::map<std::string, std::string>& headers,
                  std::string* response_body = nullptr);
  // A correctly signed, authenticated header set for `event_id`.
  std::map<std::string, std::string> SignedHeaders(const std::string& event_id, absl::Time at = absl::Now());

  // GET http://127.0.0.1:<port><path> → body ("" on failure).
  std::string HttpGet(int port, const std::string& path, int* status = nullptr);

  // A pqxx connection to the stack's database.
  pqxx::connection& Db();
  int64_t Count(const std::string& sql);

  // Polls `ready` until true or timeout (no fixed sleeps).
  bool Eventually(const std::function<bool()>& ready, absl::Duration timeout = absl::Seconds(60));

  std::shared_ptr<grpc::Channel> IngestChannel();
  std::shared_ptr<grpc::Channel> ScreeningChannel();
  std::shared_ptr<grpc::Channel> WritebackChannel(int replica = 0);

  const std::string& integration_id() const { return integration_id_; }
  const std::string& integration_key() const { return integration_key_; }
  const std::string& admin_api_key() const { return admin_api_key_; }
  const std::string& webhook_secret() const { return webhook_secret_; }
  const std::string& company_webhook_secret() const { return company_webhook_secret_; }
  const std::string& sim_url() const { return sim_url_; }
  int ingest_http_port() const { return ingest_http_port_; }
  int ingest_metrics_port() const { return ingest_metrics_port_; }
  int screening_metrics_port() const { return screening_metrics_port_; }
  int writeback_metrics_port(int replica = 0) const { return writeback_metrics_ports_.at(replica); }
  Process* ingest() { return ingest_.get(); }
  // Runs build/tools/claractl/claractl with `args` against this stack (its
  // gRPC addresses and integration); returns stdout, `*exit_code` set.
  std::string Claractl(const std::vector<std::string>& args, int* exit_code);
  // The last `n` output lines of every process, for failure messages.
  std::string Logs(size_t n = 40);

  // Selects jobs for screening through IntegrationService.SelectJobs. True
  // when done, and when the ingest binary predates SelectJobs (UNIMPLEMENTED:
  // every job is screened then); false with a test failure otherwise.
  bool SelectJobs(const std::vector<int64_t>& job_ids);
  // Stores `config` as the integration's Map Actions, directly in PostgreSQL.
  void SetMapActions(const integrations::v1::MapActionConfig& config);
  // The candidate's entry of /_sim/state (null when unknown).
  nlohmann::json SimCandidate(int64_t candidate_id);
  // Stops every writeback replica (SIGTERM, drained), and starts them again
  // (new ports). Work enqueued meanwhile waits in PostgreSQL.
  void StopWritebacks();
  bool StartWritebacks();
  // Every non-empty line the writeback replicas printed.
  std::vector<std::string> WritebackLines();

 private:
  bool StartWriteback(int replica);

  bool StartService(std::unique_ptr<Process>& p, const std::string& name, std::vector<std::string> args,
                    int* grpc_port, int* metrics_port);

  StackOptions options_;
  std::string dsn_;
  std::string secret_key_;
  std::string webhook_secret_ = "it-webhook-secret";
  std::string company_webhook_secret_ = "it-company-secret";
  std::string partner_api_key_ = "it-partner-key";
  std::string sim_url_, admin_api_key_, integration_key_, integration_id_;
  int ingest_http_port_ = 0, ingest_grpc_port_ = 0, ingest_metrics_port_ = 0;
  int screening_grpc_port_ = 0, screening_metrics_port_ = 0;
  std::vector<int> writeback_grpc_ports_, writeback_metrics_ports_;
  std::unique_ptr<Process> sim_, ingest_, screening_;
  std::vector<std::unique_ptr<Process>> writebacks_;
  std::unique_ptr<pqxx::connection> db_;
  std::vector<std::string> stopped_writeback_lines_;
};

}  // namespace clara::integration
