// The partner API of the simulator: PUT/POST /partner/v1/partner-results, authenticated with the
// partner API key, versioned with the partner API version, validated per the contract.
#include <httplib.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "tools/teamtailor-sim/crypto.h"
#include "tools/teamtailor-sim/partner.h"
#include "tools/teamtailor-sim/resources.h"
#include "tools/teamtailor-sim/server.h"

namespace clara::ttsim {
namespace {

constexpr char kPartnerKeyName[] = "partner";

// Accepts "Token token=<key>", "Token <key>" and "Bearer <key>".
bool PartnerKeyMatches(const std::string& header, const std::string& key) {
  absl::string_view v = header;
  if (!absl::ConsumePrefix(&v, "Token token=") && !absl::ConsumePrefix(&v, "Token ") &&
      !absl::ConsumePrefix(&v, "Bearer ")) {
    return false;
  }
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  return !key.empty() && ConstantTimeEquals(v, key);
}

}  // namespace

void SimServer::HandlePartner(const httplib::Request& req, httplib::Response& res) {
  const bool authorized = PartnerKeyMatches(req.get_header_value("Authorization"),
                                            options_.partner_api_key);
  const std::string key_name = kPartnerKeyName;
  if (authorized) limiter_.RecordRequest(key_name);
  bool lose_answer = false;
  const bool writing = req.method == "POST" || req.method == "PATCH" || req.method == "PUT";
  if (ApplyFaults(res, authorized, &key_name, writing && authorized ? &lose_answer : nullptr)) return;
  if (!authorized) {
    res.status = 401;
    return;
  }
  res.set_header("X-Api-Version", options_.partner_api_version);
  if (ApplyRateLimit(res, key_name)) return;
  if (req.get_header_value("X-Api-Version") != options_.partner_api_version) {
    Json error = Json::object();
    error["status"] = 406;
    error["title"] = "Invalid/Missing API Version";
    error["detail"] = absl::StrCat(
        "Please provide a correct API version in the X-Api-Version header. Current version is: ",
        options_.partner_api_version);
    SendJson(res, 406, {{"errors", Json::array({error})}});
    return;
  }
  const bool write = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
  if (write && req.get_header_value("Content-Type") != kJsonApiMediaType) {
    SendErrors(res, {{415, "Unsupported media type",
                      absl::StrCat("Partner results must be sent as '", kJsonApiMediaType,
                                   "'. This request specified '",
                                   req.get_header_value("Content-Type"), "'."),
                      "415", "", ""}});
    return;
  }
  absl::string_view path = req.path;
  Reply reply{404, ErrorBody({{404, "Not found", "No route matches this path.", "404", "", ""}}), ""};
  if (absl::ConsumePrefix(&path, "/partner/v1/partner-results")) {
    if (req.method == "POST" && (path.empty() || path == "/")) {
      reply = PartnerPost(req);
    } else if ((req.method == "PUT" || req.method == "PATCH") && absl::ConsumePrefix(&path, "/") &&
               !path.empty() && !absl::StrContains(path, '/')) {
      reply = PartnerPut(req, std::string(path));
    }
  }
  if (lose_answer) return LoseAnswer(req);  // applied, but the client never hears of it
  if (!reply.location.empty()) res.set_header("Location", reply.location);
  if (reply.body) {
    SendJson(res, reply.status, *reply.body);
  } else {
    res.status = reply.status;
  }
}

SimServer::Reply SimServer::PartnerPut(const httplib::Request& req, const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = company_.partner_results.find(id);
  if (it == company_.partner_results.end()) return {404, ErrorBody({NotFound(id)}), ""};
  Json body = Json::parse(req.body, nullptr, false);
  if (body.is_discarded()) {
    return {400, ErrorBody({{400, "Bad Request", "The request body is not valid JSON.", "400", "", ""}}), ""};
  }
  std::vector<ApiError> errors;
  if (!body.is_object() || !body.contains("data") || !body["data"].is_object()) {
    errors.push_back(Invalid("/data", "data", "can't be blank"));
    return {422, ErrorBody(errors), ""};
  }
  const Json& data = body["data"];
  if (!data.contains("type") || data["type"] != "partner-results") {
    errors.push_back(Invalid("/data/type", "type", "must be partner-results"));
  }
  if (!data.contains("id") || !data["id"].is_string() || data["id"] != id) {
    errors.push_back(Invalid("/data/id", "id", "must match the id in the URL"));
  }
  const Json attributes = data.contains("attributes") ? data["attributes"] : Json::object();
  for (ApiError& e : ValidatePartnerResultAttributes(attributes, /*create=*/false)) {
    errors.push_back(std::move(e));
  }
  if (!errors.empty()) return {422, ErrorBody(errors), ""};

  absl::Time now = clock_->Now();
  PartnerResult& r = it->second;
  for (const auto& [k, v] : attributes.items()) r.attributes[k] = v;
  r.updated_at = now;
  r.history.push_back({{"at", FormatIsoTime(now)}, {"source", "put"}, {"attributes", attributes}});
  Log({{"event", "partner_result_updated"}, {"partner_result_id", id},
       {"status", r.attributes.value("status", "")}});
  Resource res = *BuildResource(company_, MakeResourceContext(), "partner-results", id);
  return {200, Json{{"data", RenderResource(res, base_url(), {})}}, ""};
}

SimServer::Reply SimServer::PartnerPost(const httplib::Request& req) {
  std::lock_guard<std::mutex> lock(mu_);
  Json body = Json::parse(req.body, nullptr, false);
  if (body.is_discarded()) {
    return {400, ErrorBody({{400, "Bad Request", "The request body is not valid JSON.", "400", "", ""}}), ""};
  }
  std::vector<ApiError> errors;
  if (!body.is_object() || !body.contains("data") || !body["data"].is_object()) {
    errors.push_back(Invalid("/data", "data", "can't be blank"));
    return {422, ErrorBody(errors), ""};
  }
  const Json& data = body["data"];
  if (!data.contains("type") || data["type"] != "partner-results") {
    errors.push_back(Invalid("/data/type", "type", "must be partner-results"));
  }
  const Json attributes = data.contains("attributes") ? data["attributes"] : Json::object();
  errors = [&] {
    std::vector<ApiError> all = errors;
    for (ApiError& e : ValidatePartnerResultAttributes(attributes, /*create=*/true)) all.push_back(e);
    return all;
  }();
  int64_t candidate_id = 0, job_id = 0;
  if (errors.empty()) {
    candidate_id = attributes["candidate-id"].get<int64_t>();
    if (!company_.candidates.count(candidate_id)) {
      errors.push_back(Invalid("/data/attributes/candidate-id", "candidate-id", "does not exist"));
    }
    if (attributes.contains("job-id")) {
      job_id = attributes["job-id"].get<int64_t>();
      if (!company_.jobs.count(job_id)) {
        errors.push_back(Invalid("/data/attributes/job-id", "job-id", "does not exist"));
      }
    }
  }
  if (!errors.empty()) return {422, ErrorBody(errors), ""};

  absl::Time now = clock_->Now();
  PartnerResult r;
  r.id = ids_.NextUuid("partner-result");
  r.candidate_id = candidate_id;
  r.job_id = job_id;
  r.attributes = Json::object();
  for (const auto& [k, v] : attributes.items()) {
    if (k != "candidate-id" && k != "job-id") r.attributes[k] = v;
  }
  r.created_at = r.updated_at = now;
  r.history.push_back({{"at", FormatIsoTime(now)}, {"source", "post"}, {"attributes", r.attributes}});
  company_.partner_results[r.id] = r;
  company_.partner_result_order.push_back(r.id);
  Log({{"event", "partner_result_created"}, {"partner_result_id", r.id}});
  Resource res = *BuildResource(company_, MakeResourceContext(), "partner-results", r.id);
  return {201, Json{{"data", RenderResource(res, base_url(), {})}},
          absl::StrCat(base_url(), "/partner/v1/partner-results/", r.id)};
}

}  // namespace clara::ttsim
