#include "services/ingest/http_server.h"

#include <httplib.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/metrics.h"
#include "services/ingest/webhook.h"

namespace clara::ingest {
namespace {

constexpr char kWebhookPath[] = "/teamtailor/webhook";
constexpr char kConfigPath[] = "/teamtailor/config";
constexpr char kRescreenPath[] = "/teamtailor/rescreen";
constexpr char kCompanyWebhookPath[] = "/teamtailor/company-webhook";

// Teamtailor shows a plain-text error body as the failed result's message.
void PlainError(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(message + "\n", "text/plain; charset=utf-8");
}

// Reads the body through `reader` (httplib undoes Content-Encoding while it
// streams) and stops as soon as more than kMaxWebhookBytes arrived, on the
// wire or inflated: a gzip bomb is never inflated past the cap. Fills `res`
// with 413/400 and returns false on failure.
bool ReadCappedBody(const httplib::ContentReader& reader, httplib::Response& res, std::string* body,
                    std::string* outcome) {
  bool too_large = false;
  const bool ok = reader([&](const char* data, size_t n) {
    if (body->size() + n > kMaxWebhookBytes) {
      too_large = true;
      return false;
    }
    body->append(data, n);
    return true;
  });
  if (ok) return true;
  // The rest of the body is unread: the connection cannot carry another request.
  res.set_header("Connection", "close");
  if (too_large || res.status == 413) {
    *outcome = "too_large";
    PlainError(res, 413, "body larger than 1 MiB (after Content-Encoding is undone)");
  } else {
    *outcome = "malformed";
    PlainError(res, 400, "the body could not be read (truncated, or a bad Content-Encoding)");
  }
  return false;
}

}  // namespace

HttpServer::HttpServer(HttpOptions options, IngestStore* store, JobsStore* jobs, JobSync* sync, db::Pool* pool,
                       IngestMetrics* metrics)
    : options_(std::move(options)), store_(store), jobs_(jobs), sync_(sync), pool_(pool), metrics_(metrics),
      server_(std::make_unique<httplib::Server>()) {
  if (options_.company_webhook_secret.empty()) options_.company_webhook_secret = options_.partner_webhook_secret;
  Routes();
}

// Order: everything in the headers first (integration key, the signature's
// form and timestamp), then the body is read with the size cap, then the
// event id is found by a linear scan and the signature checked over it, and
// only then is the body scanned for depth and NUL and parsed.
std::optional<HttpServer::Accepted> HttpServer::AuthenticatePartner(const httplib::Request& req,
                                                                    httplib::Response& res,
                                                                    const httplib::ContentReader& reader,
                                                                    std::string* outcome) {
  auto token = BearerToken(req.get_header_value("Authorization"));
  if (!token.ok()) {
    *outcome = "unauthenticated";
    PlainError(res, 401, "missing integration key (Authorization: Bearer <Integration Key>)");
    return std::nullopt;
  }
  auto integration = store_->FindByIntegrationKey(*token);
  if (!integration.ok()) {
    if (!absl::IsNotFound(integration.status())) {
      *outcome = "error";
      PlainError(res, 503, "CLARA is temporarily unavailable; please retry");
    } else {
      *outcome = "unauthenticated";
      PlainError(res, 401, "unknown integration key; connect CLARA to Teamtailor first");
    }
    return std::nullopt;
  }
  if (!integration->active) {
    *outcome = "disconnected";
    PlainError(res, 403, "this CLARA integration is disconnected; reconnect it in CLARA to screen candidates");
    return std::nullopt;
  }
  const std::string signature = req.get_header_value("Teamtailor-Signature");
  if (absl::Status pre = PrecheckPartnerSignature(signature, options_.now(), options_.signature_tolerance);
      !pre.ok()) {
    *outcome = "bad_signature";
    PlainError(res, 401, absl::StrCat("invalid Teamtailor-Signature: ", pre.message()));
    return std::nullopt;
  }
  std::string body;
  if (!ReadCappedBody(reader, res, &body, outcome)) return std::nullopt;
  if (absl::Status text = teamtailor::CheckJsonText(body, teamtailor::kMaxPartnerEventDepth); !text.ok()) {
    *outcome = absl::IsResourceExhausted(text) ? "too_deep" : "invalid_text";
    PlainError(res, 400, std::string(text.message()));
    return std::nullopt;
  }
  auto event_id = PartnerEventId(body);
  if (!event_id.ok()) {
    *outcome = "malformed";
    PlainError(res, 400, std::string(event_id.status().message()));
    return std::nullopt;
  }
  auto sig = VerifyPartnerSignature(signature, *event_id, options_.partner_webhook_secret, options_.now(),
                                    options_.signature_tolerance);
  if (!sig.ok()) {
    *outcome = "bad_signature";
    PlainError(res, 401, absl::StrCat("invalid Teamtailor-Signature: ", sig.message()));
    return std::nullopt;
  }
  auto hook = ParsePartnerWebhook(body);
  if (!hook.ok()) {
    *outcome = "malformed";
    PlainError(res, 400, std::string(hook.status().message()));
    return std::nullopt;
  }
  // A body with two partner-event members: the one parsed must be the one signed.
  if (hook->partner_event().id() != *event_id) {
    *outcome = "bad_signature";
    PlainError(res, 401, "invalid Teamtailor-Signature: it does not cover this event");
    return std::nullopt;
  }
  return Accepted{*integration, *std::move(hook)};
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Routes() {
  server_->set_payload_max_length(kMaxWebhookBytes);
  // Statuses httplib answers itself (413, 404, ...) get a plain-text reason.
  server_->set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413) {
      PlainError(res, 413, "body larger than 1 MiB");
    } else if (res.status == 404) {
      PlainError(res, 404, "no such endpoint");
    } else {
      PlainError(res, res.status, "request refused");
    }
  });
  server_->set_read_timeout(10, 0);
  server_->set_write_timeout(10, 0);

  // Content-reader handlers: httplib reads (and inflates) the body only when
  // the handler asks, after the headers were checked.
  server_->Post(kWebhookPath, [this](const httplib::Request& req, httplib::Response& res,
                                     const httplib::ContentReader& reader) {
    const absl::Time start = absl::Now();
    std::string outcome;
    std::string event_id;
    [&] {
      auto accepted = AuthenticatePartner(req, res, reader, &outcome);
      if (!accepted) return;
      const auto& event = accepted->hook.partner_event();
      event_id = event.id();
      // Bulk mode sends no job: the résumé worker checks the application's job.
      if (const int64_t job_id = event.candidate().job().id(); job_id != 0) {
        auto selected = jobs_->IsSelected(accepted->integration.id, job_id);
        if (!selected.ok()) {
          outcome = "error";
          return PlainError(res, 503, "CLARA is temporarily unavailable; please retry");
        }
        if (!*selected) {
          outcome = "unselected_job";
          return PlainError(res, 422, absl::StrCat("CLARA does not screen the job \"", event.candidate().job().title(),
                                                   "\" (", job_id, "): an admin can select it in CLARA"));
        }
      }
      auto stored = store_->AcceptEvent(accepted->integration.id, event);
      if (!stored.ok()) {
        outcome = "error";
        log::Error("webhook not stored", {{"event_id", event_id}, {"code", absl::StatusCodeToString(stored.status().code())}});
        return PlainError(res, 503, "CLARA could not store the event; please send it again");
      }
      outcome = *stored ? "accepted" : "duplicate";
      res.status = 200;
      res.set_content(R"({"partner_result_attributes":{"status":"pending"}})", "application/json");
    }();
    metrics_->webhooks->Add({{"outcome", outcome}}).Increment();
    metrics_->webhook_duration->Add({{"outcome", outcome}}, metrics::LatencyBuckets())
        .Observe(absl::ToDoubleSeconds(absl::Now() - start));
    log::Info("partner webhook", {{"outcome", outcome}, {"status", res.status}, {"event_id", event_id}});
  });
  auto method_not_allowed = [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Allow", "POST");
    PlainError(res, 405, "use POST");
  };
  server_->Get(kWebhookPath, method_not_allowed);
  server_->Put(kWebhookPath, method_not_allowed);
  server_->Patch(kWebhookPath, method_not_allowed);
  server_->Delete(kWebhookPath, method_not_allowed);

  server_->Post(kRescreenPath, [this](const httplib::Request& req, httplib::Response& res,
                                      const httplib::ContentReader& reader) {
    std::string outcome;
    auto accepted = AuthenticatePartner(req, res, reader, &outcome);
    if (accepted) {
      absl::Status s = store_->Rescreen(accepted->integration.id, accepted->hook.partner_event().id());
      if (absl::IsNotFound(s)) {
        outcome = "unknown_event";
        PlainError(res, 404, "CLARA never received this candidate's event; move the candidate into the trigger stage");
      } else if (!s.ok()) {
        outcome = "error";
        PlainError(res, 503, "CLARA could not queue the re-screen; please try again");
      } else {
        outcome = "rescreen";
        res.set_content(R"({"partner_result_attributes":{"status":"pending"}})", "application/json");
      }
    }
    metrics_->webhooks->Add({{"outcome", outcome}}).Increment();
    log::Info("re-screen requested", {{"outcome", outcome}, {"status", res.status}});
  });

  server_->Post(kCompanyWebhookPath, [this](const httplib::Request& req, httplib::Response& res,
                                            const httplib::ContentReader& reader) {
    CompanyWebhook(req, res, reader);
  });

  server_->Get(kConfigPath, [this](const httplib::Request& req, httplib::Response& res) {
    auto token = BearerToken(req.get_header_value("Authorization"));
    if (!token.ok()) return PlainError(res, 401, "missing integration key");
    auto integration = store_->FindByIntegrationKey(*token);
    if (!integration.ok() || !integration->active) return PlainError(res, 401, "unknown integration key");
    // The job's rubric gives the assessment criteria (bulk mode: no job_id).
    nlohmann::json criteria = nlohmann::json::array();
    int64_t job_id = 0;
    if (req.has_param("job_id") && absl::SimpleAtoi(req.get_param_value("job_id"), &job_id) && job_id > 0) {
      auto rubric = jobs_->LatestRubric(integration->id, job_id);
      if (rubric.ok() && rubric->has_value()) {
        for (const auto& c : (*rubric)->criteria()) criteria.push_back({{"id", c.id()}, {"label", c.label()}});
      }
    }
    nlohmann::json config = {
        {"config",
         {{"fields",
           {{{"id", "threshold"},
             {"label", "Pre-qualification threshold (0-100)"},
             {"type", "number"},
             {"required", false}},
            {{"id", "rubric_version"},
             {"label", "Rubric version (empty = newest)"},
             {"type", "number"},
             {"required", false}}}},
          {"assessment-criteria", criteria}}}};
    res.set_content(config.dump(), "application/json");
  });

  server_->Get("/healthz", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
  server_->Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
    if (draining_) return PlainError(res, 503, "draining");
    int version = -1;
    absl::Status s = pool_->WithConnection([&](pqxx::connection& conn) -> absl::Status {
      auto v = db::SchemaVersion(conn);
      if (!v.ok()) return v.status();
      version = *v;
      return absl::OkStatus();
    });
    if (!s.ok()) return PlainError(res, 503, "database unreachable");
    // Migrations are forward-only and additive, so a newer schema serves an
    // older build during a rolling upgrade; an older one does not.
    if (version < db::ExpectedSchemaVersion()) {
      return PlainError(res, 503, absl::StrCat("schema version ", version, ", expected at least ",
                                               db::ExpectedSchemaVersion(), " (run clara-migrate)"));
    }
    res.set_content("ready\n", "text/plain");
  });
}

