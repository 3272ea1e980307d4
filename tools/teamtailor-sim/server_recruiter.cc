// Recruiter actions behind /_sim/jobs, /_sim/candidates and /_sim/applications: what a recruiter
// does in Teamtailor's UI (create, edit and delete jobs; add, edit and delete candidates; add and
// reject applications), each firing the company webhooks Teamtailor would fire. Request keys are
// the /v1 attribute names; snake_case spellings (language_code) are accepted too.
#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "tools/teamtailor-sim/resources.h"
#include "tools/teamtailor-sim/resume_pdf.h"
#include "tools/teamtailor-sim/seed.h"
#include "tools/teamtailor-sim/server.h"

namespace clara::ttsim {
namespace {

const std::set<std::string> kJobStatuses = {"open", "draft", "archived", "unlisted", "temp"};
const std::set<std::string> kRemoteStatuses = {"none", "temporary", "hybrid", "fully"};
const std::set<std::string> kQuestionTypes = {"Boolean", "Choice", "Range", "Text"};

// The object with '_' in its keys replaced by '-' (one level).
Json Kebab(const Json& j) {
  Json out = Json::object();
  for (const auto& [k, v] : j.items()) out[absl::StrReplaceAll(k, {{"_", "-"}})] = v;
  return out;
}

absl::Status CheckKeys(const Json& j, const std::set<std::string>& allowed) {
  std::vector<std::string> unknown;
  for (const auto& [k, v] : j.items()) {
    if (!allowed.count(k)) unknown.push_back(k);
  }
  if (unknown.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("unknown field(s): ", absl::StrJoin(unknown, ", "), "; allowed: ",
                   absl::StrJoin(allowed, ", ")));
}

absl::Status Bad(absl::string_view field, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(field, " ", what));
}

// An id given as a number or a numeric string.
std::optional<int64_t> AsId(const Json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  int64_t n = 0;
  if (v.is_string() && absl::SimpleAtoi(v.get<std::string>(), &n)) return n;
  return std::nullopt;
}

absl::StatusOr<std::string> String(const Json& j, const char* field, bool non_empty) {
  const Json& v = j[field];
  if (!v.is_string()) return Bad(field, "must be a string");
  if (non_empty && absl::StripAsciiWhitespace(v.get<std::string>()).empty()) {
    return Bad(field, "can't be blank");
  }
  return v.get<std::string>();
}

// A list of strings (deduplicated, order kept). A comma-separated string is accepted too.
absl::StatusOr<std::vector<std::string>> StringList(const Json& v, const char* field) {
  std::vector<std::string> items;
  if (v.is_string()) {
    for (absl::string_view s : absl::StrSplit(v.get<std::string>(), ',', absl::SkipWhitespace())) {
      items.emplace_back(absl::StripAsciiWhitespace(s));
    }
  } else if (v.is_array()) {
    for (const Json& x : v) {
      if (!x.is_string() || x.get<std::string>().empty()) {
        return Bad(field, "must be an array of non-empty strings");
      }
      items.push_back(x.get<std::string>());
    }
  } else {
    return Bad(field, "must be an array of strings");
  }
  std::vector<std::string> out;
  for (std::string& s : items) {
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  }
  return out;
}

std::string Slug(const std::string& title) {
  std::string out;
  for (unsigned char ch : title) {
    if (absl::ascii_isalnum(ch)) {
      out.push_back(absl::ascii_tolower(ch));
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "job" : out;
}

// Applies the job fields in `req` (kebab-cased, keys checked) to a copy of *job and stores it
// only if everything is valid.
absl::Status ApplyJobFields(const Company& c, const Json& req, Job* job) {
  Job j = *job;
  for (const char* field : {"title", "language-code"}) {
    if (!req.contains(field)) continue;
    absl::StatusOr<std::string> v = String(req, field, true);
    if (!v.ok()) return v.status();
    (std::string(field) == "title" ? j.title : j.language_code) = *v;
  }
  for (const char* field : {"body", "pitch", "currency"}) {
    if (!req.contains(field)) continue;
    absl::StatusOr<std::string> v = String(req, field, false);
    if (!v.ok()) return v.status();
    std::string f = field;
    (f == "body" ? j.body : f == "pitch" ? j.pitch : j.currency) = *v;
  }
  if (req.contains("status")) {
    if (!req["status"].is_string() || !kJobStatuses.count(req["status"].get<std::string>())) {
      return Bad("status", absl::StrCat("must be one of ", absl::StrJoin(kJobStatuses, ", ")));
    }
    j.status = req["status"].get<std::string>();
  }
  if (req.contains("remote-status")) {
    if (!req["remote-status"].is_string() ||
        !kRemoteStatuses.count(req["remote-status"].get<std::string>())) {
      return Bad("remote-status", absl::StrCat("must be one of ", absl::StrJoin(kRemoteStatuses, ", ")));
    }
    j.remote_status = req["remote-status"].get<std::string>();
  }
  if (req.contains("tags")) {
    absl::StatusOr<std::vector<std::string>> tags = StringList(req["tags"], "tags");
    if (!tags.ok()) return tags.status();
    j.tags = *tags;
  }
  if (req.contains("user-id")) {
    std::optional<int64_t> id = AsId(req["user-id"]);
    if (!id || !c.users.count(*id)) return Bad("user-id", "is not a known user");
    j.user_id = *id;
  }
  if (req.contains("department-id")) {
    std::optional<int64_t> id =
        req["department-id"].is_null() ? std::optional<int64_t>(0) : AsId(req["department-id"]);
    if (!id || (*id != 0 && !c.departments.count(*id))) {
      return Bad("department-id", "is not a known department");
    }
    j.department_id = *id;
  }
  if (req.contains("role-id")) {
    std::optional<int64_t> id =
        req["role-id"].is_null() ? std::optional<int64_t>(0) : AsId(req["role-id"]);
    if (!id || (*id != 0 && !c.roles.count(*id))) return Bad("role-id", "is not a known role");
    j.role_id = *id;
  }
  if (req.contains("location-ids")) {
    if (!req["location-ids"].is_array()) return Bad("location-ids", "must be an array of ids");
    std::vector<int64_t> ids;
    for (const Json& v : req["location-ids"]) {
      std::optional<int64_t> id = AsId(v);
      if (!id || !c.locations.count(*id)) return Bad("location-ids", "holds an unknown location");
      ids.push_back(*id);
    }
    j.location_ids = ids;
  }
  *job = std::move(j);
  return absl::OkStatus();
}

// One entry of "questions" in POST /_sim/jobs: an existing question (a bare id or {"id":N}) or a
// new one ({"title","question-type",...}).
struct PendingQuestion {
  int64_t existing_id = 0;
  Question fresh;
  bool mandatory = false;
};

absl::StatusOr<std::vector<PendingQuestion>> ParseQuestions(const Company& c, const Json& v) {
  if (!v.is_array()) return Bad("questions", "must be an array");
  std::vector<PendingQuestion> out;
  for (const Json& item : v) {
    PendingQuestion p;
    if (std::optional<int64_t> id = AsId(item)) {
      if (!c.questions.count(*id)) return Bad("questions", absl::StrCat("has an unknown question ", *id));
      p.existing_id = *id;
      out.push_back(p);
      continue;
    }
    if (!item.is_object()) return Bad("questions", "items must be ids or objects");
    Json q = Kebab(item);
    if (absl::Status s = CheckKeys(q, {"id", "title", "question-type", "mandatory", "alternatives",
                                       "multiple", "unit", "start-with", "end-with"});
        !s.ok()) {
      return Bad("questions:", s.message());
    }
    if (q.contains("mandatory")) {
      if (!q["mandatory"].is_boolean()) return Bad("questions[].mandatory", "must be true or false");
      p.mandatory = q["mandatory"].get<bool>();
    }
    if (q.contains("id")) {
      std::optional<int64_t> id = AsId(q["id"]);
      if (!id || !c.questions.count(*id)) return Bad("questions", "has an unknown question id");
      p.existing_id = *id;
      out.push_back(p);
      continue;
    }
    if (!q.contains("title") || !q["title"].is_string() || q["title"].get<std::string>().empty()) {
      return Bad("questions[].title", "can't be blank");
    }
    std::string type = q.value("question-type", "Text");
    if (!kQuestionTypes.count(type)) {
      return Bad("questions[].question-type", "must be Boolean, Choice, Range or Text");
    }
    p.fresh.title = q["title"].get<std::string>();
    p.fresh.question_type = type;
    if (type == "Choice") {
      if (!q.contains("alternatives")) return Bad("questions[].alternatives", "are required for Choice");
      absl::StatusOr<std::vector<std::string>> alts =
          StringList(q["alternatives"], "questions[].alternatives");
      if (!alts.ok()) return alts.status();
      if (alts->empty()) return Bad("questions[].alternatives", "can't be empty");
      for (const std::string& a : *alts) p.fresh.alternatives.push_back({0, a});
      p.fresh.multiple = q.value("multiple", false);
    }
    if (type == "Range") {
      p.fresh.unit = q.value("unit", "");
      p.fresh.start_with = q.value("start-with", 0);
      p.fresh.end_with = q.value("end-with", 10);
    }
    out.push_back(p);
  }
  return out;
}

// Validates candidate fields (kebab-cased, keys checked) into a copy of *cand and stores it.
// Emails are unique in a company (case-insensitive).
absl::Status ApplyCandidateFields(const Company& c, const Json& req, Candidate* cand) {
  Candidate k = *cand;
  for (const char* field : {"first-name", "last-name", "email"}) {
    if (!req.contains(field)) continue;
    absl::StatusOr<std::string> v = String(req, field, true);
    if (!v.ok()) return v.status();
    std::string f = field;
    (f == "first-name" ? k.first_name : f == "last-name" ? k.last_name : k.email) = *v;
  }
  for (const char* field : {"phone", "pitch", "linkedin-url"}) {
    if (!req.contains(field)) continue;
    absl::StatusOr<std::string> v = String(req, field, false);
    if (!v.ok()) return v.status();
    std::string f = field;
    (f == "phone" ? k.phone : f == "pitch" ? k.pitch : k.linkedin_url) = *v;
  }
  if (req.contains("tags")) {
    absl::StatusOr<std::vector<std::string>> tags = StringList(req["tags"], "tags");
    if (!tags.ok()) return tags.status();
    k.tags = *tags;
  }
  if (req.contains("email")) {
    if (!absl::StrContains(k.email, '@')) return Bad("email", "is invalid");
    for (const auto& [id, other] : c.candidates) {
      if (id != k.id && absl::EqualsIgnoreCase(other.email, k.email)) {
        return absl::AlreadyExistsError(absl::StrCat("email has already been taken (candidate ", id, ")"));
      }
    }
  }
  *cand = std::move(k);
  return absl::OkStatus();
}

std::optional<int64_t> IdField(const Json& j, const char* field) {
  return j.contains(field) ? AsId(j[field]) : std::nullopt;
}

}  // namespace

Json SimServer::RenderForSim(const Resource& r) const {
  std::set<std::string> linkage;
  for (const Relationship& rel : r.relationships) linkage.insert(rel.name);
  return RenderResource(r, base_url(), linkage);
}

// ---------------------------------------------------------------------------------------------
// Jobs.

absl::StatusOr<Json> SimServer::CreateJob(const Json& request) {
  Json req = Kebab(request);
  if (absl::Status s = CheckKeys(req, {"title", "body", "pitch", "status", "remote-status",
                                       "language-code", "currency", "tags", "user-id",
                                       "department-id", "role-id", "location-ids", "questions"});
      !s.ok()) {
    return s;
  }
  if (!req.contains("title")) return Bad("title", "is required");
  std::lock_guard<std::mutex> lock(mu_);
  Job job;
  job.status = "open";
  job.remote_status = "none";
  job.language_code = "en";
  job.currency = "SEK";
  job.user_id = kRecruiterUserId;
  if (absl::Status s = ApplyJobFields(company_, req, &job); !s.ok()) return s;
  std::vector<PendingQuestion> questions;
  if (req.contains("questions")) {
    absl::StatusOr<std::vector<PendingQuestion>> q = ParseQuestions(company_, req["questions"]);
    if (!q.ok()) return q.status();
    questions = *std::move(q);
  }

  const absl::Time now = clock_->Now();
  job.id = company_.next_job_id++;
  job.slug = Slug(job.title);
  job.created_at = job.updated_at = now;
  company_.jobs[job.id] = job;
  AddJobStages(company_, company_.next_job_index++, job.id, now);
  int row = 0;
  for (PendingQuestion& p : questions) {
    int64_t question_id = p.existing_id;
    if (question_id == 0) {
      p.fresh.id = question_id = company_.next_question_id++;
      for (Alternative& a : p.fresh.alternatives) a.id = company_.next_alternative_id++;
      company_.questions[question_id] = p.fresh;
    }
    int64_t picked_id = company_.next_picked_question_id++;
    company_.picked_questions[picked_id] = {picked_id, job.id, question_id, p.mandatory, row++};
  }
  Json fired = Json::array();
  const std::string id = std::to_string(job.id);
  FireCompanyWebhookLocked("jobs", id, "create", &fired);

  Json stages = Json::array();
  for (const auto& [sid, s] : company_.stages) {
    if (s.job_id != job.id) continue;
    stages.push_back({{"id", s.id}, {"name", s.name}, {"stage_type", s.stage_type},
                      {"row_order", s.row_order}, {"trigger_id", s.trigger_id}});
  }
  Json out = Json::object();
  out["data"] = RenderForSim(*BuildResource(company_, MakeResourceContext(), "jobs", id));
  out["stages"] = stages;
  out["company_webhooks"] = fired;
  return out;
}

absl::StatusOr<Json> SimServer::UpdateJob(int64_t job_id, const Json& request) {
  Json req = Kebab(request);
  if (absl::Status s = CheckKeys(req, {"title", "body", "pitch", "status", "remote-status",
                                       "language-code", "currency", "tags", "user-id",
                                       "department-id", "role-id", "location-ids"});
      !s.ok()) {
    return s;
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto it = company_.jobs.find(job_id);
  if (it == company_.jobs.end()) return absl::NotFoundError(absl::StrCat("no job ", job_id));
  if (absl::Status s = ApplyJobFields(company_, req, &it->second); !s.ok()) return s;
  // Saving a job in Teamtailor's editor bumps updated-at even when nothing changed.
  it->second.updated_at = clock_->Now();
  Json fired = Json::array();
  const std::string id = std::to_string(job_id);
  FireCompanyWebhookLocked("jobs", id, "update", &fired);
  return Json{{"data", RenderForSim(*BuildResource(company_, MakeResourceContext(), "jobs", id))},
              {"company_webhooks", fired}};
}

absl::StatusOr<Json> SimServer::DeleteJob(int64_t job_id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!company_.jobs.count(job_id)) return absl::NotFoundError(absl::StrCat("no job ", job_id));
  const std::string id = std::to_string(job_id);
  const Resource before = *BuildResource(company_, MakeResourceContext(), "jobs", id);
  Json fired = Json::array();
  Json removed_applications = Json::array();
  std::vector<int64_t> applications;
  for (const auto& [aid, a] : company_.job_applications) {
    if (a.job_id == job_id) applications.push_back(aid);
  }
  for (int64_t aid : applications) {
    RemoveApplicationLocked(aid, &fired);
    removed_applications.push_back(aid);
  }
  std::erase_if(company_.stages, [&](const auto& e) { return e.second.job_id == job_id; });
  std::erase_if(company_.picked_questions, [&](const auto& e) { return e.second.job_id == job_id; });
  std::erase_if(company_.custom_field_values, [&](const auto& e) {
    return e.second.owner_type == "jobs" && e.second.owner_id == job_id;
  });
  company_.jobs.erase(job_id);
  FireCompanyWebhookLocked(before, "destroy", &fired);
  return Json{{"data", RenderForSim(before)},
              {"deleted", true},
              {"job_applications", removed_applications},
              {"company_webhooks", fired}};
}

// ---------------------------------------------------------------------------------------------
// Candidates and applications.

JobApplication& SimServer::AddApplicationLocked(int64_t candidate_id, int64_t job_id,
                                                const std::string& cover_letter) {
  const Stage* inbox = nullptr;
  for (const auto& [sid, s] : company_.stages) {
    if (s.job_id == job_id && (inbox == nullptr || s.row_order < inbox->row_order)) inbox = &s;
  }
  const absl::Time now = clock_->Now();
  JobApplication app;
  app.id = company_.next_job_application_id++;
  app.candidate_id = candidate_id;
  app.job_id = job_id;
  app.stage_id = inbox != nullptr ? inbox->id : 0;
  app.cover_letter = cover_letter;
  app.created_at = app.updated_at = app.changed_stage_at = now;
  return company_.job_applications[app.id] = app;
}

void SimServer::RemoveApplicationLocked(int64_t job_application_id, Json* fired) {
  std::optional<Resource> before = BuildResource(company_, MakeResourceContext(), "job-applications",
                                                 std::to_string(job_application_id));
  if (!before) return;
  company_.job_applications.erase(job_application_id);
  FireCompanyWebhookLocked(*before, "destroy", fired);
}

absl::StatusOr<Json> SimServer::CreateCandidate(const Json& request) {
  Json req = Kebab(request);
  if (absl::Status s = CheckKeys(req, {"first-name", "last-name", "email", "phone", "pitch",
                                       "linkedin-url", "tags", "job-id", "cover-letter", "resume",
                                       "resume-file-name"});
      !s.ok()) {
    return s;
  }
  for (const char* field : {"first-name", "last-name", "email"}) {
    if (!req.contains(field)) return Bad(field, "is required");
  }
  std::optional<int64_t> job_id;
  if (req.contains("job-id")) {
    job_id = AsId(req["job-id"]);
    if (!job_id) return Bad("job-id", "must be a job id");
  }
  std::string cover_letter, file_name = "cv.pdf";
  if (req.contains("cover-letter")) {
    absl::StatusOr<std::string> v = String(req, "cover-letter", false);
    if (!v.ok()) return v.status();
    cover_letter = *v;
  }
  if (req.contains("resume-file-name")) {
    absl::StatusOr<std::string> v = String(req, "resume-file-name", true);
    if (!v.ok()) return v.status();
    file_name = *v;
  }
  // Render the resume (the resume_pdf.h markup) before taking the lock: it is slow-ish and pure.
  std::shared_ptr<const std::string> pdf;
  if (req.contains("resume") && !req["resume"].is_null()) {
    absl::StatusOr<std::string> markup = String(req, "resume", true);
    if (!markup.ok()) return markup.status();
    absl::StatusOr<std::string> rendered = RenderResumePdf(*markup, "CV");
    if (!rendered.ok()) return rendered.status();
    pdf = std::make_shared<const std::string>(*std::move(rendered));
  }

  std::lock_guard<std::mutex> lock(mu_);
  if (job_id && !company_.jobs.count(*job_id)) return absl::NotFoundError(absl::StrCat("no job ", *job_id));
  Candidate cand;
  cand.id = company_.next_candidate_id;
  if (absl::Status s = ApplyCandidateFields(company_, req, &cand); !s.ok()) return s;
  ++company_.next_candidate_id;
  const absl::Time now = clock_->Now();
  cand.uuid = absl::StrCat("c0ffee00-5eed-4000-8000-", absl::Dec(cand.id, absl::kZeroPad12));
  cand.created_at = cand.updated_at = now;
  if (pdf) {
    cand.resume_pdf = pdf;
    cand.resume_file_name = file_name;
  }
  company_.candidates[cand.id] = cand;
  Json fired = Json::array();
  FireCompanyWebhookLocked("candidates", std::to_string(cand.id), "create", &fired);
  Json application = nullptr;
  if (job_id) {
    const JobApplication& app = AddApplicationLocked(cand.id, *job_id, cover_letter);
    const std::string aid = std::to_string(app.id);
    FireCompanyWebhookLocked("job-applications", aid, "create", &fired);
    application = RenderForSim(*BuildResource(company_, MakeResourceContext(), "job-applications", aid));
  }
  return Json{{"data", RenderForSim(*BuildResource(company_, MakeResourceContext(), "candidates",
                                                   std::to_string(cand.id)))},
              {"job_application", application},
              {"company_webhooks", fired}};
}

absl::StatusOr<Json> SimServer::UpdateCandidate(int64_t candidate_id, const Json& request) {
  Json req = Kebab(request);
  if (absl::Status s = CheckKeys(req, {"first-name", "last-name", "email", "phone", "pitch",
                                       "linkedin-url", "tags"});
      !s.ok()) {
    return s;
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto it = company_.candidates.find(candidate_id);
  if (it == company_.candidates.end()) {
    return absl::NotFoundError(absl::StrCat("no candidate ", candidate_id));
  }
  if (absl::Status s = ApplyCandidateFields(company_, req, &it->second); !s.ok()) return s;
  it->second.updated_at = clock_->Now();
  const std::string id = std::to_string(candidate_id);
  Resource r = *BuildResource(company_, MakeResourceContext(), "candidates", id);
  Json fired = Json::array();
  // Tag changes do not fire candidate.update [V]; any other attribute does.
  bool other_than_tags = false;
  for (const auto& [k, v] : req.items()) other_than_tags = other_than_tags || k != "tags";
  if (other_than_tags) FireCompanyWebhookLocked(r, "update", &fired);
  return Json{{"data", RenderForSim(r)}, {"company_webhooks", fired}};
}

absl::StatusOr<Json> SimServer::DeleteCandidate(int64_t candidate_id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!company_.candidates.count(candidate_id)) {
    return absl::NotFoundError(absl::StrCat("no candidate ", candidate_id));
  }
  const Resource before =
      *BuildResource(company_, MakeResourceContext(), "candidates", std::to_string(candidate_id));
  Json fired = Json::array();
  Json removed_applications = Json::array();
  std::vector<int64_t> applications;
  for (const auto& [aid, a] : company_.job_applications) {
    if (a.candidate_id == candidate_id) applications.push_back(aid);
  }
  for (int64_t aid : applications) {
    RemoveApplicationLocked(aid, &fired);
    removed_applications.push_back(aid);
  }
  // Everything about the person goes: answers, notes, custom field values, partner results.
  std::erase_if(company_.answers, [&](const auto& e) { return e.second.candidate_id == candidate_id; });
  std::erase_if(company_.notes, [&](const auto& e) { return e.second.candidate_id == candidate_id; });
  std::erase_if(company_.custom_field_values, [&](const auto& e) {
    return e.second.owner_type == "candidates" && e.second.owner_id == candidate_id;
  });
  std::erase_if(company_.partner_results,
                [&](const auto& e) { return e.second.candidate_id == candidate_id; });
  std::erase_if(company_.partner_result_order,
                [&](const std::string& id) { return !company_.partner_results.count(id); });
  company_.candidates.erase(candidate_id);
  FireCompanyWebhookLocked(before, "destroy", &fired);
  return Json{{"data", RenderForSim(before)},
              {"deleted", true},
              {"job_applications", removed_applications},
              {"company_webhooks", fired}};
}

absl::StatusOr<Json> SimServer::CreateApplication(const Json& request) {
  Json req = Kebab(request);
  if (absl::Status s = CheckKeys(req, {"candidate-id", "job-id", "cover-letter"}); !s.ok()) return s;
  std::optional<int64_t> candidate_id = IdField(req, "candidate-id");
  std::optional<int64_t> job_id = IdField(req, "job-id");
  if (!candidate_id || !job_id) return absl::InvalidArgumentError("candidate_id and job_id are required");
  std::string cover_letter;
  if (req.contains("cover-letter")) {
    absl::StatusOr<std::string> v = String(req, "cover-letter", false);
    if (!v.ok()) return v.status();
    cover_letter = *v;
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (!company_.candidates.count(*candidate_id)) {
    return absl::NotFoundError(absl::StrCat("no candidate ", *candidate_id));
  }
  if (!company_.jobs.count(*job_id)) return absl::NotFoundError(absl::StrCat("no job ", *job_id));
  for (const auto& [aid, a] : company_.job_applications) {
    if (a.candidate_id == *candidate_id && a.job_id == *job_id) {
      return absl::AlreadyExistsError(
          absl::StrCat("candidate ", *candidate_id, " already applied to job ", *job_id, " (", aid, ")"));
    }
  }
  const JobApplication& app = AddApplicationLocked(*candidate_id, *job_id, cover_letter);
  const std::string aid = std::to_string(app.id);
  Json fired = Json::array();
  FireCompanyWebhookLocked("job-applications", aid, "create", &fired);
  return Json{{"data", RenderForSim(*BuildResource(company_, MakeResourceContext(), "job-applications", aid))},
              {"company_webhooks", fired}};
}

absl::StatusOr<Json> SimServer::RejectApplication(int64_t job_application_id, const Json& request) {
  Json req = Kebab(request);
  if (absl::Status s = CheckKeys(req, {"reject-reason-id", "rejected-at"}); !s.ok()) return s;
  std::optional<absl::Time> rejected_at;
  if (req.contains("rejected-at")) {
    if (!req["rejected-at"].is_string() || !ParseIsoTime(req["rejected-at"].get<std::string>())) {
      return Bad("rejected_at", "must be an ISO 8601 time");
    }
    rejected_at = ParseIsoTime(req["rejected-at"].get<std::string>());
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto it = company_.job_applications.find(job_application_id);
  if (it == company_.job_applications.end()) {
    return absl::NotFoundError(absl::StrCat("no job application ", job_application_id));
  }
  int64_t reason_id = 0;
  if (req.contains("reject-reason-id") && !req["reject-reason-id"].is_null()) {
    std::optional<int64_t> id = AsId(req["reject-reason-id"]);
    if (!id || !company_.reject_reasons.count(*id)) {
      return Bad("reject_reason_id", "is not a known reject reason (see GET /v1/reject-reasons)");
    }
    reason_id = *id;
  }
  const absl::Time now = clock_->Now();
  it->second.rejected_at = rejected_at.value_or(now);
  it->second.reject_reason_id = reason_id;
  it->second.updated_at = now;
  const std::string id = std::to_string(job_application_id);
  Resource r = *BuildResource(company_, MakeResourceContext(), "job-applications", id);
  Json fired = Json::array();
  FireCompanyWebhookLocked(r, "update", &fired);
  return Json{{"data", RenderForSim(r)}, {"company_webhooks", fired}};
}

}  // namespace clara::ttsim
