// The public API (/v1) of the simulator: the request pipeline (auth → faults → rate limit →
// version → media type → scope → validation) and the read and write endpoints.
#include <httplib.h>

#include <algorithm>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tools/teamtailor-sim/crypto.h"
#include "tools/teamtailor-sim/partner.h"
#include "tools/teamtailor-sim/resources.h"
#include "tools/teamtailor-sim/server.h"

namespace clara::ttsim {
namespace {

std::string LevelName(KeyLevel l) {
  switch (l) {
    case KeyLevel::kPublic:
      return "Public";
    case KeyLevel::kInternal:
      return "Internal";
    case KeyLevel::kAdmin:
      return "Admin";
  }
  return "";
}

ApiError BadJson() {
  return {400, "Bad Request", "The request body is not valid JSON.", "400", "", ""};
}

// Checks the top level of a write body: {"data":{"type":<type>[,"id":<id>],...}}.
std::vector<ApiError> CheckDataEnvelope(const Json& body, absl::string_view type,
                                        const std::string* id) {
  std::vector<ApiError> errors;
  if (!body.is_object() || !body.contains("data") || !body["data"].is_object()) {
    errors.push_back(Invalid("/data", "data", "can't be blank"));
    return errors;
  }
  const Json& data = body["data"];
  if (!data.contains("type") || !data["type"].is_string() || data["type"] != std::string(type)) {
    errors.push_back(Invalid("/data/type", "type", absl::StrCat("must be ", type)));
  }
  if (id != nullptr) {
    if (!data.contains("id") || !data["id"].is_string() || data["id"] != *id) {
      errors.push_back(Invalid("/data/id", "id", "must be the id in the URL, as a string"));
    }
  }
  if (data.contains("attributes") && !data["attributes"].is_object()) {
    errors.push_back(Invalid("/data/attributes", "attributes", "must be an object"));
  }
  if (data.contains("relationships") && !data["relationships"].is_object()) {
    errors.push_back(Invalid("/data/relationships", "relationships", "must be an object"));
  }
  return errors;
}

const Json& Attributes(const Json& body) {
  static const Json* empty = new Json(Json::object());
  const Json& data = body["data"];
  return data.contains("attributes") ? data["attributes"] : *empty;
}

// Reads relationships.<name>.data as {type, id}. Returns false and adds an error if malformed;
// sets *present to whether the relationship was given; *ref is empty for data:null.
bool ReadToOne(const Json& body, const std::string& name, const std::string& type, bool* present,
               std::optional<Ref>* ref, std::vector<ApiError>* errors) {
  *present = false;
  ref->reset();
  const Json& data = body["data"];
  if (!data.contains("relationships") || !data["relationships"].contains(name)) return true;
  *present = true;
  const Json& rel = data["relationships"][name];
  std::string pointer = absl::StrCat("/data/relationships/", name);
  if (!rel.is_object() || !rel.contains("data")) {
    errors->push_back(Invalid(pointer, name, "must have data"));
    return false;
  }
  const Json& d = rel["data"];
  if (d.is_null()) return true;
  if (!d.is_object() || !d.contains("type") || !d.contains("id") || !d["id"].is_string() ||
      !d["type"].is_string()) {
    errors->push_back(Invalid(pointer + "/data", name, "must be {\"type\",\"id\"} with a string id"));
    return false;
  }
  if (!type.empty() && d["type"] != type) {
    errors->push_back(Invalid(pointer + "/data/type", name, absl::StrCat("type must be ", type)));
    return false;
  }
  *ref = Ref{d["type"].get<std::string>(), d["id"].get<std::string>()};
  return true;
}

std::optional<int64_t> ParseId(const std::string& s) {
  int64_t n = 0;
  if (!absl::SimpleAtoi(s, &n) || std::to_string(n) != s) return std::nullopt;
  return n;
}

// Unknown relationships in a write body.
void RejectRelationships(const Json& body, const std::set<std::string>& allowed,
                         std::vector<ApiError>* errors) {
  const Json& data = body["data"];
  if (!data.contains("relationships") || !data["relationships"].is_object()) return;
  for (const auto& [k, v] : data["relationships"].items()) {
    if (!allowed.count(k)) {
      errors->push_back(Invalid(absl::StrCat("/data/relationships/", k), k, "is not allowed"));
    }
  }
}

// A custom field value, normalised for the field's type.
std::optional<Json> NormaliseValue(const CustomField& f, const Json& v) {
  if (f.field_type == "CustomField::Number") {
    if (v.is_number()) return v;
    if (v.is_string()) {
      int64_t i;
      double d;
      std::string s = v.get<std::string>();
      if (absl::SimpleAtoi(s, &i)) return Json(i);
      if (absl::SimpleAtod(s, &d) && !s.empty()) return Json(d);
    }
    return std::nullopt;
  }
  if (f.field_type == "CustomField::Checkbox") {
    if (v.is_boolean()) return v;
    if (v == "true") return Json(true);
    if (v == "false") return Json(false);
    return std::nullopt;
  }
  if (v.is_string()) return v;
  if (v.is_number()) return Json(v.dump());
  return std::nullopt;
}

}  // namespace

const ApiKey* SimServer::FindApiKey(const std::string& authorization) const {
  absl::string_view v = authorization;
  if (!absl::ConsumePrefix(&v, "Token token=")) return nullptr;
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  // company_.api_keys never changes after seeding, so it is read without the lock.
  for (const ApiKey& k : company_.api_keys) {
    if (ConstantTimeEquals(v, k.key)) return &k;
  }
  return nullptr;
}

void SimServer::HandleV1(const httplib::Request& req, httplib::Response& res) {
  const ApiKey* key = FindApiKey(req.get_header_value("Authorization"));
  if (key != nullptr) limiter_.RecordRequest(key->name);
  bool lose_answer = false;
  const bool writing = req.method == "POST" || req.method == "PATCH" || req.method == "PUT";
  if (ApplyFaults(res, key != nullptr, key != nullptr ? &key->name : nullptr,
                  writing && key != nullptr ? &lose_answer : nullptr)) {
    return;
  }
  if (key == nullptr) {
    res.status = 401;  // Teamtailor answers a missing or unknown key with an empty body.
    return;
  }
  res.set_header("X-Api-Version", options_.api_version);
  if (ApplyRateLimit(res, key->name)) return;
  if (req.get_header_value("X-Api-Version") != options_.api_version) {
    Json error = Json::object();
    error["status"] = 406;
    error["title"] = "Invalid/Missing API Version";
    error["detail"] = absl::StrCat(
        "Please provide a correct API version in the X-Api-Version header. Current version is: ",
        options_.api_version);
    SendJson(res, 406, {{"errors", Json::array({error})}});
    return;
  }
  const bool write = req.method == "POST" || req.method == "PATCH" || req.method == "PUT";
  if (write && req.get_header_value("Content-Type") != kJsonApiMediaType) {
    SendErrors(res, {{415, "Unsupported media type",
                      absl::StrCat("All requests that create or update must use the '",
                                   kJsonApiMediaType, "' Content-Type. This request specified '",
                                   req.get_header_value("Content-Type"), "'."),
                      "415", "", ""}});
    return;
  }
  V1Context ctx;
  ctx.req = &req;
  ctx.key = key;
  absl::string_view path = req.path;
  absl::ConsumePrefix(&path, "/v1");
  absl::ConsumePrefix(&path, "/");
  for (absl::string_view s : absl::StrSplit(path, '/', absl::SkipEmpty())) ctx.segments.emplace_back(s);

  Reply reply = RouteV1(ctx);
  if (lose_answer) return LoseAnswer(req);  // applied, but the client never hears of it
  res.status = reply.status;
  if (!reply.location.empty()) res.set_header("Location", reply.location);
  if (reply.body) SendJson(res, reply.status, *reply.body);
}

std::optional<ApiError> SimServer::CheckRead(const ApiKey& key, KeyLevel needed,
                                             absl::string_view what) const {
  if (key.can_read && key.level >= needed) return std::nullopt;
  return Forbidden(absl::StrCat("This API key (", LevelName(key.level),
                                ") is not allowed to read ", what, "; it needs an ",
                                LevelName(needed), " key."));
}

SimServer::Reply SimServer::RouteV1(const V1Context& ctx) {
  const std::string& method = ctx.req->method;
  const std::vector<std::string>& s = ctx.segments;
  auto error = [](const ApiError& e) { return Reply{e.status, ErrorBody({e}), ""}; };
  if (method == "GET") {
    if (s.empty()) return error({404, "Not found", "No route matches this path.", "404", "", ""});
    if (FindType(s[0]) == nullptr) {
      return error({404, "Not found", absl::StrCat("Unknown resource type: ", s[0]), "404", "", ""});
    }
    if (s.size() == 1) return V1List(ctx, s[0]);
    if (s.size() == 2) return V1Show(ctx, s[0], s[1]);
    if (s.size() == 3) return V1Related(ctx, s[0], s[1], s[2], false);
    if (s.size() == 4 && s[2] == "relationships") return V1Related(ctx, s[0], s[1], s[3], true);
    return error({404, "Not found", "No route matches this path.", "404", "", ""});
  }
  // Every write needs an Admin key with write access. Checked before anything about the body,
  // so a client can probe its access with a deliberately invalid write (403 vs 422).
  if (!(ctx.key->level == KeyLevel::kAdmin && ctx.key->can_write)) {
    return error(Forbidden(absl::StrCat("This API key (", LevelName(ctx.key->level),
                                        ctx.key->can_write ? ", read-write" : ", read-only",
                                        ") is not allowed to write; it needs an Admin key with "
                                        "write access.")));
  }
  const bool update = method == "PATCH" || method == "PUT";
  if (method == "POST" && s.size() == 1 && s[0] == "custom-field-values") {
    return V1CreateCustomFieldValue(ctx);
  }
  if (method == "POST" && s.size() == 1 && s[0] == "notes") return V1CreateNote(ctx);
  if (update && s.size() == 2 && s[0] == "candidates") return V1PatchCandidate(ctx, s[1]);
  if (update && s.size() == 2 && s[0] == "job-applications") return V1PatchJobApplication(ctx, s[1]);
  if (update && s.size() == 2 && s[0] == "custom-field-values") {
    return V1PatchCustomFieldValue(ctx, s[1]);
  }
  return error({405, "Method not allowed",
                absl::StrCat(method, " is not supported on this path by the simulator."), "405", "",
                ""});
}

// ---------------------------------------------------------------------------------------------
// Reads.

SimServer::Reply SimServer::RenderCollection(const V1Context& ctx, const Query& q,
                                             std::vector<Resource> list) {
  const int size = std::clamp(q.page_size.value_or(kDefaultPageSize), 1, kMaxPageSize);
  const int number = q.page_number.value_or(1);
  const int count = static_cast<int>(list.size());
  const int page_count = (count + size - 1) / size;
  std::vector<Resource> page;
  for (int i = (number - 1) * size; i < count && i < number * size; ++i) page.push_back(list[i]);
  Reply reply = RenderSingle(ctx, q, Resource{});  // included/linkage checks for the page below
  if (reply.status != 200) return reply;

  ResourceContext rctx = MakeResourceContext();
  std::set<std::string> linkage(q.include.begin(), q.include.end());
  std::set<Ref> seen;
  for (const Resource& r : page) seen.insert({r.type, r.id});
  Json data = Json::array();
  Json included = Json::array();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const Resource& r : page) {
      auto f = q.fields.find(r.type);
      data.push_back(RenderResource(r, rctx.base_url, linkage, f == q.fields.end() ? nullptr : &f->second));
      for (const std::string& name : q.include) {
        const Relationship* rel = r.FindRelationship(name);
        if (rel == nullptr) continue;
        for (const Ref& ref : rel->refs) {
          if (!seen.insert(ref).second) continue;
          std::optional<Resource> inc = BuildResource(company_, rctx, ref.type, ref.id);
          if (!inc) continue;
          const TypeSpec* spec = FindType(inc->type);
          if (auto e = CheckRead(*ctx.key, spec->read_level, inc->type)) {
            return Reply{403, ErrorBody({*e}), ""};
          }
          auto fi = q.fields.find(inc->type);
          included.push_back(RenderResource(*inc, rctx.base_url, {}, fi == q.fields.end() ? nullptr : &fi->second));
        }
      }
    }
  }
  const std::string self = absl::StrCat(rctx.base_url, ctx.req->path, "?");
  Json links = Json::object();
  links["first"] = absl::StrCat(self, QueryString(q, 1, size));
  if (number > 1) links["prev"] = absl::StrCat(self, QueryString(q, std::min(number - 1, std::max(1, page_count)), size));
  if (number < page_count) links["next"] = absl::StrCat(self, QueryString(q, number + 1, size));
  links["last"] = absl::StrCat(self, QueryString(q, std::max(1, page_count), size));
  Json body = Json::object();
  body["data"] = data;
  if (!q.include.empty()) body["included"] = included;
  body["meta"] = {{"record-count", count}, {"page-count", page_count}};
  body["links"] = links;
  return {200, body, ""};
}

