// The simulator's own surface: signed resume downloads (/files/resumes/...) and the
// unauthenticated inspection and control API (/_sim/...): state, stage moves that fire the CLARA
// trigger, fault injection, and partner-result action buttons.
#include <httplib.h>

#include <algorithm>
#include <functional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tools/teamtailor-sim/crypto.h"
#include "tools/teamtailor-sim/resources.h"
#include "tools/teamtailor-sim/server.h"

namespace clara::ttsim {
namespace {

void SendS3Error(httplib::Response& res, int status, const std::string& code,
                 const std::string& message) {
  res.status = status;
  res.set_content(absl::StrCat("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>", code,
                               "</Code><Message>", message, "</Message></Error>"),
                  "application/xml");
}

void SendSimJson(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json");
}

void SendStatus(httplib::Response& res, const absl::Status& status) {
  int code = 500;
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      code = 400;
      break;
    case absl::StatusCode::kNotFound:
      code = 404;
      break;
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
      code = 409;
      break;
    default:
      break;
  }
  SendSimJson(res, code, {{"error", std::string(status.message())}});
}

std::optional<int64_t> IntField(const Json& j, const char* name) {
  if (!j.contains(name)) return std::nullopt;
  const Json& v = j[name];
  if (v.is_number_integer()) return v.get<int64_t>();
  int64_t n;
  if (v.is_string() && absl::SimpleAtoi(v.get<std::string>(), &n)) return n;
  return std::nullopt;
}

}  // namespace

void SimServer::HandleResumeFile(const httplib::Request& req, httplib::Response& res) {
  if (ApplyFaults(res, /*storm_applies=*/false, nullptr)) return;
  const std::string cid = req.matches[1];
  const std::string expires = req.get_param_value("expires");
  const std::string signature = req.get_param_value("signature");
  int64_t expires_at = 0;
  if (expires.empty() || signature.empty() || !absl::SimpleAtoi(expires, &expires_at)) {
    SendS3Error(res, 403, "AccessDenied", "Query-string authentication requires expires and signature");
    return;
  }
  if (!ConstantTimeEquals(signature, HmacSha256Hex(resume_secret_, absl::StrCat(cid, "/", expires)))) {
    SendS3Error(res, 403, "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided.");
    return;
  }
  if (absl::ToUnixSeconds(clock_->Now()) > expires_at) {
    SendS3Error(res, 403, "AccessDenied", "Request has expired");
    return;
  }
  std::shared_ptr<const std::string> pdf;
  std::string file_name;
  {
    std::lock_guard<std::mutex> lock(mu_);
    int64_t id = 0;
    auto it = absl::SimpleAtoi(cid, &id) ? company_.candidates.find(id) : company_.candidates.end();
    if (it != company_.candidates.end()) {
      pdf = it->second.resume_pdf;
      file_name = it->second.resume_file_name;
    }
  }
  if (!pdf) {
    SendS3Error(res, 404, "NoSuchKey", "The specified key does not exist.");
    return;
  }
  res.status = 200;
  res.set_header("Content-Disposition", absl::StrCat("inline; filename=\"", file_name, "\""));
  res.set_content(*pdf, "application/pdf");
}

