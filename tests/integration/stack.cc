#include "tests/integration/stack.h"

#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clara/integrations/v1/integrations.grpc.pb.h"
#include "common/crypto.h"
#include "common/testing/pg_fixture.h"
#include "gtest/gtest.h"
#include "services/ingest/webhook.h"

extern char** environ;

namespace clara::integration {

Process::Process(std::string name, std::vector<std::string> argv) : name_(std::move(name)), argv_(std::move(argv)) {}

Process::~Process() { Stop(absl::Seconds(5)); }

bool Process::Start() {
  int pipefd[2];
  if (pipe(pipefd) != 0) return false;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipefd[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipefd[0]);
  std::vector<char*> args;
  for (auto& a : argv_) args.push_back(a.data());
  args.push_back(nullptr);
  int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipefd[1]);
  if (rc != 0) {
    close(pipefd[0]);
    pid_ = -1;
    ADD_FAILURE() << "cannot start " << argv_[0] << ": " << strerror(rc);
    return false;
  }
  reader_ = std::thread([this, fd = pipefd[0]] { ReadLoop(fd); });
  return true;
}

void Process::ReadLoop(int fd) {
  std::string buffer;
  char chunk[4096];
  while (true) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n <= 0) break;
    buffer.append(chunk, static_cast<size_t>(n));
    size_t nl;
    while ((nl = buffer.find('\n')) != std::string::npos) {
      std::lock_guard<std::mutex> lock(mu_);
      lines_.push_back(buffer.substr(0, nl));
      buffer.erase(0, nl + 1);
      cv_.notify_all();
    }
  }
  close(fd);
  std::lock_guard<std::mutex> lock(mu_);
  eof_ = true;
  cv_.notify_all();
}

std::optional<nlohmann::json> Process::WaitForJsonLine(const std::function<bool(const nlohmann::json&)>& match,
                                                       absl::Duration timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  size_t checked = 0;
  const auto deadline = std::chrono::steady_clock::now() + absl::ToChronoNanoseconds(timeout);
  while (true) {
    for (; checked < lines_.size(); ++checked) {
      auto j = nlohmann::json::parse(lines_[checked], nullptr, false);
      if (!j.is_discarded() && j.is_object() && match(j)) return j;
    }
    if (eof_) return std::nullopt;
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout) return std::nullopt;
  }
}

std::vector<std::string> Process::lines() {
  std::lock_guard<std::mutex> lock(mu_);
  return lines_;
}