// With an empty `r` only validates the include list (used by RenderCollection).
SimServer::Reply SimServer::RenderSingle(const V1Context& ctx, const Query& q, const Resource& r) {
  for (const auto& [type, names] : q.fields) {
    if (FindType(type) == nullptr) {
      ApiError e = BadRequest("Invalid resource", absl::StrCat(type, " is not a valid resource."),
                              "101", absl::StrCat("fields[", type, "]"));
      return {400, ErrorBody({e}), ""};
    }
  }
  if (r.type.empty()) return {200, std::nullopt, ""};
  ResourceContext rctx = MakeResourceContext();
  std::set<std::string> linkage(q.include.begin(), q.include.end());
  auto f = q.fields.find(r.type);
  Json body = Json::object();
  body["data"] = RenderResource(r, rctx.base_url, linkage, f == q.fields.end() ? nullptr : &f->second);
  if (!q.include.empty()) {
    Json included = Json::array();
    std::set<Ref> seen{{r.type, r.id}};
    std::lock_guard<std::mutex> lock(mu_);
    for (const std::string& name : q.include) {
      const Relationship* rel = r.FindRelationship(name);
      if (rel == nullptr) continue;
      for (const Ref& ref : rel->refs) {
        if (!seen.insert(ref).second) continue;
        std::optional<Resource> inc = BuildResource(company_, rctx, ref.type, ref.id);
        if (!inc) continue;
        if (auto e = CheckRead(*ctx.key, FindType(inc->type)->read_level, inc->type)) {
          return {403, ErrorBody({*e}), ""};
        }
        auto fi = q.fields.find(inc->type);
        included.push_back(RenderResource(*inc, rctx.base_url, {}, fi == q.fields.end() ? nullptr : &fi->second));
      }
    }
    body["included"] = included;
  }
  return {200, body, ""};
}

