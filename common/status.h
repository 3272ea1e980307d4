// Status helpers: the small look-alikes of ABSL_RETURN_IF_ERROR and
// ASSIGN_OR_RETURN that Debian's Abseil (20220623) predates.
//
//   CLARA_RETURN_IF_ERROR(store.Save(x));
//   CLARA_ASSIGN_OR_RETURN(auto row, store.Load(id));
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

#define CLARA_STATUS_CONCAT_INNER_(a, b) a##b
#define CLARA_STATUS_CONCAT_(a, b) CLARA_STATUS_CONCAT_INNER_(a, b)

// Returns the status from the enclosing function when `expr` is not OK.
#define CLARA_RETURN_IF_ERROR(expr)                  \
  do {                                               \
    ::absl::Status clara_status_ = (expr);           \
    if (!clara_status_.ok()) return clara_status_;   \
  } while (0)

// Evaluates `rexpr` (an absl::StatusOr<T>); on error returns its status,
// otherwise moves the value into `lhs` (which may declare a variable).
#define CLARA_ASSIGN_OR_RETURN(lhs, rexpr) \
  CLARA_ASSIGN_OR_RETURN_IMPL_(CLARA_STATUS_CONCAT_(clara_statusor_, __LINE__), lhs, rexpr)

#define CLARA_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                 \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()

namespace clara {

inline constexpr char kRetryAfterPayloadUrl[] = "type.clara.ai/retry-after-ms";

// Attaches a Retry-After (e.g. from a 429) to a status for a queue worker to
// honour.
inline void SetRetryAfter(absl::Status& status, absl::Duration retry_after) {
  status.SetPayload(kRetryAfterPayloadUrl, absl::Cord(absl::StrCat(absl::ToInt64Milliseconds(retry_after))));
}

inline std::optional<absl::Duration> GetRetryAfter(const absl::Status& status) {
  auto payload = status.GetPayload(kRetryAfterPayloadUrl);
  int64_t ms = 0;
  if (!payload.has_value() || !absl::SimpleAtoi(std::string(*payload), &ms)) return std::nullopt;
  return absl::Milliseconds(ms);
}

}  // namespace clara
