// SimServer wiring: start/stop, route registration, the pipeline pieces shared by /v1 and
// /partner (faults, rate limit, JSON replies), signed resume URLs and partner-event delivery.
// The handlers live in server_v1.cc, server_partner.cc and server_sim.cc.
#include "tools/teamtailor-sim/server.h"

#include <httplib.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tools/teamtailor-sim/company_webhook.h"
#include "tools/teamtailor-sim/partner.h"
#include "tools/teamtailor-sim/seed.h"

namespace clara::ttsim {

SimServer::SimServer(ServerOptions options)
    : options_(std::move(options)),
      clock_(options_.clock != nullptr ? options_.clock : SystemClock()),
      resume_secret_(Sha256Hex(absl::StrCat("ttsim-resume:", options_.webhook_secret))),
      limiter_(options_.rate_limit, absl::Seconds(options_.rate_window_seconds), clock_),
      faults_(options_.fault_seed, clock_),
      ids_(options_.id_seed.has_value() ? *options_.id_seed : RandomSeed()),
      sender_([this](const WebhookSender::Delivery& d, const WebhookSender::Outcome& o) {
        OnDelivered(d, o);
      }),
      company_sender_([this](const WebhookSender::Delivery& d, const WebhookSender::Outcome& o) {
        OnCompanyWebhookDelivered(d, o);
      }) {}

SimServer::~SimServer() { Stop(); }

std::string SimServer::admin_api_key() { return kAdminReadWriteKey; }
std::string SimServer::integration_key() { return kIntegrationKey; }

std::string SimServer::base_url() const {
  if (!options_.public_base_url.empty()) {
    std::string b = options_.public_base_url;
    while (absl::EndsWith(b, "/")) b.pop_back();
    return b;
  }
  std::string host = options_.host;
  if (host == "0.0.0.0" || host == "::" || host.empty()) host = "127.0.0.1";
  if (absl::StrContains(host, ':')) host = absl::StrCat("[", host, "]");
  return absl::StrCat("http://", host, ":", port_);
}

absl::Status SimServer::Start(int port) {
  if (http_ != nullptr) return absl::FailedPreconditionError("already started");
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!seeded_) {
      absl::StatusOr<Company> company = BuildDemoCompany();
      if (!company.ok()) return company.status();
      company_ = *std::move(company);
      seeded_ = true;
    }
  }
  http_ = std::make_unique<httplib::Server>();
  http_->set_payload_max_length(1 << 20);
  http_->set_read_timeout(30, 0);
  RegisterRoutes();
  int bound = port == 0 ? http_->bind_to_any_port(options_.host)
                        : (http_->bind_to_port(options_.host, port) ? port : -1);
  if (bound <= 0) {
    http_.reset();
    return absl::UnavailableError(absl::StrCat("cannot bind ", options_.host, ":", port));
  }
  port_ = bound;
  sender_.Start();
  company_sender_.Start();
  listen_thread_ = std::thread([this] { http_->listen_after_bind(); });
  // listen_after_bind sets is_running before accepting; wait for it with a deadline.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!http_->is_running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      Stop();
      return absl::UnavailableError("server did not start listening");
    }
    std::this_thread::yield();
  }
  return absl::OkStatus();
}

void SimServer::Stop() {
  if (http_ != nullptr) {
    http_->stop();
    if (listen_thread_.joinable()) listen_thread_.join();
    http_.reset();
  }
  sender_.Stop();
  company_sender_.Stop();
}

void SimServer::Log(Json entry) const {
  if (!options_.log) return;
  Json line = Json::object();
  line["ts"] = FormatIsoTime(absl::Now());
  for (auto& [k, v] : entry.items()) line[k] = v;
  options_.log(line);
}

ResourceContext SimServer::MakeResourceContext() const {
  ResourceContext ctx;
  ctx.base_url = base_url();
  ctx.resume_url = [this](const Candidate& c) { return SignedResumeUrl(c.id, c.resume_file_name); };
  return ctx;
}