void SimServer::RegisterSimRoutes() {
  http_->Get("/_sim/health", [](const httplib::Request&, httplib::Response& res) {
    SendSimJson(res, 200, {{"ok", true}});
  });
  http_->Get("/_sim/state", [this](const httplib::Request&, httplib::Response& res) {
    SendSimJson(res, 200, State());
  });
  http_->Get("/_sim/events", [this](const httplib::Request&, httplib::Response& res) {
    SendSimJson(res, 200, Events());
  });
  auto with_body = [](const httplib::Request& req, httplib::Response& res, Json* out) {
    *out = req.body.empty() ? Json::object() : Json::parse(req.body, nullptr, false);
    if (out->is_discarded() || !out->is_object()) {
      SendSimJson(res, 400, {{"error", "body must be a JSON object"}});
      return false;
    }
    return true;
  };
  http_->Post("/_sim/move", [this, with_body](const httplib::Request& req, httplib::Response& res) {
    Json body;
    if (!with_body(req, res, &body)) return;
    absl::StatusOr<Json> out = Move(body);
    if (!out.ok()) return SendStatus(res, out.status());
    SendSimJson(res, 200, *out);
  });
  http_->Post("/_sim/move-all", [this, with_body](const httplib::Request& req, httplib::Response& res) {
    Json body;
    if (!with_body(req, res, &body)) return;
    absl::StatusOr<Json> out = MoveAll(body);
    if (!out.ok()) return SendStatus(res, out.status());
    SendSimJson(res, 200, *out);
  });
  http_->Post("/_sim/trigger-config", [this, with_body](const httplib::Request& req, httplib::Response& res) {
    Json body;
    if (!with_body(req, res, &body)) return;
    absl::StatusOr<Json> out = SetTriggerConfig(body);
    if (!out.ok()) return SendStatus(res, out.status());
    SendSimJson(res, 200, *out);
  });
  http_->Get("/_sim/faults", [this](const httplib::Request&, httplib::Response& res) {
    SendSimJson(res, 200, faults_.Describe());
  });
  http_->Post("/_sim/faults", [this, with_body](const httplib::Request& req, httplib::Response& res) {
    Json body;
    if (!with_body(req, res, &body)) return;
    if (absl::Status s = SetFaults(body); !s.ok()) return SendStatus(res, s);
    SendSimJson(res, 200, faults_.Describe());
  });
  http_->Delete("/_sim/faults", [this](const httplib::Request&, httplib::Response& res) {
    ClearFaults();
    SendSimJson(res, 200, faults_.Describe());
  });
  http_->Get("/_sim/company-webhooks", [this](const httplib::Request&, httplib::Response& res) {
    SendSimJson(res, 200, CompanyWebhooks());
  });
  // Recruiter actions; each answers the resulting resource and the company webhooks it fired.
  auto id_route = [with_body](int ok_status, bool needs_body,
                                    std::function<absl::StatusOr<Json>(int64_t, const Json&)> f) {
    return [with_body, ok_status, needs_body, f](const httplib::Request& req,
                                                httplib::Response& res) {
      int64_t id = 0;
      if (!absl::SimpleAtoi(req.matches[1].str(), &id)) {
        return SendSimJson(res, 400, {{"error", "bad id"}});
      }
      Json body = Json::object();
      if (needs_body && !with_body(req, res, &body)) return;
      absl::StatusOr<Json> out = f(id, body);
      if (!out.ok()) return SendStatus(res, out.status());
      SendSimJson(res, ok_status, *out);
    };
  };
  auto body_route = [with_body](int ok_status,
                                      std::function<absl::StatusOr<Json>(const Json&)> f) {
    return [with_body, ok_status, f](const httplib::Request& req, httplib::Response& res) {
      Json body;
      if (!with_body(req, res, &body)) return;
      absl::StatusOr<Json> out = f(body);
      if (!out.ok()) return SendStatus(res, out.status());
      SendSimJson(res, ok_status, *out);
    };
  };
  http_->Post("/_sim/jobs", body_route(201, [this](const Json& b) { return CreateJob(b); }));
  http_->Patch(R"(/_sim/jobs/(\d+))",
               id_route(200, true, [this](int64_t id, const Json& b) { return UpdateJob(id, b); }));
  http_->Delete(R"(/_sim/jobs/(\d+))",
                id_route(200, false, [this](int64_t id, const Json&) { return DeleteJob(id); }));
  http_->Post("/_sim/candidates",
              body_route(201, [this](const Json& b) { return CreateCandidate(b); }));
  http_->Patch(R"(/_sim/candidates/(\d+))", id_route(200, true, [this](int64_t id, const Json& b) {
                 return UpdateCandidate(id, b);
               }));
  http_->Delete(R"(/_sim/candidates/(\d+))", id_route(200, false, [this](int64_t id, const Json&) {
                  return DeleteCandidate(id);
                }));
  http_->Post("/_sim/applications",
              body_route(201, [this](const Json& b) { return CreateApplication(b); }));
  http_->Post(R"(/_sim/applications/(\d+)/reject)",
              id_route(200, true, [this](int64_t id, const Json& b) {
                return RejectApplication(id, b);
              }));
  http_->Post(R"(/_sim/partner-results/([^/]+)/actions/(\d+))",
              [this](const httplib::Request& req, httplib::Response& res) {
                int index = 0;
                if (!absl::SimpleAtoi(req.matches[2].str(), &index)) {
                  return SendSimJson(res, 400, {{"error", "bad action index"}});
                }
                absl::StatusOr<Json> out = TriggerAction(req.matches[1], index);
                if (!out.ok()) return SendStatus(res, out.status());
                SendSimJson(res, 202, *out);
              });
}