namespace {

std::optional<ApiError> CheckIncludes(const TypeSpec& spec, const Query& q) {
  for (const std::string& name : q.include) {
    if (std::find(spec.includes.begin(), spec.includes.end(), name) == spec.includes.end()) {
      return BadRequest("Invalid field",
                        absl::StrCat(name, " is not a valid relationship of ", spec.type), "112",
                        "include");
    }
  }
  return std::nullopt;
}

std::optional<ApiError> CheckFilters(const TypeSpec& spec, const Query& q) {
  for (const Filter& f : q.filters) {
    const std::string name = f.op.empty() ? f.name : absl::StrCat(f.name, "[", f.op, "]");
    if (std::find(spec.filters.begin(), spec.filters.end(), name) == spec.filters.end()) {
      return BadRequest("Filter not allowed",
                        absl::StrCat(name, " is not allowed on ", spec.type, "."), "102",
                        absl::StrCat("filter[", f.name, "]", f.op.empty() ? "" : absl::StrCat("[", f.op, "]")));
    }
  }
  return std::nullopt;
}

}  // namespace

SimServer::Reply SimServer::V1List(const V1Context& ctx, const std::string& type) {
  const TypeSpec* spec = FindType(type);
  if (auto e = CheckRead(*ctx.key, spec->read_level, type)) return {403, ErrorBody({*e}), ""};
  Query q;
  if (auto e = ParseQuery(ctx.req->params, &q)) return {400, ErrorBody({*e}), ""};
  if (auto e = CheckIncludes(*spec, q)) return {400, ErrorBody({*e}), ""};
  if (auto e = CheckFilters(*spec, q)) return {400, ErrorBody({*e}), ""};

  std::vector<Resource> all;
  {
    std::lock_guard<std::mutex> lock(mu_);
    all = BuildAll(company_, MakeResourceContext(), type);
  }
  bool status_filtered = false;
  std::vector<Resource> list;
  for (Filter f : q.filters) {
    if (type == "jobs" && f.name == "status") status_filtered = true;
  }
  for (Resource& r : all) {
    bool keep = true;
    for (const Filter& f : q.filters) {
      if (type == "jobs" && f.name == "status") {
        static const std::set<std::string> kStatuses = {"all",      "open",     "published",
                                                        "draft",    "archived", "unlisted",
                                                        "temp"};
        if (!kStatuses.count(f.value) || !f.op.empty()) {
          ApiError e = BadRequest("Invalid filter value",
                                  absl::StrCat(f.value, " is not a valid value for status."), "107",
                                  "filter[status]");
          return {400, ErrorBody({e}), ""};
        }
        std::string want = f.value == "published" ? "open" : f.value;
        if (want != "all" && r.attributes["status"] != want) keep = false;
        continue;
      }
      bool m = true;
      if (auto e = MatchFilter(r, f, &m)) return {400, ErrorBody({*e}), ""};
      keep = keep && m;
    }
    // Teamtailor lists only published jobs unless filter[status] says otherwise.
    if (type == "jobs" && !status_filtered && r.attributes["status"] != "open") keep = false;
    if (keep) list.push_back(std::move(r));
  }
  if (auto e = SortResources(list, q.sort)) return {400, ErrorBody({*e}), ""};
  return RenderCollection(ctx, q, std::move(list));
}

