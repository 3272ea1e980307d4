// Map Actions (no I/O): what an integration's MapActionConfig asks for a
// screening's outcome — move the application to a stage, add tags, reject —
// and how a stage named by the admin is found among the job's stages.
//
//   MapActionPlan plan = PlanMapActions(config, OutcomeOf(result.qualification()));
//   if (plan.move) CLARA_ASSIGN_OR_RETURN(int64_t stage_id, ResolveStage(*plan.move, job_id, stages));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clara/integrations/v1/integrations.pb.h"
#include "clara/screening/v1/screening.pb.h"

namespace clara::writeback {

// pre_qualified → OUTCOME_PRE_QUALIFIED, not_qualified → OUTCOME_NOT_QUALIFIED,
// needs_review → OUTCOME_NEEDS_REVIEW; anything else → OUTCOME_UNSPECIFIED
// (which no rule matches).
integrations::v1::Outcome OutcomeOf(screening::v1::QualificationLevel level);

// "pre-qualified", "not qualified", …: for messages.
std::string OutcomeWords(integrations::v1::Outcome outcome);

struct MapActionPlan {
  integrations::v1::Outcome outcome = integrations::v1::OUTCOME_UNSPECIFIED;
  // The first move_to_stage of the outcome's rules.
  std::optional<integrations::v1::MoveToStage> move;
  // Every add_tags of the rules, in order, de-duplicated (case-insensitive).
  std::vector<std::string> add_tags;
  // Set when a reject action applies (automatic rejection allowed); the
  // reject reason id (0 = none).
  std::optional<int64_t> reject_reason_id;
  // Actions configured but not taken, with why, for the operation's record.
  std::vector<std::string> skipped;

  // True when there is something to do in Teamtailor.
  bool empty() const { return !move && add_tags.empty() && !reject_reason_id; }
};

// The actions of every rule for `outcome` (rules of another outcome are
// ignored). A reject is taken only when `config.allow_automatic_rejection`;
// otherwise it lands in `skipped`. A second stage move lands in `skipped`.
MapActionPlan PlanMapActions(const integrations::v1::MapActionConfig& config, integrations::v1::Outcome outcome);

// The stage id `move` names among `stages` (the job's own stages): by id when
// set, else by name (case-insensitive, surrounding spaces ignored).
// FAILED_PRECONDITION when the job has no such stage (the admin must fix the
// mapping; retrying can't help).
absl::StatusOr<int64_t> ResolveStage(const integrations::v1::MoveToStage& move, int64_t job_id,
                                     const std::vector<integrations::v1::Stage>& stages);

}  // namespace clara::writeback
