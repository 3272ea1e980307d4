// Command-line side of teamtailor-sim: flag parsing with TTSIM_<NAME> environment fallback, and
// the client subcommands (show, state, move, move-all, the recruiter actions job-create ...
// candidate-delete, company-webhooks) that talk to a running simulator's /_sim API.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/teamtailor-sim/model.h"

namespace clara::ttsim {

// Flags given as --name=value or --name value ('-' and '_' are the same in names). A flag not on
// the command line comes from the environment variable TTSIM_<NAME> (upper case), else from
// `defaults`. Unknown flags are kInvalidArgument.
class Flags {
 public:
  static absl::StatusOr<Flags> Parse(const std::vector<std::string>& args,
                                     const std::map<std::string, std::string>& defaults);
  std::string Get(const std::string& name) const;
  // kInvalidArgument when the value is not an integer.
  absl::StatusOr<int64_t> GetInt(const std::string& name) const;

 private:
  std::map<std::string, std::string> values_;
};

// GET {url}/_sim/state.
absl::StatusOr<Json> FetchState(const std::string& url);
// POST {url}{path} with a JSON body; returns the JSON answer (kUnavailable / kUnknown on errors).
absl::StatusOr<Json> PostSim(const std::string& url, const std::string& path, const Json& body);
// `method` (GET, POST, PATCH, DELETE) {url}{path}, with a JSON body unless it is null; returns
// the JSON answer (kUnavailable when unreachable, kUnknown for an HTTP status >= 300).
absl::StatusOr<Json> SimRequest(const std::string& url, const std::string& method,
                                const std::string& path, const Json& body);

// One /_sim call a recruiter-action subcommand makes.
struct SimCall {
  std::string method, path;
  Json body;  // null: no body
};
// The subcommands that act like a recruiter, with their flags (empty flags are left out):
//   job-create       --title T [--body HTML --status S --language_code L --tags a,b
//                    --remote_status R --pitch P]                       POST /_sim/jobs
//   job-update       --job N [same fields]                              PATCH /_sim/jobs/N
//   job-delete       --job N                                            DELETE /_sim/jobs/N
//   candidate-create --first_name F --last_name L --email E [--job N --pitch P --tags a,b]
//                                                                       POST /_sim/candidates
//   candidate-update --candidate N [--first_name --last_name --email --pitch --tags]
//                                                                       PATCH /_sim/candidates/N
//   candidate-delete --candidate N                                      DELETE /_sim/candidates/N
//   reject           --application N [--reason R]               POST /_sim/applications/N/reject
//   company-webhooks                                                    GET /_sim/company-webhooks
inline constexpr const char* kRecruiterCommands[] = {
    "job-create",       "job-update",       "job-delete", "candidate-create",
    "candidate-update", "candidate-delete", "reject",     "company-webhooks"};
// The flags those subcommands read, all defaulting to "".
inline constexpr const char* kRecruiterFlags[] = {
    "title", "body",  "status",    "language_code", "tags",        "remote_status", "pitch", "job",
    "first_name", "last_name", "email", "application", "reason"};
// kInvalidArgument for an unknown command or a missing/malformed required flag.
absl::StatusOr<SimCall> BuildRecruiterCall(const std::string& command, const Flags& flags);
// A readable table of the state: candidate, job, stage, score, grade, tags, partner result.
std::string FormatStateTable(const Json& state);

}  // namespace clara::ttsim