SimServer::Reply SimServer::V1Show(const V1Context& ctx, const std::string& type,
                                   const std::string& id) {
  const TypeSpec* spec = FindType(type);
  if (auto e = CheckRead(*ctx.key, spec->read_level, type)) return {403, ErrorBody({*e}), ""};
  Query q;
  if (auto e = ParseQuery(ctx.req->params, &q)) return {400, ErrorBody({*e}), ""};
  if (!q.filters.empty() || !q.sort.empty() || q.page_number || q.page_size) {
    ApiError e = BadRequest("Param not allowed", "filter, sort and page are not allowed on a single resource.",
                            "105", "");
    return {400, ErrorBody({e}), ""};
  }
  if (auto e = CheckIncludes(*spec, q)) return {400, ErrorBody({*e}), ""};
  std::optional<Resource> r;
  {
    std::lock_guard<std::mutex> lock(mu_);
    r = BuildResource(company_, MakeResourceContext(), type, id);
  }
  if (!r) return {404, ErrorBody({NotFound(id)}), ""};
  return RenderSingle(ctx, q, *r);
}

SimServer::Reply SimServer::V1Related(const V1Context& ctx, const std::string& type,
                                      const std::string& id, const std::string& rel_name,
                                      bool linkage_only) {
  const TypeSpec* spec = FindType(type);
  if (auto e = CheckRead(*ctx.key, spec->read_level, type)) return {403, ErrorBody({*e}), ""};
  Query q;
  if (auto e = ParseQuery(ctx.req->params, &q)) return {400, ErrorBody({*e}), ""};
  std::optional<Resource> parent;
  std::vector<Resource> targets;
  ResourceContext rctx = MakeResourceContext();
  {
    std::lock_guard<std::mutex> lock(mu_);
    parent = BuildResource(company_, rctx, type, id);
    if (!parent) return {404, ErrorBody({NotFound(id)}), ""};
    const Relationship* rel = parent->FindRelationship(rel_name);
    if (rel == nullptr) {
      ApiError e{404, "Not found", absl::StrCat(rel_name, " is not a relationship of ", type), "404", "", ""};
      return {404, ErrorBody({e}), ""};
    }
    for (const Ref& ref : rel->refs) {
      if (auto t = BuildResource(company_, rctx, ref.type, ref.id)) targets.push_back(*std::move(t));
    }
  }
  const Relationship* rel = parent->FindRelationship(rel_name);
  if (linkage_only && (!q.include.empty() || !q.filters.empty() || !q.sort.empty())) {
    ApiError e = BadRequest("Param not allowed",
                            "include, filter and sort are not allowed on a relationship endpoint.", "105", "");
    return {400, ErrorBody({e}), ""};
  }
  // The query is checked against the related type even when there are no related records.
  const TypeSpec* tspec = FindType(rel->type);
  if (!linkage_only && tspec != nullptr) {
    if (auto e = CheckIncludes(*tspec, q)) return {400, ErrorBody({*e}), ""};
    if (auto e = CheckFilters(*tspec, q)) return {400, ErrorBody({*e}), ""};
  }
  if (!linkage_only && !rel->to_many && (!q.filters.empty() || !q.sort.empty() || q.page_number || q.page_size)) {
    ApiError e = BadRequest("Param not allowed", "filter, sort and page are not allowed on a single resource.",
                            "105", "");
    return {400, ErrorBody({e}), ""};
  }
  for (const Resource& t : targets) {
    if (auto e = CheckRead(*ctx.key, FindType(t.type)->read_level, t.type)) {
      return {403, ErrorBody({*e}), ""};
    }
  }
  if (linkage_only) {
    Json body = Json::object();
    std::string self = absl::StrCat(rctx.base_url, "/v1/", type, "/", id);
    body["links"] = {{"self", absl::StrCat(self, "/relationships/", rel_name)},
                     {"related", absl::StrCat(self, "/", rel_name)}};
    Json rendered = RenderResource(*parent, rctx.base_url, {rel_name});
    body["data"] = rendered["relationships"][rel_name]["data"];
    return {200, body, ""};
  }
  if (!rel->to_many) {
    if (targets.empty()) return {200, Json{{"data", nullptr}}, ""};
    return RenderSingle(ctx, q, targets[0]);
  }
  std::vector<Resource> list;
  for (Resource& t : targets) {
    bool keep = true;
    for (const Filter& f : q.filters) {
      bool m = true;
      if (auto e = MatchFilter(t, f, &m)) return {400, ErrorBody({*e}), ""};
      keep = keep && m;
    }
    if (keep) list.push_back(std::move(t));
  }
  if (auto e = SortResources(list, q.sort)) return {400, ErrorBody({*e}), ""};
  return RenderCollection(ctx, q, std::move(list));
}

