#include "services/writeback/map_actions.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"

namespace clara::writeback {
namespace {

namespace iv1 = ::clara::integrations::v1;
namespace sv1 = ::clara::screening::v1;

std::string Describe(const iv1::MoveToStage& move) {
  if (move.stage_id() != 0) return absl::StrCat("stage ", move.stage_id());
  return absl::StrCat("stage \"", move.stage_name(), "\"");
}

}  // namespace

iv1::Outcome OutcomeOf(sv1::QualificationLevel level) {
  switch (level) {
    case sv1::QUALIFICATION_LEVEL_PRE_QUALIFIED: return iv1::OUTCOME_PRE_QUALIFIED;
    case sv1::QUALIFICATION_LEVEL_NOT_QUALIFIED: return iv1::OUTCOME_NOT_QUALIFIED;
    case sv1::QUALIFICATION_LEVEL_NEEDS_REVIEW: return iv1::OUTCOME_NEEDS_REVIEW;
    default: return iv1::OUTCOME_UNSPECIFIED;
  }
}

std::string OutcomeWords(iv1::Outcome outcome) {
  switch (outcome) {
    case iv1::OUTCOME_PRE_QUALIFIED: return "pre-qualified";
    case iv1::OUTCOME_NOT_QUALIFIED: return "not qualified";
    case iv1::OUTCOME_NEEDS_REVIEW: return "needs review";
    case iv1::OUTCOME_AWAITING_FOLLOW_UP: return "awaiting follow-up";
    default: return "no outcome";
  }
}

MapActionPlan PlanMapActions(const iv1::MapActionConfig& config, iv1::Outcome outcome) {
  MapActionPlan plan;
  plan.outcome = outcome;
  if (outcome == iv1::OUTCOME_UNSPECIFIED) return plan;
  std::set<std::string> tags_seen;
  for (const auto& rule : config.rules()) {
    if (rule.outcome() != outcome) continue;
    for (const auto& action : rule.actions()) {
      switch (action.action_case()) {
        case iv1::MapAction::kMoveToStage:
          if (action.move_to_stage().stage_id() == 0 &&
              absl::StripAsciiWhitespace(action.move_to_stage().stage_name()).empty()) {
            plan.skipped.push_back("stage move skipped: it names no stage");
          } else if (plan.move) {
            plan.skipped.push_back(absl::StrCat("second stage move (to ", Describe(action.move_to_stage()),
                                                ") skipped: an application moves once"));
          } else {
            plan.move = action.move_to_stage();
          }
          break;
        case iv1::MapAction::kAddTags:
          for (const auto& t : action.add_tags().tags()) {
            const std::string tag(absl::StripAsciiWhitespace(t));
            if (!tag.empty() && tags_seen.insert(absl::AsciiStrToLower(tag)).second) plan.add_tags.push_back(tag);
          }
          break;
        case iv1::MapAction::kReject:
          if (!config.allow_automatic_rejection()) {
            plan.skipped.push_back("rejection skipped: automatic rejection is not enabled for this integration");
          } else if (!plan.reject_reason_id) {
            plan.reject_reason_id = action.reject().reject_reason_id();
          }
          break;
        default:
          break;
      }
    }
  }
  return plan;
}

absl::StatusOr<int64_t> ResolveStage(const iv1::MoveToStage& move, int64_t job_id,
                                     const std::vector<iv1::Stage>& stages) {
  if (move.stage_id() != 0) {
    for (const auto& s : stages) {
      if (s.id() == move.stage_id()) return s.id();
    }
    return absl::FailedPreconditionError(
        absl::StrCat("Map Action moves to stage ", move.stage_id(), ", which is not a stage of job ", job_id));
  }
  const absl::string_view want = absl::StripAsciiWhitespace(move.stage_name());
  std::vector<std::string> names;
  for (const auto& s : stages) {
    if (absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(s.name()), want)) return s.id();
    names.push_back(absl::StrCat("\"", s.name(), "\""));
  }
  return absl::FailedPreconditionError(absl::StrCat("job ", job_id, " has no stage named \"", want,
                                                    "\" (its stages: ", absl::StrJoin(names, ", "), ")"));
}

}  // namespace clara::writeback