int Process::Stop(absl::Duration timeout) {
  if (pid_ <= 0) return 0;
  kill(pid_, SIGTERM);
  int status = 0;
  const absl::Time deadline = absl::Now() + timeout;
  int result = -1;
  while (absl::Now() < deadline) {
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      result = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  if (result == -1) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
  }
  pid_ = -1;
  if (reader_.joinable()) reader_.join();
  return result;
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

Stack::Stack(StackOptions options) : options_(std::move(options)) {}

Stack::~Stack() { Stop(); }

bool Stack::StartService(std::unique_ptr<Process>& p, const std::string& name, std::vector<std::string> args,
                         int* grpc_port, int* metrics_port) {
  args.insert(args.begin(), {absl::StrCat(CLARA_BINARY_DIR, "/services/", name, "/clara-", name),
                             "--database_url=" + dsn_, "--grpc_port=0", "--metrics_port=0", "--drain_seconds=4"});
  p = std::make_unique<Process>(name, args);
  if (!p->Start()) return false;
  const std::string ready = absl::StrCat("clara-", name, " ready");
  auto line = p->WaitForJsonLine([&](const nlohmann::json& j) { return j.value("msg", "") == ready; },
                                 absl::Seconds(30));
  if (!line) {
    ADD_FAILURE() << name << " did not become ready; output:\n" << absl::StrJoin(p->lines(), "\n");
    return false;
  }
  *grpc_port = (*line)["grpc_port"].get<int>();
  *metrics_port = (*line)["metrics_port"].get<int>();
  return true;
}

bool Stack::Start() {
  dsn_ = testing::CreateMigratedDatabase();
  if (dsn_.empty()) return false;
  secret_key_ = absl::Base64Escape(crypto::RandomBytes(32));
  ingest_http_port_ = FreePort();
  sim_ = std::make_unique<Process>(
      "sim", std::vector<std::string>{
                 CLARA_BINARY_DIR "/tools/teamtailor-sim/teamtailor-sim", "serve", "--port=0",
                 absl::StrCat("--partner_base_url=http://127.0.0.1:", ingest_http_port_, "/teamtailor"),
                 absl::StrCat("--company_webhook_url=http://127.0.0.1:", ingest_http_port_,
                              "/teamtailor/company-webhook"),
                 "--company_webhook_secret=" + company_webhook_secret_,
                 "--webhook_secret=" + webhook_secret_, "--partner_api_key=" + partner_api_key_,
                 absl::StrCat("--rate_limit=", options_.rate_limit),
                 absl::StrCat("--rate_window_seconds=", options_.rate_window_seconds)});
  if (!sim_->Start()) return false;
  auto listening = sim_->WaitForJsonLine([](const nlohmann::json& j) { return j.value("event", "") == "listening"; },
                                         absl::Seconds(30));
  if (!listening) {
    ADD_FAILURE() << "simulator did not start:\n" << absl::StrJoin(sim_->lines(), "\n");
    return false;
  }
  sim_url_ = (*listening)["url"];
  admin_api_key_ = (*listening)["admin_api_key"];
  integration_key_ = (*listening)["integration_key"];

  std::vector<std::string> ingest_args = {
      "--secret_key=" + secret_key_, absl::StrCat("--http_port=", ingest_http_port_),
      "--partner_webhook_secret=" + webhook_secret_, "--company_webhook_secret=" + company_webhook_secret_,
      "--teamtailor_base_url=" + sim_url_ + "/v1"};
  for (const auto& a : options_.extra_ingest_args) ingest_args.push_back(a);
  if (!StartService(ingest_, "ingest", ingest_args, &ingest_grpc_port_, &ingest_metrics_port_)) return false;
  if (!StartService(screening_, "screening", options_.extra_screening_args, &screening_grpc_port_,
                    &screening_metrics_port_)) {
    return false;
  }
  for (int i = 0; i < options_.writeback_replicas; ++i) {
    if (!StartWriteback(i)) return false;
  }

  auto stub = integrations::v1::IntegrationService::NewStub(IngestChannel());
  integrations::v1::ConnectRequest req;
  req.set_api_key(admin_api_key_);
  req.set_integration_key(integration_key_);
  req.set_company_name("Demo");
  integrations::v1::ConnectResponse resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  grpc::Status s = stub->Connect(&ctx, req, &resp);
  if (!s.ok()) {
    ADD_FAILURE() << "Connect failed: " << s.error_message();
    return false;
  }
  integration_id_ = resp.integration().id();
  if (options_.select_all_jobs) {
    // An admin selects the jobs CLARA screens: here, every job of the company.
    integrations::v1::ListRemoteJobsRequest list_req;
    list_req.set_integration_id(integration_id_);
    integrations::v1::ListRemoteJobsResponse list;
    grpc::ClientContext list_ctx;
    list_ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    if (grpc::Status ls = stub->ListRemoteJobs(&list_ctx, list_req, &list); !ls.ok()) {
      ADD_FAILURE() << "ListRemoteJobs failed: " << ls.error_message();
      return false;
    }
    integrations::v1::SelectJobsRequest select_req;
    select_req.set_integration_id(integration_id_);
    for (const auto& j : list.jobs()) {
      if (j.status() != "archived") select_req.add_job_ids(j.job_id());
    }
    integrations::v1::SelectJobsResponse selected;
    grpc::ClientContext select_ctx;
    select_ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    if (grpc::Status ss = stub->SelectJobs(&select_ctx, select_req, &selected); !ss.ok()) {
      ADD_FAILURE() << "SelectJobs failed: " << ss.error_message();
      return false;
    }
  }
  return true;
}

void Stack::Stop() {
  for (auto& w : writebacks_) if (w) w->Stop();
  writebacks_.clear();
  for (auto* p : {&screening_, &ingest_, &sim_}) {
    if (*p) (*p)->Stop();
    p->reset();
  }
  db_.reset();
  if (!dsn_.empty()) testing::DropDatabase(dsn_);
  dsn_.clear();
}

std::string Stack::Logs(size_t n) {
  std::string out;
  auto tail = [&](const char* name, Process* p) {
    if (p == nullptr) return;
    auto lines = p->lines();
    absl::StrAppend(&out, "--- ", name, " (last ", std::min(n, lines.size()), " lines)\n");
    for (size_t i = lines.size() > n ? lines.size() - n : 0; i < lines.size(); ++i) absl::StrAppend(&out, lines[i], "\n");
  };
  tail("teamtailor-sim", sim_.get());
  tail("ingest", ingest_.get());
  tail("screening", screening_.get());
  for (auto& w : writebacks_) tail("writeback", w.get());
  try {
    pqxx::nontransaction tx(Db());
    absl::StrAppend(&out, "--- jobs (id, selected, deleted)\n");
    for (const auto& r : tx.exec("SELECT job_id, selected, deleted_at IS NOT NULL FROM jobs ORDER BY job_id")) {
      absl::StrAppend(&out, r[0].as<int64_t>(), " ", r[1].as<bool>(), " ", r[2].as<bool>(), "\n");
    }
    absl::StrAppend(&out, "--- work items (queue, state, attempts, error)\n");
    for (const auto& r : tx.exec("SELECT queue, state, attempts, coalesce(last_error, '') FROM work_items ORDER BY id")) {
      absl::StrAppend(&out, r[0].as<std::string>(), " ", r[1].as<std::string>(), " ", r[2].as<int>(), " ",
                      r[3].as<std::string>(), "\n");
    }
  } catch (const std::exception& e) {
    absl::StrAppend(&out, "(database: ", e.what(), ")\n");
  }
  return out;
}

nlohmann::json Stack::SimState() {
  httplib::Client c(sim_url_);
  auto r = c.Get("/_sim/state");
  return r && r->status == 200 ? nlohmann::json::parse(r->body) : nlohmann::json();
}

nlohmann::json Stack::SimEvents() {
  httplib::Client c(sim_url_);
  auto r = c.Get("/_sim/events");
  return r && r->status == 200 ? nlohmann::json::parse(r->body) : nlohmann::json();
}

nlohmann::json Stack::SimPost(const std::string& path, const nlohmann::json& body) {
  httplib::Client c(sim_url_);
  auto r = c.Post(path.c_str(), body.dump(), "application/json");
  if (!r) return nlohmann::json();
  auto j = nlohmann::json::parse(r->body, nullptr, false);
  return j.is_discarded() ? nlohmann::json() : j;
}

nlohmann::json Stack::MoveCandidate(int64_t candidate_id, const std::string& stage) {
  return SimPost("/_sim/move", {{"candidate_id", candidate_id}, {"stage", stage}});
}

int Stack::PostWebhook(const std::string& body, const std::map<std::string, std::string>& headers,
                       std::string* response_body) {
  httplib::Client c("127.0.0.1", ingest_http_port_);
  httplib::Headers h;
  for (const auto& [k, v] : headers) h.emplace(k, v);
  auto r = c.Post("/teamtailor/webhook", h, body, "application/json");
  if (!r) return -1;
  if (response_body) *response_body = r->body;
  return r->status;
}

std::map<std::string, std::string> Stack::SignedHeaders(const std::string& event_id, absl::Time at) {
  return {{"Authorization", "Bearer " + integration_key_},
          {"Teamtailor-Signature", ingest::SignPartnerEvent(event_id, webhook_secret_, at)}};
}

std::string Stack::HttpGet(int port, const std::string& path, int* status) {
  httplib::Client c("127.0.0.1", port);
  auto r = c.Get(path.c_str());
  if (status) *status = r ? r->status : -1;
  return r ? r->body : "";
}

pqxx::connection& Stack::Db() {
  if (!db_) db_ = std::make_unique<pqxx::connection>(dsn_);
  return *db_;
}

int64_t Stack::Count(const std::string& sql) {
  pqxx::nontransaction tx(Db());
  return tx.exec1(sql)[0].as<int64_t>();
}

bool Stack::Eventually(const std::function<bool()>& ready, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (ready()) return true;
    absl::SleepFor(absl::Milliseconds(100));
  }
  return ready();
}