// ---------------------------------------------------------------------------------------------
// Writes. The write scope was checked in RouteV1.

SimServer::Reply SimServer::V1PatchCandidate(const V1Context& ctx, const std::string& id) {
  Json body = Json::parse(ctx.req->body, nullptr, false);
  if (body.is_discarded()) return {400, ErrorBody({BadJson()}), ""};
  std::optional<int64_t> cid = ParseId(id);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = cid ? company_.candidates.find(*cid) : company_.candidates.end();
  if (it == company_.candidates.end()) return {404, ErrorBody({NotFound(id)}), ""};
  std::vector<ApiError> errors = CheckDataEnvelope(body, "candidates", &id);
  if (!errors.empty()) return {422, ErrorBody(errors), ""};
  RejectRelationships(body, {}, &errors);
  const Json& attrs = Attributes(body);
  static const std::set<std::string> kStrings = {"first-name", "last-name", "phone", "pitch"};
  std::vector<std::string> tags;
  bool set_tags = false;
  for (const auto& [k, v] : attrs.items()) {
    std::string pointer = absl::StrCat("/data/attributes/", k);
    if (k == "tags") {
      set_tags = true;
      if (!v.is_array()) {
        errors.push_back(Invalid(pointer, k, "must be an array of strings"));
        continue;
      }
      for (const Json& t : v) {
        if (!t.is_string() || t.get<std::string>().empty()) {
          errors.push_back(Invalid(pointer, k, "must be an array of non-empty strings"));
          break;
        }
        std::string s = t.get<std::string>();
        if (std::find(tags.begin(), tags.end(), s) == tags.end()) tags.push_back(s);
      }
    } else if (kStrings.count(k)) {
      if (!v.is_string()) errors.push_back(Invalid(pointer, k, "must be a string"));
    } else {
      errors.push_back(Invalid(pointer, k, "is not allowed"));
    }
  }
  if (!errors.empty()) return {422, ErrorBody(errors), ""};
  Candidate& c = it->second;
  if (set_tags) c.tags = tags;
  if (attrs.contains("first-name")) c.first_name = attrs["first-name"].get<std::string>();
  if (attrs.contains("last-name")) c.last_name = attrs["last-name"].get<std::string>();
  if (attrs.contains("phone")) c.phone = attrs["phone"].get<std::string>();
  if (attrs.contains("pitch")) c.pitch = attrs["pitch"].get<std::string>();
  c.updated_at = clock_->Now();
  Resource r = *BuildResource(company_, MakeResourceContext(), "candidates", id);
  // Tag changes do not fire candidate.update [V]; setting any other attribute does.
  bool other_than_tags = false;
  for (const auto& [k, v] : attrs.items()) other_than_tags = other_than_tags || k != "tags";
  if (other_than_tags) FireCompanyWebhookLocked(r, "update", nullptr);
  return {200, Json{{"data", RenderResource(r, base_url(), {})}}, ""};
}