Json SimServer::MoveLocked(int64_t job_application_id, const Stage& stage, int64_t user_id,
                           bool force) {
  JobApplication& app = company_.job_applications.at(job_application_id);
  const bool changed = app.stage_id != stage.id;
  absl::Time now = clock_->Now();
  if (changed) {
    app.stage_id = stage.id;
    app.changed_stage_at = now;
    app.updated_at = now;
  }
  Json out = Json::object();
  out["candidate_id"] = app.candidate_id;
  out["job_application_id"] = app.id;
  out["job_id"] = app.job_id;
  out["stage_id"] = stage.id;
  out["stage"] = stage.name;
  out["moved"] = changed;
  out["fired"] = false;
  out["event_id"] = nullptr;
  out["partner_result_id"] = nullptr;
  if ((changed || force) && stage.trigger_id != 0) {
    std::string event_id = FireTriggerLocked(app.id, user_id);
    out["fired"] = true;
    out["event_id"] = event_id;
    out["partner_result_id"] = company_.events.at(event_id).partner_result_id;
  }
  return out;
}

absl::StatusOr<Json> SimServer::Move(const Json& request) {
  std::optional<int64_t> candidate_id = IntField(request, "candidate_id");
  if (!candidate_id) return absl::InvalidArgumentError("candidate_id (a number) is required");
  std::optional<int64_t> job_id = IntField(request, "job_id");
  std::optional<int64_t> stage_id = IntField(request, "stage_id");
  std::string stage_name = request.value("stage", "");
  if (!stage_id && stage_name.empty()) return absl::InvalidArgumentError("stage or stage_id is required");
  bool force = request.value("force", false);

  std::lock_guard<std::mutex> lock(mu_);
  if (!company_.candidates.count(*candidate_id)) {
    return absl::NotFoundError(absl::StrCat("no candidate ", *candidate_id));
  }
  const JobApplication* app = nullptr;
  for (const auto& [id, a] : company_.job_applications) {
    if (a.candidate_id == *candidate_id && (!job_id || a.job_id == *job_id)) {
      app = &a;
      break;
    }
  }
  if (app == nullptr) return absl::NotFoundError("the candidate has no such job application");
  const Stage* stage = nullptr;
  for (const auto& [id, s] : company_.stages) {
    if (s.job_id != app->job_id) continue;
    if ((stage_id && s.id == *stage_id) || (!stage_id && absl::EqualsIgnoreCase(s.name, stage_name))) {
      stage = &s;
      break;
    }
  }
  if (stage == nullptr) {
    return absl::NotFoundError(absl::StrCat("no stage ", stage_id ? std::to_string(*stage_id) : stage_name,
                                            " on job ", app->job_id));
  }
  int64_t user_id = IntField(request, "user_id").value_or(company_.jobs.at(app->job_id).user_id);
  Json out = MoveLocked(app->id, *stage, user_id, force);
  // A recruiter's stage move is an update of the application.
  if (out["moved"].get<bool>()) {
    FireCompanyWebhookLocked("job-applications", std::to_string(app->id), "update", nullptr);
  }
  return out;
}

