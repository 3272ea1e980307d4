// Implementation of partner.h.
#include "tools/teamtailor-sim/partner.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tools/teamtailor-sim/crypto.h"
#include "tools/teamtailor-sim/resources.h"

namespace clara::ttsim {
namespace {

int Depth(const Json& v) {
  if (!v.is_object() && !v.is_array()) return 0;
  int child = 0;
  for (const auto& c : v) child = std::max(child, Depth(c));
  return 1 + child;
}

bool IsScore(const Json& v) {
  return v.is_number_integer() && v.get<int64_t>() >= 0 && v.get<int64_t>() <= 100;
}

Json CustomFieldsFor(const Company& c, absl::string_view owner_type, int64_t owner_id) {
  Json out = Json::array();
  for (const auto& [id, v] : c.custom_field_values) {
    if (v.owner_type != owner_type || v.owner_id != owner_id) continue;
    auto f = c.custom_fields.find(v.custom_field_id);
    if (f == c.custom_fields.end()) continue;
    Json entry = Json::object();
    entry[f->second.api_name] = {{"value", v.value}, {"type", CustomFieldEventType(f->second)}};
    out.push_back(entry);
  }
  return out;
}

}  // namespace

bool IsPartnerResultStatus(absl::string_view s) {
  for (const char* x : kPartnerResultStatuses) {
    if (s == x) return true;
  }
  return false;
}

std::string PartnerSignatureHeader(absl::string_view secret, int64_t t, absl::string_view event_id,
                                   absl::string_view decoy_hex) {
  return absl::StrCat("t=", t, ",v1=", HmacSha256Hex(secret, absl::StrCat(t, ".", event_id)),
                      ",v0=", decoy_hex);
}

bool IsHttpUrl(absl::string_view url) {
  std::string lower = absl::AsciiStrToLower(url);
  absl::string_view rest;
  if (absl::StartsWith(lower, "https://")) {
    rest = absl::string_view(url).substr(8);
  } else if (absl::StartsWith(lower, "http://")) {
    rest = absl::string_view(url).substr(7);
  } else {
    return false;
  }
  if (rest.empty() || rest[0] == '/' || rest[0] == '?' || rest[0] == '#') return false;
  for (char ch : url) {
    if (ch == ' ' || static_cast<unsigned char>(ch) < 0x20) return false;
  }
  return true;
}

Json AnswerForEvent(const Question& q, const Answer& a) {
  if (q.question_type == "Boolean") {
    return a.boolean ? Json(*a.boolean ? "yes" : "no") : Json(nullptr);
  }
  if (q.question_type == "Choice") {
    Json out = Json::array();
    for (int64_t id : a.choices) {
      for (const Alternative& alt : q.alternatives) {
        if (alt.id == id) out.push_back(alt.title);
      }
    }
    return out;
  }
  if (q.question_type == "Range") {
    return a.range ? Json(absl::StrCat(*a.range, " ", q.unit)) : Json(nullptr);
  }
  return a.text ? Json(*a.text) : Json(nullptr);
}

Json BuildPartnerEvent(const Company& c, const PartnerEventInput& in) {
  const JobApplication& app = c.job_applications.at(in.job_application_id);
  const Candidate& cand = c.candidates.at(app.candidate_id);
  const Job& job = c.jobs.at(app.job_id);
  const Stage& stage = c.stages.at(app.stage_id);

  auto name_of = [](const auto& m, int64_t id) -> Json {
    auto it = m.find(id);
    return it == m.end() ? Json(nullptr) : Json(it->second.name);
  };

  Json triggered_by = nullptr;
  if (auto u = c.users.find(in.triggered_by_user_id); u != c.users.end()) {
    triggered_by = {{"id", u->second.id}, {"email", u->second.email}, {"name", u->second.name}};
  }
  Json job_json = Json::object();
  job_json["id"] = job.id;
  job_json["title"] = job.title;
  job_json["stage-id"] = stage.id;
  job_json["stage"] = stage.name;
  job_json["tags"] = job.tags;
  job_json["trigger-id"] = stage.trigger_id;
  job_json["custom-fields"] = CustomFieldsFor(c, "jobs", job.id);
  job_json["status"] = {{"rejected", app.rejected_at.has_value()}};
  job_json["triggered-by"] = triggered_by;

  Json recruiter = nullptr;
  if (auto u = c.users.find(job.user_id); u != c.users.end()) {
    recruiter = {{"name", u->second.name}, {"email", u->second.email}, {"phone", u->second.phone}};
  }
  Json locations = Json::array();
  for (int64_t id : job.location_ids) {
    auto l = c.locations.find(id);
    if (l == c.locations.end()) continue;
    locations.push_back({{"name", l->second.name},
                         {"address", absl::StrCat(l->second.address, ", ", l->second.zip, " ",
                                                  l->second.city, ", ", l->second.country)}});
  }
  Json questions = Json::array();
  std::vector<const PickedQuestion*> picked;
  for (const auto& [id, p] : c.picked_questions) {
    if (p.job_id == job.id) picked.push_back(&p);
  }
  std::sort(picked.begin(), picked.end(),
            [](auto* a, auto* b) { return a->row_order < b->row_order; });
  for (const PickedQuestion* p : picked) {
    const Question& q = c.questions.at(p->question_id);
    for (const auto& [id, a] : c.answers) {
      if (a.candidate_id == cand.id && a.question_id == q.id) {
        questions.push_back({{"question", q.title}, {"answer", AnswerForEvent(q, a)}});
      }
    }
  }

  Json candidate = Json::object();
  candidate["id"] = cand.id;
  candidate["uuid"] = cand.uuid;
  candidate["first-name"] = cand.first_name;
  candidate["last-name"] = cand.last_name;
  candidate["email"] = cand.email;
  candidate["phone"] = cand.phone;
  candidate["picture-url"] = nullptr;
  candidate["tags"] = cand.tags;
  candidate["department"] = name_of(c.departments, job.department_id);
  candidate["role"] = name_of(c.roles, job.role_id);
  candidate["job"] = job_json;
  candidate["recruiter"] = recruiter;
  candidate["locations"] = locations;
  candidate["questions"] = questions;
  candidate["custom-fields"] = CustomFieldsFor(c, "candidates", cand.id);
  candidate["uploads"] = Json::array();
  if (!in.resume_url.empty()) {
    candidate["resume"] = {{"file-name", cand.resume_file_name}, {"url", in.resume_url}};
  }

  Json event = Json::object();
  event["id"] = in.event_id;
  event["webhook-data"] = stage.webhook_data;
  event["partner-result"] = {
      {"id", in.partner_result_id}, {"status", "sending"}, {"update-url", in.update_url}};
  event["candidate"] = candidate;

  Json body = Json::object();
  body["partner-event"] = event;
  body["company"] = {{"uuid", c.uuid}, {"name", c.name}, {"url", c.url}};
  return body;
}

std::vector<ApiError> ValidatePartnerResultAttributes(const Json& attributes, bool create) {
  std::vector<ApiError> errors;
  const std::string base = "/data/attributes";
  auto fail = [&](std::string path, std::string field, std::string title) {
    errors.push_back(Invalid(absl::StrCat(base, path), std::move(field), std::move(title)));
  };
  if (!attributes.is_object()) {
    fail("", "attributes", "must be an object");
    return errors;
  }
  for (const auto& [key, value] : attributes.items()) {
    if (key == "status") {
      if (!value.is_string() || !IsPartnerResultStatus(value.get<std::string>())) {
        fail("/status", "status",
             "is not included in the list (sending, sent, pending, completed, failed)");
      }
    } else if (key == "summary") {
      if (!value.is_string() && !value.is_null()) fail("/summary", "summary", "must be a string");
    } else if (key == "url") {
      if (!value.is_null() && (!value.is_string() || !IsHttpUrl(value.get<std::string>()))) {
        fail("/url", "url", "must be an http(s) URL");
      }
    } else if (key == "assessment") {
      if (!value.is_object()) {
        fail("/assessment", "assessment", "must be an object");
        continue;
      }
      for (const auto& [k, v] : value.items()) {
        if (k == "score") {
          if (!IsScore(v)) fail("/assessment/score", "score", "must be an integer between 0 and 100");
        } else if (k == "grade") {
          bool ok = false;
          for (const char* g : kPartnerResultGrades) ok = ok || (v.is_string() && v == g);
          if (!ok) {
            fail("/assessment/grade", "grade",
                 "is not included in the list (top_fit, might_be_fit, might_not_be_fit, unknown)");
          }
        } else {
          fail(absl::StrCat("/assessment/", k), k, "is not allowed");
        }
      }
    } else if (key == "details") {
      if (value.is_null()) continue;
      if (!value.is_object()) {
        fail("/details", "details", "must be an object");
      } else if (Depth(value) > 2) {
        fail("/details", "details", "can be at most 2 levels deep");
      }
    } else if (key == "assessment-criteria") {
      if (!value.is_array()) {
        fail("/assessment-criteria", "assessment-criteria", "must be an array");
        continue;
      }
      for (size_t i = 0; i < value.size(); ++i) {
        const Json& item = value[i];
        std::string at = absl::StrCat("/assessment-criteria/", i);
        if (!item.is_object() || !item.contains("id") || !item["id"].is_string() ||
            item["id"].get<std::string>().empty()) {
          fail(at + "/id", "id", "can't be blank");
          continue;
        }
        if (!item.contains("score") || !IsScore(item["score"])) {
          fail(at + "/score", "score", "must be an integer between 0 and 100");
        }
        for (const auto& [k, v] : item.items()) {
          if (k != "id" && k != "score") fail(absl::StrCat(at, "/", k), k, "is not allowed");
        }
      }
    } else if (key == "attachments") {
      if (!value.is_array()) {
        fail("/attachments", "attachments", "must be an array");
        continue;
      }
      for (size_t i = 0; i < value.size(); ++i) {
        const Json& item = value[i];
        std::string at = absl::StrCat("/attachments/", i);
        bool exact = item.is_object() && item.size() == 2 && item.contains("url") &&
                     item.contains("description");
        if (!exact) {
          fail(at, "attachments", "must have exactly the keys url and description");
          continue;
        }
        if (!item["url"].is_string() || !IsHttpUrl(item["url"].get<std::string>())) {
          fail(at + "/url", "url", "must be an http(s) URL");
        }
        if (!item["description"].is_string()) {
          fail(at + "/description", "description", "must be a string");
        }
      }
    } else if (key == "actions") {
      if (!value.is_array()) {
        fail("/actions", "actions", "must be an array");
        continue;
      }
      for (size_t i = 0; i < value.size(); ++i) {
        const Json& item = value[i];
        std::string at = absl::StrCat("/actions/", i);
        bool exact = item.is_object() && item.size() == 2 && item.contains("buttonText") &&
                     item.contains("endpoint") && item["buttonText"].is_string() &&
                     item["endpoint"].is_string();
        if (!exact) {
          fail(at, "actions", "must have exactly the string keys buttonText and endpoint");
          continue;
        }
        std::string endpoint = item["endpoint"].get<std::string>();
        bool ok = !endpoint.empty() && endpoint[0] != '/' && !absl::StrContains(endpoint, "..");
        for (char ch : endpoint) {
          ok = ok && (absl::ascii_isalnum(static_cast<unsigned char>(ch)) || ch == '-' ||
                      ch == '_' || ch == '/');
        }
        if (!ok) fail(at + "/endpoint", "endpoint", "must be a relative path");
      }
    } else if (create && key == "candidate-id") {
      if (!value.is_number_integer() || value.get<int64_t>() <= 0) {
        fail("/candidate-id", "candidate-id", "must be a number");
      }
    } else if (create && key == "job-id") {
      if (!value.is_number_integer()) fail("/job-id", "job-id", "must be a number");
    } else {
      fail(absl::StrCat("/", key), key, "is not allowed");
    }
  }
  if (create) {
    if (!attributes.contains("status")) fail("/status", "status", "can't be blank");
    if (!attributes.contains("candidate-id")) fail("/candidate-id", "candidate-id", "can't be blank");
  }
  return errors;
}

}  // namespace clara::ttsim