std::string Stack::Claractl(const std::vector<std::string>& args, int* exit_code) {
  std::string command = absl::StrCat(CLARA_BINARY_DIR, "/tools/claractl/claractl");
  for (const auto& a : args) absl::StrAppend(&command, " '", a, "'");  // (test arguments: no quotes inside)
  absl::StrAppend(&command, " --integration=", integration_id_, " --ingest=127.0.0.1:", ingest_grpc_port_,
                  " --screening_addr=127.0.0.1:", screening_grpc_port_, " 2>&1");
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    *exit_code = -1;
    return out;
  }
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) out.append(buffer, n);
  const int status = pclose(pipe);
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

std::shared_ptr<grpc::Channel> Stack::IngestChannel() {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", ingest_grpc_port_), grpc::InsecureChannelCredentials());
}
std::shared_ptr<grpc::Channel> Stack::ScreeningChannel() {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", screening_grpc_port_), grpc::InsecureChannelCredentials());
}
std::shared_ptr<grpc::Channel> Stack::WritebackChannel(int replica) {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", writeback_grpc_ports_.at(replica)),
                             grpc::InsecureChannelCredentials());
}

bool Stack::StartWriteback(int replica) {
  std::unique_ptr<Process> p;
  int g = 0, m = 0;
  std::vector<std::string> args = {"--secret_key=" + secret_key_, "--partner_api_key=" + partner_api_key_,
                                   "--teamtailor_base_url=" + sim_url_ + "/v1",
                                   absl::StrCat("--worker_id=writeback-", replica)};
  for (const auto& a : options_.extra_writeback_args) args.push_back(a);
  if (!StartService(p, "writeback", args, &g, &m)) return false;
  writebacks_.push_back(std::move(p));
  writeback_grpc_ports_.push_back(g);
  writeback_metrics_ports_.push_back(m);
  return true;
}