absl::StatusOr<Json> SimServer::MoveAll(const Json& request) {
  std::string stage_name = request.value("stage", "");
  if (stage_name.empty()) return absl::InvalidArgumentError("stage (a stage name) is required");
  bool force = request.value("force", false);
  std::lock_guard<std::mutex> lock(mu_);
  Json results = Json::array();
  int moved = 0, fired = 0;
  for (const auto& [id, app] : company_.job_applications) {
    const Stage* stage = nullptr;
    for (const auto& [sid, s] : company_.stages) {
      if (s.job_id == app.job_id && absl::EqualsIgnoreCase(s.name, stage_name)) stage = &s;
    }
    if (stage == nullptr) continue;
    Json r = MoveLocked(id, *stage, company_.jobs.at(app.job_id).user_id, force);
    if (r["moved"].get<bool>()) {
      FireCompanyWebhookLocked("job-applications", std::to_string(id), "update", nullptr);
    }
    moved += r["moved"].get<bool>() ? 1 : 0;
    fired += r["fired"].get<bool>() ? 1 : 0;
    results.push_back(r);
  }
  if (results.empty()) return absl::NotFoundError(absl::StrCat("no job has a stage named ", stage_name));
  return Json{{"moved", moved}, {"fired", fired}, {"results", results}};
}

absl::StatusOr<Json> SimServer::TriggerAction(const std::string& result_id, int index) {
  std::lock_guard<std::mutex> lock(mu_);
  auto r = company_.partner_results.find(result_id);
  if (r == company_.partner_results.end()) {
    return absl::NotFoundError(absl::StrCat("no partner result ", result_id));
  }
  const Json& actions = r->second.attributes.contains("actions") ? r->second.attributes["actions"]
                                                                 : Json::array();
  if (!actions.is_array() || index < 0 || index >= static_cast<int>(actions.size())) {
    return absl::NotFoundError(absl::StrCat("the partner result has no action ", index));
  }
  auto ev = company_.events.find(r->second.event_id);
  if (ev == company_.events.end()) {
    return absl::FailedPreconditionError("the partner result was not created by a partner event");
  }
  std::string endpoint = actions[index]["endpoint"].get<std::string>();
  Json body = ev->second.body;
  Json& candidate = body["partner-event"]["candidate"];
  auto c = company_.candidates.find(ev->second.candidate_id);
  if (c == company_.candidates.end()) {
    return absl::NotFoundError(absl::StrCat("candidate ", ev->second.candidate_id, " was deleted"));
  }
  if (candidate.contains("resume")) {
    candidate["resume"]["url"] = SignedResumeUrl(c->second.id, c->second.resume_file_name);
  }
  QueueDeliveryLocked(ev->second, endpoint, body);
  std::string base = options_.partner_base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return Json{{"queued", !options_.partner_base_url.empty()},
              {"event_id", ev->first},
              {"endpoint", endpoint},
              {"url", absl::StrCat(base, "/", endpoint)}};
}

absl::StatusOr<Json> SimServer::SetTriggerConfig(const Json& request) {
  if (!request.contains("webhook_data") || !request["webhook_data"].is_object()) {
    return absl::InvalidArgumentError("webhook_data (an object) is required");
  }
  std::optional<int64_t> job_id = IntField(request, "job_id");
  std::lock_guard<std::mutex> lock(mu_);
  if (job_id && !company_.jobs.count(*job_id)) return absl::NotFoundError(absl::StrCat("no job ", *job_id));
  if (!job_id) company_.default_webhook_data = request["webhook_data"];  // for jobs created later
  Json stages = Json::array();
  for (auto& [id, s] : company_.stages) {
    if (s.trigger_id == 0 || (job_id && s.job_id != *job_id)) continue;
    s.webhook_data = request["webhook_data"];
    stages.push_back({{"stage_id", s.id}, {"job_id", s.job_id}, {"trigger_id", s.trigger_id}});
  }
  return Json{{"updated", stages}, {"webhook_data", request["webhook_data"]}};
}

