// Implementation of resources.h.
#include "tools/teamtailor-sim/resources.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace clara::ttsim {
namespace {

// Only what teamtailor-contract.md lists. §1 "Filters": filter[status] on jobs and
// filter[updated-at][from] (listed generally, so on every collection); "partner-results
// (read-only mirror, filter[candidate])". Includes: the relations §1 names per resource
// (jobs' relations; candidates' include=job-applications,answers,custom-field-values; the
// relations of job-applications, answers, picked-questions; custom-field-values' custom-field and
// owner and notes' candidate and user, as the writes name them). No nested includes (a.b).
const std::vector<TypeSpec>& Types() {
  static const auto* types = new std::vector<TypeSpec>{
      {"jobs", KeyLevel::kPublic,
       {"department", "role", "user", "locations", "stages", "questions", "picked-questions"},
       {"status", "updated-at[from]"}},
      {"questions", KeyLevel::kPublic, {}, {"updated-at[from]"}},
      {"picked-questions", KeyLevel::kPublic, {"job", "question"}, {"updated-at[from]"}},
      {"locations", KeyLevel::kPublic, {}, {"updated-at[from]"}},
      {"departments", KeyLevel::kPublic, {}, {"updated-at[from]"}},
      {"roles", KeyLevel::kPublic, {}, {"updated-at[from]"}},
      {"users", KeyLevel::kInternal, {}, {"updated-at[from]"}},
      {"custom-fields", KeyLevel::kInternal, {}, {"updated-at[from]"}},
      {"reject-reasons", KeyLevel::kInternal, {}, {"updated-at[from]"}},
      {"candidates", KeyLevel::kAdmin, {"job-applications", "answers", "custom-field-values"},
       {"updated-at[from]"}},
      {"job-applications", KeyLevel::kAdmin, {"candidate", "job", "stage", "reject-reason"},
       {"updated-at[from]"}},
      {"stages", KeyLevel::kAdmin, {}, {"updated-at[from]"}},
      {"answers", KeyLevel::kAdmin, {"candidate", "question"}, {"updated-at[from]"}},
      {"custom-field-values", KeyLevel::kAdmin, {"custom-field", "owner"}, {"updated-at[from]"}},
      {"notes", KeyLevel::kAdmin, {"candidate", "user"}, {"updated-at[from]"}},
      {"partner-results", KeyLevel::kAdmin, {}, {"candidate", "updated-at[from]"}},
  };
  return *types;
}

std::string Id(int64_t id) { return std::to_string(id); }

Resource NewResource(std::string type, std::string id) {
  Resource r;
  r.type = std::move(type);
  r.id = std::move(id);
  return r;
}

Json TimeOrNull(const std::optional<absl::Time>& t) {
  return t ? Json(FormatIsoTime(*t)) : Json(nullptr);
}

Relationship ToOne(std::string name, std::string type, int64_t id) {
  Relationship r{std::move(name), false, {}, type};
  if (id != 0) r.refs.push_back({std::move(type), Id(id)});
  return r;
}

Relationship ToMany(std::string name, std::string type, const std::vector<int64_t>& ids) {
  Relationship r{std::move(name), true, {}, type};
  for (int64_t id : ids) r.refs.push_back({type, Id(id)});
  return r;
}

std::string HumanStatus(const std::string& status) {
  if (status == "open") return "published";
  return status;
}

Resource JobResource(const Company& c, const ResourceContext&, const Job& j) {
  Resource r = NewResource("jobs", Id(j.id));
  r.created_at = j.created_at;
  r.updated_at = j.updated_at;
  r.attributes = {{"title", j.title},
                  {"pitch", j.pitch},
                  {"body", j.body},
                  {"status", j.status},
                  {"human-status", HumanStatus(j.status)},
                  {"tags", j.tags},
                  {"remote-status", j.remote_status},
                  {"language-code", j.language_code},
                  {"currency", j.currency},
                  {"internal", false},
                  {"start-date", nullptr},
                  {"end-date", nullptr},
                  {"created-at", FormatIsoTime(j.created_at)},
                  {"updated-at", FormatIsoTime(j.updated_at)}};
  r.extra_links = {
      {"careersite-job-url", absl::StrCat(c.url, "/jobs/", j.id, "-", j.slug)},
      {"careersite-job-apply-url", absl::StrCat(c.url, "/jobs/", j.id, "-", j.slug, "/applications/new")}};
  std::vector<int64_t> stages, picked, questions, values;
  for (const auto& [id, s] : c.stages) {
    if (s.job_id == j.id) stages.push_back(id);
  }
  std::sort(stages.begin(), stages.end(), [&](int64_t a, int64_t b) {
    return c.stages.at(a).row_order < c.stages.at(b).row_order;
  });
  for (const auto& [id, p] : c.picked_questions) {
    if (p.job_id == j.id) {
      picked.push_back(id);
      questions.push_back(p.question_id);
    }
  }
  for (const auto& [id, v] : c.custom_field_values) {
    if (v.owner_type == "jobs" && v.owner_id == j.id) values.push_back(id);
  }
  r.relationships = {ToOne("department", "departments", j.department_id),
                     ToOne("role", "roles", j.role_id),
                     ToOne("user", "users", j.user_id),
                     ToMany("locations", "locations", j.location_ids),
                     ToMany("stages", "stages", stages),
                     ToMany("questions", "questions", questions),
                     ToMany("picked-questions", "picked-questions", picked),
                     ToMany("custom-field-values", "custom-field-values", values)};
  return r;
}

Resource StageResource(const Company& c, const Stage& s) {
  Resource r = NewResource("stages", Id(s.id));
  r.created_at = r.updated_at = s.created_at;
  int active = 0;
  for (const auto& [id, a] : c.job_applications) {
    if (a.stage_id == s.id && !a.rejected_at) ++active;
  }
  r.attributes = {{"name", s.name},
                  {"row-order", s.row_order},
                  {"stage-type", s.stage_type},
                  {"active-job-applications-count", active},
                  {"created-at", FormatIsoTime(s.created_at)},
                  {"updated-at", FormatIsoTime(s.created_at)}};
  r.relationships = {ToOne("job", "jobs", s.job_id)};
  return r;
}

Resource QuestionResource(const Question& q) {
  Resource r = NewResource("questions", Id(q.id));
  Json alternatives = nullptr;
  if (q.question_type == "Choice") {
    alternatives = Json::array();
    for (const Alternative& a : q.alternatives) alternatives.push_back({{"id", a.id}, {"title", a.title}});
  }
  r.attributes = {{"title", q.title},
                  {"question-type", q.question_type},
                  {"alternatives", alternatives},
                  {"multiple", q.multiple},
                  {"unit", q.question_type == "Range" ? Json(q.unit) : Json(nullptr)},
                  {"start-with", q.question_type == "Range" ? Json(q.start_with) : Json(nullptr)},
                  {"end-with", q.question_type == "Range" ? Json(q.end_with) : Json(nullptr)}};
  return r;
}

Resource CandidateResource(const Company& c, const ResourceContext& ctx, const Candidate& k) {
  Resource r = NewResource("candidates", Id(k.id));
  r.created_at = k.created_at;
  r.updated_at = k.updated_at;
  r.attributes = {{"first-name", k.first_name},
                  {"last-name", k.last_name},
                  {"email", k.email},
                  {"phone", k.phone},
                  {"pitch", k.pitch},
                  {"linkedin-url", k.linkedin_url.empty() ? Json(nullptr) : Json(k.linkedin_url)},
                  {"resume", k.resume_pdf ? Json(ctx.resume_url(k)) : Json(nullptr)},
                  {"tags", k.tags},
                  {"sourced", false},
                  {"internal", false},
                  {"picture", nullptr},
                  {"created-at", FormatIsoTime(k.created_at)},
                  {"updated-at", FormatIsoTime(k.updated_at)}};
  std::vector<int64_t> apps, answers, values, notes;
  for (const auto& [id, a] : c.job_applications) {
    if (a.candidate_id == k.id) apps.push_back(id);
  }
  for (const auto& [id, a] : c.answers) {
    if (a.candidate_id == k.id) answers.push_back(id);
  }
  for (const auto& [id, v] : c.custom_field_values) {
    if (v.owner_type == "candidates" && v.owner_id == k.id) values.push_back(id);
  }
  for (const auto& [id, n] : c.notes) {
    if (n.candidate_id == k.id) notes.push_back(id);
  }
  Relationship results{"partner-results", true, {}, "partner-results"};
  for (const std::string& id : c.partner_result_order) {
    if (c.partner_results.at(id).candidate_id == k.id) results.refs.push_back({"partner-results", id});
  }
  r.relationships = {ToMany("job-applications", "job-applications", apps),
                     ToMany("answers", "answers", answers),
                     ToMany("custom-field-values", "custom-field-values", values),
                     ToMany("notes", "notes", notes), results};
  return r;
}

Resource JobApplicationResource(const JobApplication& a) {
  Resource r = NewResource("job-applications", Id(a.id));
  r.created_at = a.created_at;
  r.updated_at = a.updated_at;
  r.attributes = {{"cover-letter", a.cover_letter.empty() ? Json(nullptr) : Json(a.cover_letter)},
                  {"rejected-at", TimeOrNull(a.rejected_at)},
                  {"changed-stage-at", FormatIsoTime(a.changed_stage_at)},
                  {"sourced", false},
                  {"created-at", FormatIsoTime(a.created_at)},
                  {"updated-at", FormatIsoTime(a.updated_at)}};
  r.relationships = {ToOne("candidate", "candidates", a.candidate_id),
                     ToOne("job", "jobs", a.job_id), ToOne("stage", "stages", a.stage_id),
                     ToOne("reject-reason", "reject-reasons", a.reject_reason_id)};
  return r;
}

Resource AnswerResource(const Answer& a) {
  Resource r = NewResource("answers", Id(a.id));
  r.created_at = r.updated_at = a.created_at;
  r.attributes = {{"boolean", a.boolean ? Json(*a.boolean) : Json(nullptr)},
                  {"choices", Json(nullptr)},
                  {"date", nullptr},
                  {"number", nullptr},
                  {"range", a.range ? Json(*a.range) : Json(nullptr)},
                  {"text", a.text ? Json(*a.text) : Json(nullptr)},
                  {"created-at", FormatIsoTime(a.created_at)},
                  {"updated-at", FormatIsoTime(a.created_at)}};
  if (!a.boolean && !a.range && !a.text) r.attributes["choices"] = a.choices;
  r.relationships = {ToOne("candidate", "candidates", a.candidate_id),
                     ToOne("question", "questions", a.question_id)};
  return r;
}

Resource CustomFieldValueResource(const Company& c, const CustomFieldValue& v) {
  Resource r = NewResource("custom-field-values", Id(v.id));
  r.created_at = v.created_at;
  r.updated_at = v.updated_at;
  auto f = c.custom_fields.find(v.custom_field_id);
  r.attributes = {{"value", v.value},
                  {"field-type", f == c.custom_fields.end() ? "" : f->second.field_type},
                  {"created-at", FormatIsoTime(v.created_at)},
                  {"updated-at", FormatIsoTime(v.updated_at)}};
  r.relationships = {ToOne("custom-field", "custom-fields", v.custom_field_id),
                     ToOne("owner", v.owner_type, v.owner_id)};
  return r;
}

Resource NoteResource(const Note& n) {
  Resource r = NewResource("notes", Id(n.id));
  r.created_at = n.created_at;
  r.updated_at = n.updated_at;
  r.attributes = {{"note", n.note},
                  {"private", false},
                  {"created-at", FormatIsoTime(n.created_at)},
                  {"updated-at", FormatIsoTime(n.updated_at)}};
  r.relationships = {ToOne("candidate", "candidates", n.candidate_id),
                     ToOne("user", "users", n.user_id)};
  return r;
}

Resource PartnerResultResource(const PartnerResult& p) {
  Resource r = NewResource("partner-results", p.id);
  r.created_at = p.created_at;
  r.updated_at = p.updated_at;
  r.attributes = p.attributes;
  r.attributes["created-at"] = FormatIsoTime(p.created_at);
  r.attributes["updated-at"] = FormatIsoTime(p.updated_at);
  r.relationships = {ToOne("candidate", "candidates", p.candidate_id)};
  return r;
}

template <typename Map>
const typename Map::mapped_type* Lookup(const Map& m, absl::string_view id) {
  int64_t n = 0;
  if (!absl::SimpleAtoi(id, &n) || Id(n) != id) return nullptr;
  auto it = m.find(n);
  return it == m.end() ? nullptr : &it->second;
}

}  // namespace