std::string SimServer::SignedResumeUrl(int64_t candidate_id, const std::string& file_name) const {
  int64_t expires =
      absl::ToUnixSeconds(clock_->Now()) + std::max(1, options_.resume_url_ttl_seconds);
  std::string signature = HmacSha256Hex(resume_secret_, absl::StrCat(candidate_id, "/", expires));
  return absl::StrCat(base_url(), "/files/resumes/", candidate_id, "/", PercentEncode(file_name),
                      "?expires=", expires, "&signature=", signature);
}

void SimServer::SendJson(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, Json::error_handler_t::replace),
                  "application/vnd.api+json; charset=utf-8");
}

void SimServer::SendErrors(httplib::Response& res, const std::vector<ApiError>& errors) {
  SendJson(res, errors.empty() ? 500 : errors[0].status, ErrorBody(errors));
}

bool SimServer::ApplyFaults(httplib::Response& res, bool storm_applies,
                            const std::string* key_name, bool* lose_answer) {
  FaultInjector::Decision d = faults_.Next(storm_applies, lose_answer != nullptr);
  if (lose_answer != nullptr) *lose_answer = d.lose_answer;
  if (d.latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(d.latency_ms));
  if (d.storm_seconds_left > 0) {
    RateLimiter::Decision rl = limiter_.Peek(*key_name);
    limiter_.RecordRejected(*key_name);
    res.set_header("X-Rate-Limit-Limit", std::to_string(rl.limit));
    res.set_header("X-Rate-Limit-Remaining", "0");
    res.set_header("X-Rate-Limit-Reset", std::to_string(d.storm_seconds_left));
    res.set_header("Retry-After", std::to_string(d.storm_seconds_left));
    SendErrors(res, {{429, "Too Many Requests", "Rate limit exceeded. Retry later.", "429", "", ""}});
    return true;
  }
  if (d.drop) {
    // Headers go out, then the connection closes before the promised body: a dropped connection.
    res.status = 200;
    res.set_content_provider(
        4096, "application/vnd.api+json",
        [](size_t, size_t, httplib::DataSink&) { return false; });
    return true;
  }
  if (d.error_status != 0) {
    if (key_name != nullptr) {
      RateLimiter::Decision rl = limiter_.Peek(*key_name);
      res.set_header("X-Rate-Limit-Limit", std::to_string(rl.limit));
      res.set_header("X-Rate-Limit-Remaining", std::to_string(std::max(0, rl.remaining)));
      res.set_header("X-Rate-Limit-Reset", std::to_string(rl.reset_seconds));
    }
    SendErrors(res, {{d.error_status, "Internal Server Error", "Simulated server error.",
                      std::to_string(d.error_status), "", ""}});
    return true;
  }
  return false;
}

void SimServer::LoseAnswer(const httplib::Request& req) {
  // httplib does not hand the socket to handlers: find it among this process's descriptors by
  // the connection's two ports, and shut it down (the descriptor stays httplib's to close).
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return;
  while (dirent* entry = readdir(dir)) {
    int fd = 0;
    if (!absl::SimpleAtoi(entry->d_name, &fd) || fd == dirfd(dir)) continue;
    sockaddr_storage local{}, peer{};
    socklen_t local_len = sizeof(local), peer_len = sizeof(peer);
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) continue;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) continue;
    auto port = [](const sockaddr_storage& a) -> int {
      if (a.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(a).sin_port);
      if (a.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(a).sin6_port);
      return -1;
    };
    if (port(local) == req.local_port && port(peer) == req.remote_port) {
      shutdown(fd, SHUT_RDWR);
      break;
    }
  }
  closedir(dir);
}

