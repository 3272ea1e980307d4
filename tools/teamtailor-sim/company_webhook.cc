// Implementation of company_webhook.h.
#include "tools/teamtailor-sim/company_webhook.h"

#include <algorithm>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "tools/teamtailor-sim/crypto.h"

namespace clara::ttsim {
namespace {

const std::vector<absl::string_view>& RelationshipsOf(absl::string_view type) {
  static const auto* jobs =
      new std::vector<absl::string_view>{"department", "role", "user", "locations", "stages"};
  static const auto* candidates = new std::vector<absl::string_view>{"job-applications"};
  static const auto* applications =
      new std::vector<absl::string_view>{"candidate", "job", "stage", "reject-reason"};
  static const auto* none = new std::vector<absl::string_view>{};
  if (type == "jobs") return *jobs;
  if (type == "candidates") return *candidates;
  if (type == "job-applications") return *applications;
  return *none;
}

}  // namespace

std::string CompanyWebhookEventName(absl::string_view resource_type, absl::string_view action) {
  absl::string_view kind;
  if (resource_type == "jobs") {
    kind = "job";
  } else if (resource_type == "candidates") {
    kind = "candidate";
  } else if (resource_type == "job-applications") {
    kind = "job_application";
  } else {
    return "";
  }
  return absl::StrCat(kind, ".", action);
}

Json CompanyWebhookData(const Resource& r) {
  Json data = Json::object();
  data["id"] = r.id;
  data["type"] = r.type;
  data["attributes"] = r.attributes;
  Json relationships = Json::object();
  const std::vector<absl::string_view>& names = RelationshipsOf(r.type);
  for (const Relationship& rel : r.relationships) {
    if (std::find(names.begin(), names.end(), rel.name) == names.end()) continue;
    Json linkage;
    if (rel.to_many) {
      linkage = Json::array();
      for (const Ref& ref : rel.refs) linkage.push_back({{"type", ref.type}, {"id", ref.id}});
    } else if (rel.refs.empty()) {
      linkage = nullptr;
    } else {
      linkage = {{"type", rel.refs[0].type}, {"id", rel.refs[0].id}};
    }
    relationships[rel.name] = {{"data", linkage}};
  }
  if (!relationships.empty()) data["relationships"] = relationships;
  return data;
}

std::string CompanyWebhookPayloadText(absl::string_view event_name, const Json& data) {
  Json payload = Json::object();
  payload["event_name"] = std::string(event_name);
  payload["data"] = data;
  return payload.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string CompanyWebhookSignature(absl::string_view secret, int64_t t,
                                    absl::string_view payload_text) {
  std::string mac = HmacSha256Hex(secret, absl::StrCat(t, ".", payload_text));
  return absl::Base64Escape(absl::StrCat("t=", t, ",v2=", mac));
}

std::string CompanyWebhookBody(absl::string_view payload_text, absl::string_view signature) {
  return absl::StrCat("{\"payload\":", payload_text,
                      ",\"signature\":", Json(std::string(signature)).dump(), "}");
}

}  // namespace clara::ttsim
