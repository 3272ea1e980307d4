// Implementation of json_api.h.
#include "tools/teamtailor-sim/json_api.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace clara::ttsim {

const Relationship* Resource::FindRelationship(absl::string_view name) const {
  for (const Relationship& rel : relationships) {
    if (rel.name == name) return &rel;
  }
  return nullptr;
}

Json RenderResource(const Resource& r, absl::string_view base_url,
                    const std::set<std::string>& linkage, const std::set<std::string>* fields) {
  const std::string self = absl::StrCat(base_url, "/v1/", r.type, "/", r.id);
  Json out = Json::object();
  out["id"] = r.id;
  out["type"] = r.type;
  Json links = Json::object();
  links["self"] = self;
  for (const auto& [k, v] : r.extra_links.items()) links[k] = v;
  out["links"] = links;
  Json attributes = Json::object();
  for (const auto& [k, v] : r.attributes.items()) {
    if (fields == nullptr || fields->count(k)) attributes[k] = v;
  }
  out["attributes"] = attributes;
  Json relationships = Json::object();
  for (const Relationship& rel : r.relationships) {
    if (fields != nullptr && !fields->count(rel.name)) continue;
    Json j = Json::object();
    j["links"] = {{"self", absl::StrCat(self, "/relationships/", rel.name)},
                  {"related", absl::StrCat(self, "/", rel.name)}};
    if (linkage.count(rel.name)) {
      if (rel.to_many) {
        Json data = Json::array();
        for (const Ref& ref : rel.refs) data.push_back({{"type", ref.type}, {"id", ref.id}});
        j["data"] = data;
      } else if (rel.refs.empty()) {
        j["data"] = nullptr;
      } else {
        j["data"] = {{"type", rel.refs[0].type}, {"id", rel.refs[0].id}};
      }
    }
    relationships[rel.name] = j;
  }
  out["relationships"] = relationships;
  return out;
}

Json ErrorBody(const std::vector<ApiError>& errors) {
  Json list = Json::array();
  for (const ApiError& e : errors) {
    Json j = Json::object();
    j["title"] = e.title;
    j["detail"] = e.detail;
    j["code"] = e.code.empty() ? std::to_string(e.status) : e.code;
    if (!e.pointer.empty()) j["source"] = {{"pointer", e.pointer}};
    if (!e.parameter.empty()) j["source"] = {{"parameter", e.parameter}};
    j["status"] = std::to_string(e.status);
    list.push_back(j);
  }
  return {{"errors", list}};
}

ApiError BadRequest(std::string title, std::string detail, std::string code,
                    std::string parameter) {
  return {400, std::move(title), std::move(detail), std::move(code), "", std::move(parameter)};
}

ApiError NotFound(absl::string_view id) {
  return {404, "Record not found",
          absl::StrCat("The record identified by ", id, " could not be found."), "404", "", ""};
}

ApiError Forbidden(std::string detail) {
  return {403, "Forbidden", std::move(detail), "403", "", ""};
}

ApiError Invalid(std::string pointer, std::string field, std::string title) {
  std::string detail = absl::StrCat(field, " - ", title);
  return {422, std::move(title), std::move(detail), "100", std::move(pointer), ""};
}

namespace {

// "filter[updated-at][from]" → {"filter", ["updated-at", "from"]}.
bool SplitBracketKey(absl::string_view key, std::string* head, std::vector<std::string>* parts) {
  size_t open = key.find('[');
  if (open == absl::string_view::npos) {
    *head = std::string(key);
    return true;
  }
  *head = std::string(key.substr(0, open));
  absl::string_view rest = key.substr(open);
  while (!rest.empty()) {
    if (rest[0] != '[') return false;
    size_t close = rest.find(']');
    if (close == absl::string_view::npos || close == 1) return false;
    parts->emplace_back(rest.substr(1, close - 1));
    rest = rest.substr(close + 1);
  }
  return true;
}

std::vector<std::string> SplitList(absl::string_view v) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(v, ',', absl::SkipWhitespace())) {
    out.emplace_back(absl::StripAsciiWhitespace(part));
  }
  return out;
}

}  // namespace

std::optional<ApiError> ParseQuery(const std::multimap<std::string, std::string>& params,
                                   Query* out) {
  for (const auto& [key, value] : params) {
    std::string head;
    std::vector<std::string> parts;
    if (!SplitBracketKey(key, &head, &parts)) {
      return BadRequest("Param not allowed", absl::StrCat(key, " is not allowed."), "105", key);
    }
    if (head == "include" && parts.empty()) {
      for (std::string& s : SplitList(value)) out->include.push_back(std::move(s));
    } else if (head == "sort" && parts.empty()) {
      for (std::string& s : SplitList(value)) out->sort.push_back(std::move(s));
    } else if (head == "filter" && (parts.size() == 1 || parts.size() == 2)) {
      out->filters.push_back({parts[0], parts.size() == 2 ? parts[1] : "", value});
    } else if (head == "page" && parts.size() == 1 &&
               (parts[0] == "number" || parts[0] == "size")) {
      int n = 0;
      if (!absl::SimpleAtoi(value, &n) || n < 1) {
        return BadRequest("Invalid page value",
                          absl::StrCat(value, " is not a valid value for ", parts[0], " page parameter."),
                          "118", key);
      }
      (parts[0] == "number" ? out->page_number : out->page_size) = n;
    } else if (head == "page") {
      return BadRequest("Invalid Page Object",
                        "Invalid Page Object. Only page[number] and page[size] are allowed.", "117",
                        key);
    } else {
      return BadRequest("Param not allowed", absl::StrCat(key, " is not allowed."), "105", key);
    }
  }
  return std::nullopt;
}

std::string PercentEncode(absl::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == ',') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

std::string QueryString(const Query& q, int page, int size) {
  std::vector<std::string> parts;
  if (!q.include.empty()) parts.push_back(absl::StrCat("include=", PercentEncode(absl::StrJoin(q.include, ","))));
  for (const Filter& f : q.filters) {
    std::string key = absl::StrCat("filter[", f.name, "]", f.op.empty() ? "" : absl::StrCat("[", f.op, "]"));
    parts.push_back(absl::StrCat(PercentEncode(key), "=", PercentEncode(f.value)));
  }
  for (const auto& [type, names] : q.fields) {
    parts.push_back(absl::StrCat(PercentEncode(absl::StrCat("fields[", type, "]")), "=",
                                 PercentEncode(absl::StrJoin(names, ","))));
  }
  if (!q.sort.empty()) parts.push_back(absl::StrCat("sort=", PercentEncode(absl::StrJoin(q.sort, ","))));
  parts.push_back(absl::StrCat(PercentEncode("page[number]"), "=", page));
  parts.push_back(absl::StrCat(PercentEncode("page[size]"), "=", size));
  return absl::StrJoin(parts, "&");
}

std::string FormatIsoTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3S%Ez", t, absl::UTCTimeZone());
}

std::optional<absl::Time> ParseIsoTime(absl::string_view s) {
  absl::Time t;
  std::string err;
  std::string text(absl::StripAsciiWhitespace(s));
  if (absl::ParseTime("%Y-%m-%d%ET%H:%M:%E*S%Ez", text, &t, &err)) return t;
  if (absl::ParseTime("%Y-%m-%d%ET%H:%M%Ez", text, &t, &err)) return t;
  if (absl::ParseTime("%Y-%m-%d", text, absl::UTCTimeZone(), &t, &err)) return t;
  return std::nullopt;
}

}  // namespace clara::ttsim
