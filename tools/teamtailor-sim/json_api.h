// JSON:API plumbing shared by the simulator's endpoints: the resource object (with relationship
// linkage), the Teamtailor error shape, query parsing (include, filter, sort, page) with 400s for
// anything unknown (also sparse fieldsets, fields[...], which the contract does not list), and
// paging links (absolute, brackets percent-encoded).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/time/time.h"
#include "tools/teamtailor-sim/model.h"

namespace clara::ttsim {

inline constexpr char kJsonApiMediaType[] = "application/vnd.api+json";

struct Ref {
  std::string type;
  std::string id;
  bool operator<(const Ref& o) const { return std::tie(type, id) < std::tie(o.type, o.id); }
  bool operator==(const Ref& o) const { return type == o.type && id == o.id; }
};

struct Relationship {
  std::string name;
  bool to_many = false;
  std::vector<Ref> refs;
  std::string type;  // the related records' type, known also when there are none
};

// One JSON:API resource object before rendering.
struct Resource {
  std::string type;
  std::string id;
  Json attributes = Json::object();
  std::vector<Relationship> relationships;
  Json extra_links = Json::object();  // besides "self", e.g. careersite-job-url
  absl::Time created_at, updated_at;  // for filters and sorting

  const Relationship* FindRelationship(absl::string_view name) const;
};

// Renders `r`. Every relationship gets links.self/related; `data` linkage only for the names in
// `linkage` (Teamtailor, like JSONAPI::Resources, sends linkage only for included relations).
// `fields` (sparse fieldsets), when set, limits the attributes and relationships shown.
Json RenderResource(const Resource& r, absl::string_view base_url,
                    const std::set<std::string>& linkage,
                    const std::set<std::string>* fields = nullptr);

// One entry of a JSON:API error document.
struct ApiError {
  int status = 400;
  std::string title;
  std::string detail;
  std::string code;     // Teamtailor/JSONAPI::Resources error code, e.g. "100"
  std::string pointer;  // source.pointer, e.g. "/data/attributes/email"
  std::string parameter;  // source.parameter, e.g. "include"
};

// {"errors":[{"title","detail","code","source":{...},"status":"422"}, ...]}.
Json ErrorBody(const std::vector<ApiError>& errors);

ApiError BadRequest(std::string title, std::string detail, std::string code,
                    std::string parameter = "");
ApiError NotFound(absl::string_view id);
ApiError Forbidden(std::string detail);
// A validation error: title "can't be blank", detail "email - can't be blank", code "100".
ApiError Invalid(std::string pointer, std::string field, std::string title);

struct Filter {
  std::string name;   // "status", "updated-at", "candidate"
  std::string op;     // "" or "from"/"to" for filter[updated-at][from]
  std::string value;
};

// The parsed query of a JSON:API request. Unknown parameters are an error.
struct Query {
  std::vector<std::string> include;
  std::vector<Filter> filters;
  std::vector<std::string> sort;
  std::map<std::string, std::set<std::string>> fields;
  std::optional<int> page_number, page_size;
};

inline constexpr int kDefaultPageSize = 10;
inline constexpr int kMaxPageSize = 30;

// Parses httplib's decoded params. Returns a 400 ApiError for anything not JSON:API or malformed.
std::optional<ApiError> ParseQuery(const std::multimap<std::string, std::string>& params,
                                   Query* out);

// Percent-encodes for a query component (RFC 3986 unreserved characters and ',' stay as is).
std::string PercentEncode(absl::string_view s);

// The query string for `q` with page[number]=`page` and page[size]=`size`, in canonical order.
std::string QueryString(const Query& q, int page, int size);

// RFC 3339 with milliseconds and offset, as Teamtailor writes times: 2025-03-03T08:00:00.000+00:00.
std::string FormatIsoTime(absl::Time t);
// Accepts RFC 3339 (with or without fractions, "Z" or an offset) and plain dates (YYYY-MM-DD).
std::optional<absl::Time> ParseIsoTime(absl::string_view s);

}  // namespace clara::ttsim