absl::Status SimServer::SetFaults(const Json& request) { return faults_.Set(request); }

void SimServer::ClearFaults() { faults_.Clear(); }

Json SimServer::Events() const {
  std::lock_guard<std::mutex> lock(mu_);
  Json out = Json::array();
  for (const std::string& id : company_.event_order) {
    const PartnerEvent& e = company_.events.at(id);
    Json deliveries = Json::array();
    for (const WebhookDelivery& d : e.deliveries) {
      deliveries.push_back({{"endpoint", d.endpoint}, {"status_code", d.status_code},
                            {"outcome", d.outcome}, {"message", d.message}});
    }
    out.push_back({{"id", e.id},
                   {"candidate_id", e.candidate_id},
                   {"job_application_id", e.job_application_id},
                   {"stage_id", e.stage_id},
                   {"partner_result_id", e.partner_result_id},
                   {"created_at", FormatIsoTime(e.created_at)},
                   {"deliveries", deliveries},
                   {"body", e.body}});
  }
  return {{"events", out}};
}

Json SimServer::State() const {
  std::lock_guard<std::mutex> lock(mu_);
  Json candidates = Json::array();
  int64_t events_sent = 0, events_failed = 0, events_queued = 0;
  for (const auto& [eid, e] : company_.events) {
    for (const WebhookDelivery& d : e.deliveries) {
      if (d.outcome == "queued") ++events_queued;
      else if (d.outcome == "failed") ++events_failed;
      else ++events_sent;
    }
  }
  for (const auto& [cid, c] : company_.candidates) {
    Json applications = Json::array();
    const JobApplication* first = nullptr;
    for (const auto& [aid, a] : company_.job_applications) {
      if (a.candidate_id != cid) continue;
      if (first == nullptr) first = &a;
      const Stage& s = company_.stages.at(a.stage_id);
      applications.push_back({{"id", a.id},
                              {"job_id", a.job_id},
                              {"job", company_.jobs.at(a.job_id).title},
                              {"stage_id", s.id},
                              {"stage", s.name},
                              {"rejected", a.rejected_at.has_value()},
                              {"rejected_at", a.rejected_at ? Json(FormatIsoTime(*a.rejected_at)) : Json(nullptr)},
                              {"reject_reason_id", a.reject_reason_id == 0 ? Json(nullptr) : Json(a.reject_reason_id)}});
    }
    Json custom = Json::object();
    for (const auto& [vid, v] : company_.custom_field_values) {
      if (v.owner_type != "candidates" || v.owner_id != cid) continue;
      custom[company_.custom_fields.at(v.custom_field_id).api_name] = {{"id", v.id}, {"value", v.value}};
    }
    Json notes = Json::array();
    for (const auto& [nid, n] : company_.notes) {
      if (n.candidate_id != cid) continue;
      notes.push_back({{"id", n.id},
                       {"note", n.note},
                       {"user_id", n.user_id == 0 ? Json(nullptr) : Json(n.user_id)},
                       {"created_at", FormatIsoTime(n.created_at)}});
    }
    Json results = Json::array();
    for (const std::string& rid : company_.partner_result_order) {
      const PartnerResult& r = company_.partner_results.at(rid);
      if (r.candidate_id != cid) continue;
      const Json& a = r.attributes;
      Json assessment = a.contains("assessment") ? a["assessment"] : Json::object();
      results.push_back({{"id", r.id},
                         {"event_id", r.event_id.empty() ? Json(nullptr) : Json(r.event_id)},
                         {"status", a.value("status", "")},
                         {"score", assessment.contains("score") ? assessment["score"] : Json(nullptr)},
                         {"grade", assessment.contains("grade") ? assessment["grade"] : Json(nullptr)},
                         {"summary", a.contains("summary") ? a["summary"] : Json(nullptr)},
                         {"details", a.contains("details") ? a["details"] : Json(nullptr)},
                         {"attributes", a},
                         {"delivery_message", r.delivery_message},
                         {"history_count", r.history.size()}});
    }
    Json deliveries = Json::array();
    for (const std::string& eid : company_.event_order) {
      const PartnerEvent& e = company_.events.at(eid);
      if (e.candidate_id != cid) continue;
      for (const WebhookDelivery& d : e.deliveries) {
        deliveries.push_back({{"event_id", e.id},
                              {"endpoint", d.endpoint},
                              {"status_code", d.status_code},
                              {"outcome", d.outcome},
                              {"message", d.message}});
      }
    }
    Json entry = Json::object();
    entry["id"] = cid;
    entry["name"] = absl::StrCat(c.first_name, " ", c.last_name);
    if (first != nullptr) {
      const Stage& s = company_.stages.at(first->stage_id);
      entry["job"] = {{"id", first->job_id}, {"title", company_.jobs.at(first->job_id).title}};
      entry["job_application_id"] = first->id;
      entry["stage"] = {{"id", s.id}, {"name", s.name}};
      entry["rejected"] = first->rejected_at.has_value();
    }
    entry["tags"] = c.tags;
    entry["custom_fields"] = custom;
    entry["notes"] = notes;
    entry["partner_results"] = results;
    entry["webhook_deliveries"] = deliveries;
    entry["applications"] = applications;
    candidates.push_back(entry);
  }
  Json keys = Json::array();
  int max_in_window = 0;
  for (const auto& [name, s] : limiter_.Stats()) {
    keys.push_back({{"name", name},
                    {"requests", s.requests},
                    {"rate_limited", s.rate_limited},
                    {"max_requests_in_window", s.max_in_window}});
    max_in_window = std::max(max_in_window, s.max_in_window);
  }
  Json out = Json::object();
  out["company"] = {{"uuid", company_.uuid}, {"name", company_.name}};
  out["candidates"] = candidates;
  out["api_keys"] = keys;
  out["rate_limit"] = {{"limit", limiter_.limit()},
                       {"window_seconds", absl::ToInt64Seconds(limiter_.window())},
                       {"max_requests_in_window", max_in_window}};
  out["events"] = {{"fired", company_.events.size()},
                   {"deliveries_sent", events_sent},
                   {"deliveries_failed", events_failed},
                   {"deliveries_queued", events_queued}};
  Json company_webhooks = Json::array();
  for (const CompanyWebhook& w : company_.company_webhooks) {
    company_webhooks.push_back({{"id", w.id},
                                {"event_name", w.event_name},
                                {"resource_type", w.resource_type},
                                {"resource_id", w.resource_id},
                                {"status_code", w.status_code},
                                {"outcome", w.outcome},
                                {"message", w.message}});
  }
  out["company_webhooks"] = company_webhooks;
  out["faults"] = faults_.Describe();
  return out;
}

Json SimServer::CompanyWebhooks() const {
  std::lock_guard<std::mutex> lock(mu_);
  Json out = Json::array();
  for (const CompanyWebhook& w : company_.company_webhooks) {
    out.push_back({{"id", w.id},
                   {"event_name", w.event_name},
                   {"resource_type", w.resource_type},
                   {"resource_id", w.resource_id},
                   {"url", w.url},
                   {"t", w.t},
                   {"signature", w.signature},
                   {"created_at", FormatIsoTime(w.created_at)},
                   {"status_code", w.status_code},
                   {"outcome", w.outcome},
                   {"message", w.message},
                   {"raw_body", w.body},
                   {"body", Json::parse(w.body, nullptr, false)}});
  }
  return {{"company_webhooks", out}};
}

}  // namespace clara::ttsim