bool SimServer::ApplyRateLimit(httplib::Response& res, const std::string& key_name) {
  RateLimiter::Decision d = limiter_.Acquire(key_name);
  res.set_header("X-Rate-Limit-Limit", std::to_string(d.limit));
  res.set_header("X-Rate-Limit-Remaining", std::to_string(std::max(0, d.remaining)));
  res.set_header("X-Rate-Limit-Reset", std::to_string(d.reset_seconds));
  if (d.allowed) return false;
  res.set_header("Retry-After", std::to_string(d.retry_after_seconds));
  SendErrors(res, {{429, "Too Many Requests",
                    absl::StrCat("Rate limit of ", d.limit, " requests per ",
                                 options_.rate_window_seconds, " seconds exceeded."),
                    "429", "", ""}});
  return true;
}

void SimServer::RegisterRoutes() {
  auto v1 = [this](const httplib::Request& req, httplib::Response& res) { HandleV1(req, res); };
  const char* kV1 = R"(/v1(/.*)?)";
  http_->Get(kV1, v1);
  http_->Post(kV1, v1);
  http_->Patch(kV1, v1);
  http_->Put(kV1, v1);
  http_->Delete(kV1, v1);
  auto partner = [this](const httplib::Request& req, httplib::Response& res) {
    HandlePartner(req, res);
  };
  const char* kPartner = R"(/partner(/.*)?)";
  http_->Get(kPartner, partner);
  http_->Post(kPartner, partner);
  http_->Patch(kPartner, partner);
  http_->Put(kPartner, partner);
  http_->Delete(kPartner, partner);
  http_->Get(R"(/files/resumes/(\d+)/([^/]+))",
             [this](const httplib::Request& req, httplib::Response& res) {
               HandleResumeFile(req, res);
             });
  RegisterSimRoutes();
  auto not_found = [](const httplib::Request&, httplib::Response& res) {
    SendJson(res, 404, ErrorBody({{404, "Not found", "No route matches this path.", "404", "", ""}}));
  };
  http_->Get(".*", not_found);
  http_->Post(".*", not_found);
  http_->Patch(".*", not_found);
  http_->Put(".*", not_found);
  http_->Delete(".*", not_found);

  http_->set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        SendJson(res, 500, ErrorBody({{500, "Internal Server Error", "Unexpected error.", "500", "", ""}}));
      });
  http_->set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    // Resume file names carry names of people: log the route, not the file.
    std::string path = req.path;
    if (absl::StartsWith(path, "/files/")) path = "/files/resumes/…";
    Log({{"event", "request"}, {"method", req.method}, {"path", path}, {"status", res.status}});
  });
}

// ---------------------------------------------------------------------------------------------
// Partner events.

std::string SimServer::FireTriggerLocked(int64_t job_application_id,
                                         int64_t triggered_by_user_id) {
  const JobApplication& app = company_.job_applications.at(job_application_id);
  const Candidate& cand = company_.candidates.at(app.candidate_id);
  PartnerEventInput in;
  in.event_id = ids_.NextUuid("event");
  in.partner_result_id = ids_.NextUuid("partner-result");
  in.update_url = absl::StrCat(base_url(), "/partner/v1/partner-results/", in.partner_result_id);
  if (cand.resume_pdf) in.resume_url = SignedResumeUrl(cand.id, cand.resume_file_name);
  in.job_application_id = job_application_id;
  in.triggered_by_user_id = triggered_by_user_id;
  Json body = BuildPartnerEvent(company_, in);

  absl::Time now = clock_->Now();
  PartnerResult result;
  result.id = in.partner_result_id;
  result.candidate_id = cand.id;
  result.job_id = app.job_id;
  result.event_id = in.event_id;
  result.attributes = {{"status", "sending"}};
  result.history.push_back({{"at", FormatIsoTime(now)}, {"source", "event"}, {"attributes", result.attributes}});
  result.created_at = result.updated_at = now;
  company_.partner_results[result.id] = result;
  company_.partner_result_order.push_back(result.id);

  PartnerEvent event;
  event.id = in.event_id;
  event.candidate_id = cand.id;
  event.job_application_id = job_application_id;
  event.stage_id = app.stage_id;
  event.partner_result_id = result.id;
  event.body = body;
  event.created_at = now;
  auto [it, inserted] = company_.events.emplace(event.id, std::move(event));
  company_.event_order.push_back(in.event_id);
  Log({{"event", "partner_event_fired"}, {"event_id", in.event_id},
       {"partner_result_id", in.partner_result_id}, {"stage_id", app.stage_id}});
  QueueDeliveryLocked(it->second, "webhook", body);
  return in.event_id;
}

