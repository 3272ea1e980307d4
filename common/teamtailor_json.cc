#include "common/teamtailor_json.h"

#include <map>

#include <google/protobuf/util/json_util.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace clara::teamtailor {
namespace {

using nlohmann::json;
namespace sv1 = ::clara::screening::v1;

std::string Str(const json& obj, const char* key) {
  if (!obj.is_object() || !obj.contains(key) || !obj[key].is_string()) return "";
  return obj[key].get<std::string>();
}

// A boolean member; false when absent or of another type (a document from the
// network must not throw: value("mandatory", false) threw on a string).
bool Bool(const json& obj, const char* key) {
  return obj.is_object() && obj.contains(key) && obj[key].is_boolean() && obj[key].get<bool>();
}

int64_t Id(const json& obj) {
  int64_t id = 0;
  if (obj.is_object() && obj.contains("id")) {
    if (obj["id"].is_string()) absl::SimpleAtoi(obj["id"].get<std::string>(), &id);
    else if (obj["id"].is_number_integer()) id = obj["id"].get<int64_t>();
  }
  return id;
}

sv1::QuestionType QuestionTypeOf(const std::string& t) {
  if (t == "Boolean") return sv1::QUESTION_TYPE_BOOLEAN;
  if (t == "Choice") return sv1::QUESTION_TYPE_CHOICE;
  if (t == "Range") return sv1::QUESTION_TYPE_RANGE;
  if (t == "Text") return sv1::QUESTION_TYPE_TEXT;
  if (t == "Video") return sv1::QUESTION_TYPE_VIDEO;
  return sv1::QUESTION_TYPE_UNSPECIFIED;
}

}  // namespace

absl::StatusOr<sv1::Job> JobFromJsonApi(const json& doc) {
  if (!doc.is_object() || !doc.contains("data") || !doc["data"].is_object() ||
      Str(doc["data"], "type") != "jobs") {
    return absl::InvalidArgumentError("not a Teamtailor jobs document");
  }
  const json& data = doc["data"];
  const json attrs = data.value("attributes", json::object());
  sv1::Job job;
  job.set_id(Id(data));
  job.set_title(Str(attrs, "title"));
  job.set_body_html(Str(attrs, "body"));
  job.set_remote_status(Str(attrs, "remote-status"));
  job.set_language_code(Str(attrs, "language-code"));
  if (attrs.contains("tags") && attrs["tags"].is_array()) {
    for (const auto& t : attrs["tags"]) if (t.is_string()) job.add_tags(t.get<std::string>());
  }
  // Index included resources by (type, id).
  std::map<std::pair<std::string, std::string>, const json*> included;
  if (doc.contains("included") && doc["included"].is_array()) {
    for (const auto& r : doc["included"]) {
      if (r.is_object()) included[{Str(r, "type"), r.contains("id") ? (r["id"].is_string() ? r["id"].get<std::string>() : r["id"].dump()) : ""}] = &r;
    }
  }
  std::map<std::string, bool> mandatory;  // question id → mandatory
  for (const auto& [key, r] : included) {
    if (key.first != "picked-questions") continue;
    const json a = r->value("attributes", json::object());
    const json rel = r->value("relationships", json::object());
    if (rel.contains("question") && rel["question"].is_object() && rel["question"].contains("data") &&
        rel["question"]["data"].is_object()) {
      std::string qid = Str(rel["question"]["data"], "id");
      mandatory[qid] = Bool(a, "mandatory");
    }
  }
  for (const auto& [key, r] : included) {
    if (key.first == "questions") {
      const json a = r->value("attributes", json::object());
      sv1::Question* q = job.add_questions();
      q->set_id(key.second);
      q->set_question_type(QuestionTypeOf(Str(a, "question-type")));
      q->set_title(Str(a, "title"));
      q->set_unit(Str(a, "unit"));
      q->set_mandatory(mandatory.count(key.second) ? mandatory[key.second] : false);
      if (a.contains("alternatives") && a["alternatives"].is_array()) {
        for (const auto& alt : a["alternatives"]) {
          if (alt.is_string()) q->add_alternatives(alt.get<std::string>());
          else if (alt.is_object()) q->add_alternatives(Str(alt, "title").empty() ? Str(alt, "name") : Str(alt, "title"));
        }
      }
    } else if (key.first == "locations") {
      const json a = r->value("attributes", json::object());
      std::string name = Str(a, "name");
      if (name.empty()) name = Str(a, "city");
      if (!Str(a, "country").empty()) name = name.empty() ? Str(a, "country") : absl::StrCat(name, ", ", Str(a, "country"));
      if (!name.empty()) job.add_locations(name);
    }
  }
  return job;
}