SimServer::Reply SimServer::V1PatchJobApplication(const V1Context& ctx, const std::string& id) {
  Json body = Json::parse(ctx.req->body, nullptr, false);
  if (body.is_discarded()) return {400, ErrorBody({BadJson()}), ""};
  std::optional<int64_t> aid = ParseId(id);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = aid ? company_.job_applications.find(*aid) : company_.job_applications.end();
  if (it == company_.job_applications.end()) return {404, ErrorBody({NotFound(id)}), ""};
  std::vector<ApiError> errors = CheckDataEnvelope(body, "job-applications", &id);
  if (!errors.empty()) return {422, ErrorBody(errors), ""};
  JobApplication& app = it->second;
  RejectRelationships(body, {"stage", "reject-reason"}, &errors);

  bool stage_given = false, reason_given = false;
  std::optional<Ref> stage_ref, reason_ref;
  const Stage* new_stage = nullptr;
  if (ReadToOne(body, "stage", "stages", &stage_given, &stage_ref, &errors) && stage_given) {
    std::optional<int64_t> sid = stage_ref ? ParseId(stage_ref->id) : std::nullopt;
    auto s = sid ? company_.stages.find(*sid) : company_.stages.end();
    if (s == company_.stages.end()) {
      errors.push_back(Invalid("/data/relationships/stage", "stage", "is invalid"));
    } else if (s->second.job_id != app.job_id) {
      errors.push_back(Invalid("/data/relationships/stage", "stage",
                               "must belong to the job of the application"));
    } else {
      new_stage = &s->second;
    }
  }
  int64_t reason_id = app.reject_reason_id;
  if (ReadToOne(body, "reject-reason", "reject-reasons", &reason_given, &reason_ref, &errors) &&
      reason_given) {
    std::optional<int64_t> rid = reason_ref ? ParseId(reason_ref->id) : std::nullopt;
    if (!reason_ref) {
      reason_id = 0;
    } else if (!rid || !company_.reject_reasons.count(*rid)) {
      errors.push_back(Invalid("/data/relationships/reject-reason", "reject-reason", "is invalid"));
    } else {
      reason_id = *rid;
    }
  }
  std::optional<std::optional<absl::Time>> rejected_at;
  for (const auto& [k, v] : Attributes(body).items()) {
    std::string pointer = absl::StrCat("/data/attributes/", k);
    if (k == "rejected-at") {
      if (v.is_null()) {
        rejected_at = std::optional<absl::Time>();
      } else if (v.is_string() && ParseIsoTime(v.get<std::string>())) {
        rejected_at = ParseIsoTime(v.get<std::string>());
      } else {
        errors.push_back(Invalid(pointer, k, "must be an ISO 8601 time or null"));
      }
    } else {
      errors.push_back(Invalid(pointer, k, "is not allowed"));
    }
  }
  if (!errors.empty()) return {422, ErrorBody(errors), ""};

  absl::Time now = clock_->Now();
  const bool changed = (rejected_at && *rejected_at != app.rejected_at) ||
                       reason_id != app.reject_reason_id ||
                       (new_stage != nullptr && new_stage->id != app.stage_id);
  if (rejected_at) app.rejected_at = *rejected_at;
  app.reject_reason_id = reason_id;
  app.updated_at = now;
  if (new_stage != nullptr && new_stage->id != app.stage_id) {
    MoveLocked(app.id, *new_stage, company_.jobs.at(app.job_id).user_id, false);
  }
  Resource r = *BuildResource(company_, MakeResourceContext(), "job-applications", id);
  // A stage move or a (un)rejection is one update of the application, whatever else it carried.
  if (changed) FireCompanyWebhookLocked(r, "update", nullptr);
  return {200, Json{{"data", RenderResource(r, base_url(), {})}}, ""};
}