void SimServer::QueueDeliveryLocked(PartnerEvent& event, const std::string& endpoint, Json body) {
  WebhookDelivery record;
  record.endpoint = endpoint;
  record.outcome = "queued";
  record.at = clock_->Now();
  if (options_.partner_base_url.empty()) {
    record.outcome = "failed";
    record.message = "no partner_base_url configured";
    event.deliveries.push_back(record);
    if (endpoint == "webhook") {
      PartnerResult& r = company_.partner_results.at(event.partner_result_id);
      r.attributes["status"] = "failed";
      r.delivery_message = record.message;
      r.history.push_back({{"at", FormatIsoTime(record.at)},
                           {"source", "delivery"},
                           {"attributes", {{"status", "failed"}}}});
    }
    return;
  }
  event.deliveries.push_back(record);

  std::string base = options_.partner_base_url;
  while (absl::EndsWith(base, "/")) base.pop_back();
  WebhookSender::Delivery d;
  d.event_id = event.id;
  d.endpoint = endpoint;
  d.url = absl::StrCat(base, "/", endpoint);
  d.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  d.headers = {{"Authorization", absl::StrCat("Bearer ", company_.integration_key)},
               {"User-Agent", "Teamtailor-Simulator/1.0"}};
  if (options_.send_api_token) d.headers.push_back({"teamtailor-api-token", kAdminReadWriteKey});
  std::string event_id = event.id;
  d.late_headers = [this, event_id]() -> std::vector<std::pair<std::string, std::string>> {
    int64_t t = absl::ToUnixSeconds(clock_->Now());
    return {{"Teamtailor-Signature",
             PartnerSignatureHeader(options_.webhook_secret, t, event_id, ids_.NextHex("decoy", 64))}};
  };
  sender_.Enqueue(std::move(d));
}

void SimServer::OnDelivered(const WebhookSender::Delivery& d,
                            const WebhookSender::Outcome& outcome) {
  std::lock_guard<std::mutex> lock(mu_);
  auto ev = company_.events.find(d.event_id);
  if (ev == company_.events.end()) return;
  WebhookDelivery* record = nullptr;
  for (WebhookDelivery& w : ev->second.deliveries) {
    if (w.endpoint == d.endpoint && w.outcome == "queued") {
      record = &w;
      break;
    }
  }
  if (record == nullptr) return;
  record->status_code = outcome.status;
  record->at = clock_->Now();
  std::string new_status;
  if (outcome.status >= 200 && outcome.status < 300) {
    record->outcome = "sent";
    new_status = "sent";
    Json body = Json::parse(outcome.body, nullptr, false);
    if (body.is_object() && body.contains("partner_result_attributes") &&
        body["partner_result_attributes"].is_object()) {
      const Json& attrs = body["partner_result_attributes"];
      if (attrs.contains("status") && attrs["status"].is_string() &&
          IsPartnerResultStatus(attrs["status"].get<std::string>())) {
        new_status = attrs["status"].get<std::string>();
      }
    }
  } else {
    record->outcome = "failed";
    new_status = "failed";
    record->message = outcome.status == 0
                          ? outcome.error
                          : (outcome.status >= 400 ? outcome.body
                                                   : absl::StrCat("unexpected HTTP status ", outcome.status));
  }
  Log({{"event", "partner_event_delivered"}, {"event_id", d.event_id}, {"endpoint", d.endpoint},
       {"status", outcome.status}, {"outcome", record->outcome}});
  if (d.endpoint != "webhook") return;
  auto r = company_.partner_results.find(ev->second.partner_result_id);
  if (r == company_.partner_results.end()) return;
  // A partner may PUT a result before its 2xx reaches us; never overwrite what it wrote.
  if (r->second.attributes.value("status", "") != "sending") return;
  r->second.attributes["status"] = new_status;
  r->second.delivery_message = record->message;
  r->second.updated_at = clock_->Now();
  r->second.history.push_back({{"at", FormatIsoTime(clock_->Now())},
                               {"source", "delivery"},
                               {"attributes", {{"status", new_status}}}});
}

