#include "services/ingest/http_server.h"

#include <httplib.h>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/metrics.h"
#include "services/ingest/webhook.h"

namespace clara::ingest {
namespace {

constexpr char kWebhookPath[] = "/teamtailor/webhook";
constexpr char kConfigPath[] = "/teamtailor/config";

// Teamtailor shows a plain-text error body as the failed result's message.
void PlainError(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(message + "\n", "text/plain; charset=utf-8");
}

}  // namespace

HttpServer::HttpServer(HttpOptions options, IngestStore* store, db::Pool* pool, IngestMetrics* metrics)
    : options_(std::move(options)), store_(store), pool_(pool), metrics_(metrics),
      server_(std::make_unique<httplib::Server>()) {
  Routes();
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
  // httplib answers 413 itself, before any handler; count it here.
  server_->set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    if (req.path == kWebhookPath && res.status == 413) {
      metrics_->webhooks->Add({{"outcome", "too_large"}}).Increment();
    }
  });

  server_->Post(kWebhookPath, [this](const httplib::Request& req, httplib::Response& res) {
    const absl::Time start = absl::Now();
    std::string outcome;
    std::string event_id;
    [&] {
      auto token = BearerToken(req.get_header_value("Authorization"));
      if (!token.ok()) {
        outcome = "unauthenticated";
        return PlainError(res, 401, "missing integration key (Authorization: Bearer <Integration Key>)");
      }
      auto integration = store_->FindByIntegrationKey(*token);
      if (!integration.ok()) {
        outcome = absl::IsNotFound(integration.status()) ? "unauthenticated" : "error";
        if (outcome == "error") return PlainError(res, 503, "CLARA is temporarily unavailable; please retry");
        return PlainError(res, 401, "unknown integration key; connect CLARA to Teamtailor first");
      }
      if (!integration->active) {
        outcome = "disconnected";
        return PlainError(res, 403, "this CLARA integration is disconnected; reconnect it in CLARA to screen candidates");
      }
      auto hook = ParsePartnerWebhook(req.body);
      if (!hook.ok()) {
        outcome = "malformed";
        return PlainError(res, 400, std::string(hook.status().message()));
      }
      event_id = hook->partner_event().id();
      auto sig = VerifyPartnerSignature(req.get_header_value("Teamtailor-Signature"), event_id,
                                        options_.partner_webhook_secret, options_.now(), options_.signature_tolerance);
      if (!sig.ok()) {
        outcome = "bad_signature";
        return PlainError(res, 401, absl::StrCat("invalid Teamtailor-Signature: ", sig.message()));
      }
      auto stored = store_->AcceptEvent(integration->id, hook->partner_event());
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

  server_->Get(kConfigPath, [this](const httplib::Request& req, httplib::Response& res) {
    auto token = BearerToken(req.get_header_value("Authorization"));
    if (!token.ok()) return PlainError(res, 401, "missing integration key");
    auto integration = store_->FindByIntegrationKey(*token);
    if (!integration.ok() || !integration->active) return PlainError(res, 401, "unknown integration key");
    nlohmann::json config = {
        {"config",
         {{"fields",
           {{{"id", "threshold"},
             {"label", "Pre-qualification threshold (0-100)"},
             {"type", "number"},
             {"required", false}}}},
          {"assessment-criteria", nlohmann::json::array()}}}};
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