const TypeSpec* FindType(absl::string_view type) {
  for (const TypeSpec& t : Types()) {
    if (t.type == type) return &t;
  }
  return nullptr;
}

std::optional<Resource> BuildResource(const Company& c, const ResourceContext& ctx,
                                      absl::string_view type, absl::string_view id) {
  if (type == "jobs") {
    if (auto* j = Lookup(c.jobs, id)) return JobResource(c, ctx, *j);
  } else if (type == "stages") {
    if (auto* s = Lookup(c.stages, id)) return StageResource(c, *s);
  } else if (type == "questions") {
    if (auto* q = Lookup(c.questions, id)) return QuestionResource(*q);
  } else if (type == "picked-questions") {
    if (auto* p = Lookup(c.picked_questions, id)) {
      Resource r = NewResource("picked-questions", Id(p->id));
      r.attributes = {{"mandatory", p->mandatory}, {"row-order", p->row_order}};
      r.relationships = {ToOne("job", "jobs", p->job_id),
                         ToOne("question", "questions", p->question_id)};
      return r;
    }
  } else if (type == "locations") {
    if (auto* l = Lookup(c.locations, id)) {
      Resource r = NewResource("locations", Id(l->id));
      r.attributes = {{"name", l->name},       {"city", l->city}, {"country", l->country},
                      {"address", l->address}, {"zip", l->zip},   {"headquarters", l->id == 21}};
      return r;
    }
  } else if (type == "departments") {
    if (auto* d = Lookup(c.departments, id)) {
      Resource r = NewResource("departments", Id(d->id));
      r.attributes = {{"name", d->name}};
      return r;
    }
  } else if (type == "roles") {
    if (auto* d = Lookup(c.roles, id)) {
      Resource r = NewResource("roles", Id(d->id));
      r.attributes = {{"name", d->name}};
      r.relationships = {ToOne("department", "departments", d->department_id)};
      return r;
    }
  } else if (type == "users") {
    if (auto* u = Lookup(c.users, id)) {
      Resource r = NewResource("users", Id(u->id));
      r.attributes = {{"name", u->name},   {"email", u->email}, {"title", u->title},
                      {"role", u->role},   {"phone", u->phone}, {"visible", true},
                      {"locale", "en"}};
      return r;
    }
  } else if (type == "custom-fields") {
    if (auto* f = Lookup(c.custom_fields, id)) {
      Resource r = NewResource("custom-fields", Id(f->id));
      r.attributes = {{"name", f->name},
                      {"api-name", f->api_name},
                      {"field-type", f->field_type},
                      {"owner-type", f->owner_type},
                      {"is-private", false},
                      {"is-searchable", true}};
      return r;
    }
  } else if (type == "reject-reasons") {
    if (auto* x = Lookup(c.reject_reasons, id)) {
      Resource r = NewResource("reject-reasons", Id(x->id));
      r.attributes = {{"reason", x->reason}, {"rejected-by-company", true}};
      return r;
    }
  } else if (type == "candidates") {
    if (auto* k = Lookup(c.candidates, id)) return CandidateResource(c, ctx, *k);
  } else if (type == "job-applications") {
    if (auto* a = Lookup(c.job_applications, id)) return JobApplicationResource(*a);
  } else if (type == "answers") {
    if (auto* a = Lookup(c.answers, id)) return AnswerResource(*a);
  } else if (type == "custom-field-values") {
    if (auto* v = Lookup(c.custom_field_values, id)) return CustomFieldValueResource(c, *v);
  } else if (type == "notes") {
    if (auto* n = Lookup(c.notes, id)) return NoteResource(*n);
  } else if (type == "partner-results") {
    auto it = c.partner_results.find(std::string(id));
    if (it != c.partner_results.end()) return PartnerResultResource(it->second);
  }
  return std::nullopt;
}