// ---------------------------------------------------------------------------------------------
// Company webhooks.

void SimServer::FireCompanyWebhookLocked(absl::string_view type, const std::string& id,
                                         absl::string_view action, Json* fired) {
  if (options_.company_webhook_url.empty()) return;
  std::optional<Resource> r = BuildResource(company_, MakeResourceContext(), type, id);
  if (r) FireCompanyWebhookLocked(*r, action, fired);
}

void SimServer::FireCompanyWebhookLocked(const Resource& r, absl::string_view action, Json* fired) {
  if (options_.company_webhook_url.empty()) return;
  const std::string event_name = CompanyWebhookEventName(r.type, action);
  if (event_name.empty()) return;
  const absl::Time now = clock_->Now();
  CompanyWebhook w;
  w.id = company_.next_company_webhook_id++;
  w.event_name = event_name;
  w.resource_type = r.type;
  w.resource_id = r.id;
  w.url = options_.company_webhook_url;
  // Signed when fired: the signature is part of the body, and the body is fixed from here on.
  w.t = absl::ToUnixSeconds(now);
  w.payload_text = CompanyWebhookPayloadText(event_name, CompanyWebhookData(r));
  w.signature = CompanyWebhookSignature(options_.company_webhook_secret, w.t, w.payload_text);
  w.body = CompanyWebhookBody(w.payload_text, w.signature);
  w.outcome = "queued";
  w.created_at = now;

  WebhookSender::Delivery d;
  d.event_id = std::to_string(w.id);
  d.endpoint = "company-webhook";
  d.url = w.url;
  d.body = w.body;
  d.headers = {{"Authorization", absl::StrCat("Bearer ", company_.integration_key)},
               {"TT-Signature", w.signature},
               {"User-Agent", "Teamtailor-Simulator/1.0"}};
  Log({{"event", "company_webhook_fired"}, {"id", w.id}, {"event_name", event_name},
       {"resource_type", r.type}, {"resource_id", r.id}});
  company_.company_webhooks.push_back(std::move(w));
  if (fired != nullptr) fired->push_back(event_name);
  company_sender_.Enqueue(std::move(d));
}

void SimServer::OnCompanyWebhookDelivered(const WebhookSender::Delivery& d,
                                          const WebhookSender::Outcome& outcome) {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t id = 0;
  if (!absl::SimpleAtoi(d.event_id, &id) || id < 1 ||
      id > static_cast<int64_t>(company_.company_webhooks.size())) {
    return;
  }
  CompanyWebhook& w = company_.company_webhooks[id - 1];
  w.status_code = outcome.status;
  w.delivered_at = clock_->Now();
  if (outcome.status >= 200 && outcome.status < 300) {
    w.outcome = "sent";
  } else {
    w.outcome = "failed";
    w.message = outcome.status == 0
                    ? outcome.error
                    : (outcome.status >= 400 ? outcome.body
                                             : absl::StrCat("unexpected HTTP status ", outcome.status));
  }
  Log({{"event", "company_webhook_delivered"}, {"id", w.id}, {"event_name", w.event_name},
       {"status", outcome.status}, {"outcome", w.outcome}});
}

}  // namespace clara::ttsim