absl::StatusOr<CandidateDetails> CandidateFromJsonApi(const json& doc, const json& applications, int64_t job_id) {
  if (!doc.is_object() || !doc.contains("data") || !doc["data"].is_object() ||
      Str(doc["data"], "type") != "candidates") {
    return absl::InvalidArgumentError("not a Teamtailor candidates document");
  }
  const json attrs = doc["data"].value("attributes", json::object());
  CandidateDetails out;
  out.resume_url = Str(attrs, "resume");
  out.pitch = Str(attrs, "pitch");
  if (applications.is_array()) {
    for (const auto& r : applications) {
      if (!r.is_object() || Str(r, "type") != "job-applications") continue;
      const json rel = r.value("relationships", json::object());
      int64_t app_job = 0;
      if (rel.contains("job") && rel["job"].is_object() && rel["job"].contains("data")) app_job = Id(rel["job"]["data"]);
      if (job_id != 0 && app_job != job_id) continue;
      out.job_id = app_job;
      out.application_id = Id(r);
      out.cover_letter = Str(r.value("attributes", json::object()), "cover-letter");
      break;
    }
  }
  return out;
}

absl::Status CheckJsonText(std::string_view json, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (c == '\0') return absl::InvalidArgumentError("the body contains a NUL character");
    if (in_string) {
      if (c == '"') {
        in_string = false;
      } else if (c == '\\' && i + 1 < json.size()) {
        ++i;
        if (json[i] == '\0') return absl::InvalidArgumentError("the body contains a NUL character");
        if (json[i] == 'u' && json.substr(i + 1, 4) == "0000") {
          return absl::InvalidArgumentError("a string contains a NUL character (\\u0000)");
        }
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) {
        return absl::ResourceExhaustedError(absl::StrCat("JSON nested deeper than ", max_depth, " levels"));
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<ingest::v1::PartnerWebhook> ParsePartnerWebhook(const std::string& body) {
  if (absl::Status s = CheckJsonText(body, kMaxPartnerEventDepth); !s.ok()) return s;
  ingest::v1::PartnerWebhook hook;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto status = google::protobuf::util::JsonStringToMessage(body, &hook, options);
  if (!status.ok()) {
    // The parser's message can quote the body; keep only its kind.
    return absl::InvalidArgumentError("body is not a valid partner event (malformed JSON or wrong types)");
  }
  const auto& e = hook.partner_event();
  if (e.id().empty()) return absl::InvalidArgumentError("partner-event.id is missing");
  if (e.partner_result().update_url().empty()) {
    return absl::InvalidArgumentError("partner-event.partner-result.update-url is missing");
  }
  if (e.candidate().id() <= 0) return absl::InvalidArgumentError("partner-event.candidate.id is missing");
  if (e.id().size() > 200) return absl::InvalidArgumentError("partner-event.id is too long");
  // CheckJsonText refused NUL already; these go to text columns, so say so here too.
  for (const auto& [name, value] : {std::pair<const char*, const std::string*>{"partner-event.id", &e.id()},
                                    {"partner-event.partner-result.id", &e.partner_result().id()},
                                    {"partner-event.partner-result.update-url", &e.partner_result().update_url()}}) {
    if (value->find('\0') != std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(name, " contains a NUL character"));
    }
  }
  return hook;
}

ingest::v1::StoredEvidence StoredEvidenceFor(const ingest::v1::PartnerEvent& event, const CandidateDetails& details,
                                             std::string resume_text, std::string resume_problem) {
  ingest::v1::StoredEvidence evidence;
  evidence.set_event_id(event.id());
  evidence.set_resume_text(std::move(resume_text));
  evidence.set_resume_problem(std::move(resume_problem));
  evidence.set_pitch(!details.pitch.empty() ? details.pitch : event.candidate().pitch());
  evidence.set_cover_letter(details.cover_letter);
  for (const auto& a : event.candidate().questions()) *evidence.add_answers() = a;
  return evidence;
}

}  // namespace clara::teamtailor