std::vector<Resource> BuildAll(const Company& c, const ResourceContext& ctx, absl::string_view type) {
  std::vector<std::string> ids;
  auto collect = [&](const auto& m) {
    for (const auto& entry : m) ids.push_back(Id(entry.first));
  };
  if (type == "jobs") collect(c.jobs);
  else if (type == "stages") collect(c.stages);
  else if (type == "questions") collect(c.questions);
  else if (type == "picked-questions") collect(c.picked_questions);
  else if (type == "locations") collect(c.locations);
  else if (type == "departments") collect(c.departments);
  else if (type == "roles") collect(c.roles);
  else if (type == "users") collect(c.users);
  else if (type == "custom-fields") collect(c.custom_fields);
  else if (type == "reject-reasons") collect(c.reject_reasons);
  else if (type == "candidates") collect(c.candidates);
  else if (type == "job-applications") collect(c.job_applications);
  else if (type == "answers") collect(c.answers);
  else if (type == "custom-field-values") collect(c.custom_field_values);
  else if (type == "notes") collect(c.notes);
  else if (type == "partner-results") ids = c.partner_result_order;
  std::vector<Resource> out;
  out.reserve(ids.size());
  for (const std::string& id : ids) {
    if (auto r = BuildResource(c, ctx, type, id)) out.push_back(*std::move(r));
  }
  return out;
}

