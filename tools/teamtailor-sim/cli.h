// Command-line side of teamtailor-sim: flag parsing with TTSIM_<NAME> environment fallback, and
// the client subcommands (show, state, move, move-all) that talk to a running simulator's /_sim
// API.
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
// A readable table of the state: candidate, job, stage, score, grade, tags, partner result.
std::string FormatStateTable(const Json& state);

}  // namespace clara::ttsim
