// Maps the in-memory Company to JSON:API resources: which types exist, which key level may read
// them, which include/filter/sort names each accepts, and how each record is shaped (kebab-case
// attributes, string ids, relationships). Pure functions over a Company; the caller holds the lock.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "tools/teamtailor-sim/json_api.h"
#include "tools/teamtailor-sim/model.h"

namespace clara::ttsim {

// What the contract (shared/teamtailor-contract.md) lists for a type; anything else in a query
// is answered 400. Relationship links (links.self/related) work for every relationship shown.
struct TypeSpec {
  absl::string_view type;
  KeyLevel read_level;
  std::vector<absl::string_view> includes;  // relationship names allowed in include=
  // Filters allowed, as written in the query without "filter": "status", "updated-at[from]".
  std::vector<absl::string_view> filters;
};

// Sort keys the contract lists (`sort=-updated-at`), for every collection.
inline constexpr absl::string_view kSortFields[] = {"updated-at"};

// nullptr for an unknown type.
const TypeSpec* FindType(absl::string_view type);

struct ResourceContext {
  std::string base_url;
  // A fresh signed URL for the candidate's resume (only called when the candidate has one).
  std::function<std::string(const Candidate&)> resume_url;
};

// The resource `type`/`id`, or nullopt if there is no such record.
std::optional<Resource> BuildResource(const Company& c, const ResourceContext& ctx,
                                      absl::string_view type, absl::string_view id);

// Every record of `type`, in id order.
std::vector<Resource> BuildAll(const Company& c, const ResourceContext& ctx, absl::string_view type);

// Applies one filter to `r`. Returns a 400 ApiError for an unusable value (bad time, bad op).
std::optional<ApiError> MatchFilter(const Resource& r, const Filter& f, bool* matches);

// Sorts by `sort` (e.g. "-updated-at,id"). 400 for an unknown sort field.
std::optional<ApiError> SortResources(std::vector<Resource>& list,
                                      const std::vector<std::string>& sort);

// Custom-field value types in partner events: Checkbox → "boolean", Number → "number", ...
std::string CustomFieldEventType(const CustomField& f);

}  // namespace clara::ttsim