std::optional<ApiError> MatchFilter(const Resource& r, const Filter& f, bool* matches) {
  if (f.name == "updated-at" || f.name == "created-at") {
    std::optional<absl::Time> t = ParseIsoTime(f.value);
    if (!t || (f.op != "from" && f.op != "to")) {
      return BadRequest("Invalid filter value",
                        absl::StrCat(f.value, " is not a valid value for ", f.name, "."), "107",
                        absl::StrCat("filter[", f.name, "]"));
    }
    absl::Time v = f.name == "updated-at" ? r.updated_at : r.created_at;
    *matches = f.op == "from" ? v >= *t : v <= *t;
    return std::nullopt;
  }
  if (!f.op.empty()) {
    return BadRequest("Filter not allowed", absl::StrCat(f.name, "[", f.op, "] is not allowed."),
                      "102", absl::StrCat("filter[", f.name, "][", f.op, "]"));
  }
  std::vector<std::string> values = absl::StrSplit(f.value, ',', absl::SkipWhitespace());
  if (f.name == "owner-id" || f.name == "owner-type") {
    // Polymorphic owner of a custom field value: owner-type takes the JSON:API type (candidates)
    // or the model name (Candidate).
    *matches = false;
    const Relationship* owner = r.FindRelationship("owner");
    for (const Ref& ref : owner != nullptr ? owner->refs : std::vector<Ref>{}) {
      for (const std::string& v : values) {
        std::string type = absl::AsciiStrToLower(v);
        if (type == "candidate") type = "candidates";
        if (type == "job") type = "jobs";
        if (f.name == "owner-id" ? ref.id == v : ref.type == type) *matches = true;
      }
    }
    return std::nullopt;
  }
  if (const Relationship* rel = r.FindRelationship(f.name)) {
    *matches = false;
    for (const Ref& ref : rel->refs) {
      if (std::find(values.begin(), values.end(), ref.id) != values.end()) *matches = true;
    }
    return std::nullopt;
  }
  auto it = r.attributes.find(f.name);
  if (it == r.attributes.end() || !it->is_string()) {
    *matches = false;
    return std::nullopt;
  }
  *matches = false;
  for (const std::string& v : values) {
    if (absl::EqualsIgnoreCase(it->get<std::string>(), v)) *matches = true;
  }
  return std::nullopt;
}