void Stack::StopWritebacks() {
  for (auto& w : writebacks_) {
    if (w) {
      for (auto& line : w->lines()) stopped_writeback_lines_.push_back(line);
      w->Stop();
    }
  }
  writebacks_.clear();
  writeback_grpc_ports_.clear();
  writeback_metrics_ports_.clear();
}

bool Stack::StartWritebacks() {
  for (int i = 0; i < options_.writeback_replicas; ++i) {
    if (!StartWriteback(i)) return false;
  }
  return true;
}

std::vector<std::string> Stack::WritebackLines() {
  std::vector<std::string> out = stopped_writeback_lines_;
  for (auto& w : writebacks_) {
    if (!w) continue;
    for (auto& line : w->lines()) {
      if (!line.empty()) out.push_back(line);
    }
  }
  return out;
}

bool Stack::SelectJobs(const std::vector<int64_t>& job_ids) {
  auto stub = integrations::v1::IntegrationService::NewStub(IngestChannel());
  integrations::v1::SelectJobsRequest req;
  req.set_integration_id(integration_id_);
  for (int64_t id : job_ids) req.add_job_ids(id);
  integrations::v1::SelectJobsResponse resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  grpc::Status s = stub->SelectJobs(&ctx, req, &resp);
  if (s.error_code() == grpc::StatusCode::UNIMPLEMENTED) return true;
  if (!s.ok()) {
    ADD_FAILURE() << "SelectJobs failed: " << s.error_message();
    return false;
  }
  return true;
}

void Stack::SetMapActions(const integrations::v1::MapActionConfig& config) {
  pqxx::work tx(Db());
  tx.exec_params("UPDATE integrations SET map_actions = $1 WHERE id = $2::uuid",
                 pqxx::binarystring(config.SerializeAsString()), integration_id_);
  tx.commit();
}

nlohmann::json Stack::SimCandidate(int64_t candidate_id) {
  const nlohmann::json state = SimState();
  if (!state.contains("candidates")) return nlohmann::json();
  for (const auto& c : state["candidates"]) {
    if (c["id"] == candidate_id) return c;
  }
  return nlohmann::json();
}

}  // namespace clara::integration