void HttpServer::CompanyWebhook(const httplib::Request& req, httplib::Response& res,
                                const httplib::ContentReader& reader) {
  std::string outcome, event_name;
  [&] {
    auto token = BearerToken(req.get_header_value("Authorization"));
    auto integration = token.ok() ? store_->FindByIntegrationKey(*token) : absl::StatusOr<StoredIntegration>(token.status());
    if (!integration.ok() || !integration->active) {
      outcome = "unauthenticated";
      return PlainError(res, 401, "unknown or disconnected integration key");
    }
    std::string body;
    if (!ReadCappedBody(reader, res, &body, &outcome)) return;
    if (absl::Status text = teamtailor::CheckJsonText(body, teamtailor::kMaxPartnerEventDepth); !text.ok()) {
      outcome = absl::IsResourceExhausted(text) ? "too_deep" : "invalid_text";
      return PlainError(res, 400, std::string(text.message()));
    }
    auto raw = RawMember(body, "payload");
    if (!raw.ok()) {
      outcome = "malformed";
      return PlainError(res, 400, std::string(raw.status().message()));
    }
    auto sig = VerifyCompanySignature(req.get_header_value("TT-Signature"), *raw, options_.company_webhook_secret,
                                      options_.now(), options_.signature_tolerance);
    if (!sig.ok()) {
      outcome = "bad_signature";
      return PlainError(res, 401, absl::StrCat("invalid TT-Signature: ", sig.message()));
    }
    auto payload = nlohmann::json::parse(*raw, nullptr, false);
    if (!payload.is_object() || !payload.contains("event_name") || !payload["event_name"].is_string() ||
        !payload.contains("data") || !payload["data"].is_object()) {
      outcome = "malformed";
      return PlainError(res, 400, "payload needs event_name and data");
    }
    event_name = payload["event_name"].get<std::string>();
    const nlohmann::json& data = payload["data"];
    int64_t id = 0;
    if (data.contains("id")) {
      if (data["id"].is_string()) absl::SimpleAtoi(data["id"].get<std::string>(), &id);
      else if (data["id"].is_number_integer()) id = data["id"].get<int64_t>();
    }
    if (id <= 0) {
      outcome = "malformed";
      return PlainError(res, 400, "payload.data.id is missing");
    }
    const std::string& tenant = integration->id;
    const nlohmann::json attrs = data.value("attributes", nlohmann::json::object());
    const nlohmann::json rel = data.value("relationships", nlohmann::json::object());
    auto related = [&](const char* name) -> int64_t {
      int64_t v = 0;
      if (rel.contains(name) && rel[name].is_object() && rel[name].contains("data") && rel[name]["data"].is_object() &&
          rel[name]["data"].contains("id") && rel[name]["data"]["id"].is_string()) {
        absl::SimpleAtoi(rel[name]["data"]["id"].get<std::string>(), &v);
      }
      return v;
    };
    absl::Status s;
    if (event_name == "job.create" || event_name == "job.update") {
      // The body is a hint: the job is read again from the API.
      s = sync_->SyncOne(tenant, id);
      if (absl::IsNotFound(s)) s = absl::OkStatus();
    } else if (event_name == "job.destroy") {
      s = jobs_->MarkDeleted(tenant, id);
    } else if (event_name == "candidate.destroy") {
      auto erased = store_->EraseCandidate(tenant, id);
      s = erased.status();
      if (erased.ok()) log::Info("candidate erased", {{"integration_id", tenant}, {"events", *erased}});
    } else if (event_name == "candidate.update") {
      s = store_->MarkEvidenceStale(tenant, id);
    } else if (event_name == "job_application.update") {
      const bool rejected = attrs.contains("rejected-at") && attrs["rejected-at"].is_string();
      const int64_t candidate = related("candidate"), job = related("job"), stage = related("stage");
      if (candidate > 0 && job > 0) {
        s = store_->RecordHumanDecision(tenant, candidate, job, id, rejected ? "rejected" : "moved", stage);
      }
    }
    if (!s.ok()) {
      outcome = "error";
      log::Error("company webhook not applied",
                 {{"event_name", event_name}, {"code", absl::StatusCodeToString(s.code())}});
      return PlainError(res, 503, "CLARA could not apply the change; please retry");
    }
    outcome = "applied";
    res.set_content("{}", "application/json");
  }();
  metrics_->company_webhooks->Add({{"outcome", outcome}}).Increment();
  log::Info("company webhook", {{"outcome", outcome}, {"event_name", event_name}, {"status", res.status}});
}

absl::Status HttpServer::Start() {
  if (options_.port == 0) {
    port_ = server_->bind_to_any_port(options_.host.c_str());
  } else {
    port_ = server_->bind_to_port(options_.host.c_str(), options_.port) ? options_.port : -1;
  }
  if (port_ <= 0) return absl::UnavailableError(absl::StrCat("cannot listen for HTTP on port ", options_.port));
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  return absl::OkStatus();
}

void HttpServer::Stop() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

}  // namespace clara::ingest