std::optional<ApiError> SortResources(std::vector<Resource>& list,
                                      const std::vector<std::string>& sort) {
  struct Key {
    std::string field;
    bool desc;
  };
  std::vector<Key> keys;
  for (const std::string& s : sort) {
    Key k{s, false};
    if (!s.empty() && s[0] == '-') k = {s.substr(1), true};
    if (std::find(std::begin(kSortFields), std::end(kSortFields), k.field) == std::end(kSortFields)) {
      return BadRequest("Invalid sort criteria", absl::StrCat(k.field, " is not a valid sort criteria for ", list.empty() ? "" : list[0].type), "114", "sort");
    }
    keys.push_back(k);
  }
  auto numeric = [](const std::string& id) {
    int64_t n = 0;
    return absl::SimpleAtoi(id, &n) ? n : 0;
  };
  std::stable_sort(list.begin(), list.end(), [&](const Resource& a, const Resource& b) {
    for (const Key& k : keys) {
      int cmp = 0;
      if (k.field == "id") {
        int64_t x = numeric(a.id), y = numeric(b.id);
        cmp = x < y ? -1 : x > y ? 1 : 0;
      } else {
        absl::Time x = k.field == "created-at" ? a.created_at : a.updated_at;
        absl::Time y = k.field == "created-at" ? b.created_at : b.updated_at;
        cmp = x < y ? -1 : x > y ? 1 : 0;
      }
      if (cmp != 0) return k.desc ? cmp > 0 : cmp < 0;
    }
    return false;
  });
  return std::nullopt;
}

std::string CustomFieldEventType(const CustomField& f) {
  std::string t = f.field_type;
  if (t.rfind("CustomField::", 0) == 0) t = t.substr(13);
  t = absl::AsciiStrToLower(t);
  if (t == "checkbox") return "boolean";
  return t;
}

}  // namespace clara::ttsim
