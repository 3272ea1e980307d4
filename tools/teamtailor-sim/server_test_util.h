// Shared pieces of the simulator's in-process HTTP tests: a SimServer on port 0 with a fake clock
// (SimServerTest), a cpp-httplib client wrapper, and a small receiving server standing in for
// CLARA (Receiver). Waiting is done by polling with a deadline, never by sleeping a fixed time.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tools/teamtailor-sim/clock.h"
#include "tools/teamtailor-sim/seed.h"
#include "tools/teamtailor-sim/server.h"

namespace clara::ttsim {

inline constexpr char kVersion[] = "20240404";
inline constexpr char kPartnerVersion[] = "20180828";
inline constexpr char kNoAuth[] = "";

inline std::string TokenAuth(const std::string& key) { return absl::StrCat("Token token=", key); }

template <typename F>
bool PollUntil(F done, std::chrono::seconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

struct HttpResponse {
  int status = 0;  // 0: no response (connection error)
  std::string body;
  httplib::Headers headers;
  Json json() const { return Json::parse(body, nullptr, false); }
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
  bool has_header(const std::string& name) const { return headers.count(name) > 0; }
};

// Stands in for CLARA's partner endpoint: records every POST and answers as configured.
class Receiver {
 public:
  struct Hit {
    std::string path;
    httplib::Headers headers;
    std::string body;
    std::string header(const std::string& name) const {
      auto it = headers.find(name);
      return it == headers.end() ? "" : it->second;
    }
  };

  Receiver(int status, std::string body) : status_(status), body_(std::move(body)) {
    server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        hits_.push_back({req.path, req.headers, req.body});
      }
      cv_.notify_all();
      res.status = status_;
      res.set_content(body_, body_.rfind("{", 0) == 0 ? "application/json" : "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    PollUntil([this] { return server_.is_running(); });
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  std::string base_url() const { return absl::StrCat("http://127.0.0.1:", port_, "/teamtailor"); }
  bool WaitForHits(size_t n) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(10), [&] { return hits_.size() >= n; });
  }
  std::vector<Hit> hits() {
    std::lock_guard<std::mutex> lock(mu_);
    return hits_;
  }

 private:
  const int status_;
  const std::string body_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Hit> hits_;
};

class SimServerTest : public ::testing::Test {
 protected:
  void StartServer(ServerOptions options = {}) {
    options.clock = &clock_;
    if (!options.id_seed) options.id_seed = 7;
    server_ = std::make_unique<SimServer>(options);
    absl::Status s = server_->Start(0);
    ASSERT_TRUE(s.ok()) << s;
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_read_timeout(10, 0);
  }
  // Most tests make many requests at one frozen instant; they are not about the rate limit.
  void StartServerWithHighLimit(std::string partner_base_url = "") {
    ServerOptions o;
    o.rate_limit = 100000;
    o.partner_base_url = std::move(partner_base_url);
    StartServer(o);
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }

  HttpResponse Call(const std::string& method, const std::string& path,
                    const std::string& authorization = TokenAuth(kAdminReadWriteKey),
                    const std::string& body = "", const std::string& content_type = kJsonApiMediaType,
                    const std::string& version = kVersion) {
    httplib::Request req;
    req.method = method;
    req.path = path;
    if (!authorization.empty()) req.headers.emplace("Authorization", authorization);
    if (!version.empty()) req.headers.emplace("X-Api-Version", version);
    if (!body.empty() || method != "GET") {
      req.body = body;
      if (!content_type.empty()) req.headers.emplace("Content-Type", content_type);
    }
    httplib::Result res = client_->send(req);
    if (!res) return {};
    return {res->status, res->body, res->headers};
  }
  HttpResponse Get(const std::string& path, const std::string& key = kAdminReadWriteKey) {
    return Call("GET", path, TokenAuth(key));
  }
  HttpResponse Sim(const std::string& method, const std::string& path, const Json& body = Json::object()) {
    return Call(method, path, kNoAuth, method == "GET" ? "" : body.dump(), "application/json", "");
  }
  // Moves a candidate with /_sim/move and returns the answer.
  Json SimMove(int64_t candidate_id, const std::string& stage) {
    HttpResponse r = Sim("POST", "/_sim/move", {{"candidate_id", candidate_id}, {"stage", stage}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  std::string PartnerPath(const std::string& result_id) {
    return absl::StrCat("/partner/v1/partner-results/", result_id);
  }
  HttpResponse PartnerPut(const std::string& result_id, const Json& attributes,
                          const std::string& authorization = "Token token=sim-partner-key") {
    Json body = {{"data", {{"type", "partner-results"}, {"id", result_id}, {"attributes", attributes}}}};
    return Call("PUT", PartnerPath(result_id), authorization, body.dump(), kJsonApiMediaType,
                kPartnerVersion);
  }
  Json CandidateState(int64_t id) {
    const Json state = server_->State();
    for (const Json& c : state["candidates"]) {
      if (c["id"] == id) return c;
    }
    return Json();
  }

  FakeClock clock_{absl::FromUnixSeconds(1767225600)};  // 2026-01-01T00:00:00Z
  std::unique_ptr<SimServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace clara::ttsim