SimServer::Reply SimServer::V1CreateCustomFieldValue(const V1Context& ctx) {
  Json body = Json::parse(ctx.req->body, nullptr, false);
  if (body.is_discarded()) return {400, ErrorBody({BadJson()}), ""};
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ApiError> errors = CheckDataEnvelope(body, "custom-field-values", nullptr);
  if (!errors.empty()) return {422, ErrorBody(errors), ""};
  RejectRelationships(body, {"custom-field", "owner"}, &errors);
  bool field_given = false, owner_given = false;
  std::optional<Ref> field_ref, owner_ref;
  const CustomField* field = nullptr;
  if (ReadToOne(body, "custom-field", "custom-fields", &field_given, &field_ref, &errors)) {
    std::optional<int64_t> fid = field_ref ? ParseId(field_ref->id) : std::nullopt;
    if (!field_given || !field_ref) {
      errors.push_back(Invalid("/data/relationships/custom-field", "custom-field", "can't be blank"));
    } else if (!fid || !company_.custom_fields.count(*fid)) {
      errors.push_back(Invalid("/data/relationships/custom-field", "custom-field", "is invalid"));
    } else {
      field = &company_.custom_fields.at(*fid);
    }
  }
  int64_t owner_id = 0;
  if (ReadToOne(body, "owner", "", &owner_given, &owner_ref, &errors)) {
    std::optional<int64_t> oid = owner_ref ? ParseId(owner_ref->id) : std::nullopt;
    if (!owner_given || !owner_ref) {
      errors.push_back(Invalid("/data/relationships/owner", "owner", "can't be blank"));
    } else if (owner_ref->type != "candidates" && owner_ref->type != "jobs") {
      errors.push_back(Invalid("/data/relationships/owner/data/type", "owner",
                               "type must be candidates or jobs"));
    } else if (!oid || (owner_ref->type == "candidates" ? !company_.candidates.count(*oid)
                                                         : !company_.jobs.count(*oid))) {
      errors.push_back(Invalid("/data/relationships/owner", "owner", "is invalid"));
    } else if (field != nullptr &&
               (owner_ref->type == "candidates") != (field->owner_type == "Candidate")) {
      errors.push_back(Invalid("/data/relationships/owner", "owner",
                               absl::StrCat("must be a ", field->owner_type, " for this field")));
    } else {
      owner_id = *oid;
    }
  }
  const Json& attrs = Attributes(body);
  std::optional<Json> value;
  for (const auto& [k, v] : attrs.items()) {
    if (k != "value") errors.push_back(Invalid(absl::StrCat("/data/attributes/", k), k, "is not allowed"));
  }
  if (!attrs.contains("value") || attrs["value"].is_null() ||
      (attrs["value"].is_string() && attrs["value"].get<std::string>().empty())) {
    errors.push_back(Invalid("/data/attributes/value", "value", "can't be blank"));
  } else if (field != nullptr) {
    value = NormaliseValue(*field, attrs["value"]);
    if (!value) {
      errors.push_back(Invalid("/data/attributes/value", "value",
                               absl::StrCat("is not a valid value for ", field->field_type)));
    }
  }
  if (errors.empty()) {
    for (const auto& [vid, v] : company_.custom_field_values) {
      if (v.custom_field_id == field->id && v.owner_type == owner_ref->type && v.owner_id == owner_id) {
        errors.push_back(Invalid("/data/relationships/custom-field", "custom-field",
                                 "has already been taken"));
        break;
      }
    }
  }
  if (!errors.empty()) return {422, ErrorBody(errors), ""};
  absl::Time now = clock_->Now();
  CustomFieldValue v;
  v.id = company_.next_custom_field_value_id++;
  v.custom_field_id = field->id;
  v.owner_type = owner_ref->type;
  v.owner_id = owner_id;
  v.value = *value;
  v.created_at = v.updated_at = now;
  company_.custom_field_values[v.id] = v;
  if (v.owner_type == "candidates") company_.candidates.at(owner_id).updated_at = now;
  std::string id = std::to_string(v.id);
  Resource r = *BuildResource(company_, MakeResourceContext(), "custom-field-values", id);
  return {201, Json{{"data", RenderResource(r, base_url(), {})}},
          absl::StrCat(base_url(), "/v1/custom-field-values/", id)};
}

SimServer::Reply SimServer::V1PatchCustomFieldValue(const V1Context& ctx, const std::string& id) {
  Json body = Json::parse(ctx.req->body, nullptr, false);
  if (body.is_discarded()) return {400, ErrorBody({BadJson()}), ""};
  std::optional<int64_t> vid = ParseId(id);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = vid ? company_.custom_field_values.find(*vid) : company_.custom_field_values.end();
  if (it == company_.custom_field_values.end()) return {404, ErrorBody({NotFound(id)}), ""};
  std::vector<ApiError> errors = CheckDataEnvelope(body, "custom-field-values", &id);
  if (!errors.empty()) return {422, ErrorBody(errors), ""};
  RejectRelationships(body, {}, &errors);
  const CustomField& field = company_.custom_fields.at(it->second.custom_field_id);
  std::optional<Json> value;
  for (const auto& [k, v] : Attributes(body).items()) {
    std::string pointer = absl::StrCat("/data/attributes/", k);
    if (k != "value") {
      errors.push_back(Invalid(pointer, k, "is not allowed"));
    } else if (v.is_null() || (v.is_string() && v.get<std::string>().empty())) {
      errors.push_back(Invalid(pointer, k, "can't be blank"));
    } else if (!(value = NormaliseValue(field, v))) {
      errors.push_back(Invalid(pointer, k, absl::StrCat("is not a valid value for ", field.field_type)));
    }
  }
  if (!errors.empty()) return {422, ErrorBody(errors), ""};
  absl::Time now = clock_->Now();
  if (value) {
    it->second.value = *value;
    it->second.updated_at = now;
    if (it->second.owner_type == "candidates") {
      company_.candidates.at(it->second.owner_id).updated_at = now;
    }
  }
  Resource r = *BuildResource(company_, MakeResourceContext(), "custom-field-values", id);
  return {200, Json{{"data", RenderResource(r, base_url(), {})}}, ""};
}

SimServer::Reply SimServer::V1CreateNote(const V1Context& ctx) {
  Json body = Json::parse(ctx.req->body, nullptr, false);
  if (body.is_discarded()) return {400, ErrorBody({BadJson()}), ""};
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ApiError> errors = CheckDataEnvelope(body, "notes", nullptr);
  if (!errors.empty()) return {422, ErrorBody(errors), ""};
  RejectRelationships(body, {"candidate", "user"}, &errors);
  bool cand_given = false, user_given = false;
  std::optional<Ref> cand_ref, user_ref;
  int64_t candidate_id = 0, user_id = 0;
  if (ReadToOne(body, "candidate", "candidates", &cand_given, &cand_ref, &errors)) {
    std::optional<int64_t> cid = cand_ref ? ParseId(cand_ref->id) : std::nullopt;
    if (!cand_given || !cand_ref) {
      errors.push_back(Invalid("/data/relationships/candidate", "candidate", "can't be blank"));
    } else if (!cid || !company_.candidates.count(*cid)) {
      errors.push_back(Invalid("/data/relationships/candidate", "candidate", "is invalid"));
    } else {
      candidate_id = *cid;
    }
  }
  if (ReadToOne(body, "user", "users", &user_given, &user_ref, &errors) && user_ref) {
    std::optional<int64_t> uid = ParseId(user_ref->id);
    if (!uid || !company_.users.count(*uid)) {
      errors.push_back(Invalid("/data/relationships/user", "user", "is invalid"));
    } else {
      user_id = *uid;
    }
  }
  const Json& attrs = Attributes(body);
  for (const auto& [k, v] : attrs.items()) {
    if (k != "note") errors.push_back(Invalid(absl::StrCat("/data/attributes/", k), k, "is not allowed"));
  }
  if (!attrs.contains("note") || !attrs["note"].is_string() ||
      attrs["note"].get<std::string>().find_first_not_of(" \t\r\n") == std::string::npos) {
    errors.push_back(Invalid("/data/attributes/note", "note", "can't be blank"));
  }
  if (!errors.empty()) return {422, ErrorBody(errors), ""};
  absl::Time now = clock_->Now();
  Note n;
  n.id = company_.next_note_id++;
  n.candidate_id = candidate_id;
  n.user_id = user_id;
  n.note = attrs["note"].get<std::string>();
  n.created_at = n.updated_at = now;
  company_.notes[n.id] = n;
  std::string id = std::to_string(n.id);
  Resource r = *BuildResource(company_, MakeResourceContext(), "notes", id);
  return {201, Json{{"data", RenderResource(r, base_url(), {})}},
          absl::StrCat(base_url(), "/v1/notes/", id)};
}

}  // namespace clara::ttsim
