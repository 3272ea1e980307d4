#include "services/writeback/map_actions.h"

#include "gtest/gtest.h"

namespace clara::writeback {
namespace {

namespace iv1 = ::clara::integrations::v1;
namespace sv1 = ::clara::screening::v1;

TEST(OutcomeOfTest, QualificationMapsToOutcome) {
  const struct {
    sv1::QualificationLevel level;
    iv1::Outcome want;
  } kCases[] = {
      {sv1::QUALIFICATION_LEVEL_PRE_QUALIFIED, iv1::OUTCOME_PRE_QUALIFIED},
      {sv1::QUALIFICATION_LEVEL_NOT_QUALIFIED, iv1::OUTCOME_NOT_QUALIFIED},
      {sv1::QUALIFICATION_LEVEL_NEEDS_REVIEW, iv1::OUTCOME_NEEDS_REVIEW},
      {sv1::QUALIFICATION_LEVEL_UNSPECIFIED, iv1::OUTCOME_UNSPECIFIED},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(sv1::QualificationLevel_Name(c.level));
    EXPECT_EQ(OutcomeOf(c.level), c.want);
  }
}

iv1::MapAction Move(const std::string& name, int64_t id = 0) {
  iv1::MapAction a;
  a.mutable_move_to_stage()->set_stage_name(name);
  a.mutable_move_to_stage()->set_stage_id(id);
  return a;
}

iv1::MapAction Tags(std::vector<std::string> tags) {
  iv1::MapAction a;
  for (auto& t : tags) a.mutable_add_tags()->add_tags(t);
  return a;
}

iv1::MapAction Reject(int64_t reason) {
  iv1::MapAction a;
  a.mutable_reject()->set_reject_reason_id(reason);
  return a;
}

iv1::MapActionConfig Config(std::vector<std::pair<iv1::Outcome, std::vector<iv1::MapAction>>> rules,
                            bool allow_rejection = false) {
  iv1::MapActionConfig c;
  c.set_allow_automatic_rejection(allow_rejection);
  for (auto& [outcome, actions] : rules) {
    auto* r = c.add_rules();
    r->set_outcome(outcome);
    for (auto& a : actions) *r->add_actions() = a;
  }
  return c;
}

TEST(PlanMapActionsTest, TakesTheOutcomesActions) {
  const auto kMapping = Config({{iv1::OUTCOME_PRE_QUALIFIED, {Move("Phone screen"), Tags({"fast-track"})}},
                                {iv1::OUTCOME_NOT_QUALIFIED, {Tags({"clara-no"}), Reject(52)}},
                                {iv1::OUTCOME_NEEDS_REVIEW, {Tags({"review", "Review", " "})}},
                                {iv1::OUTCOME_PRE_QUALIFIED, {Move("Interview"), Tags({"FAST-TRACK", "hot"})}}});
  const struct {
    const char* name;
    iv1::MapActionConfig config;
    iv1::Outcome outcome;
    std::string move;  // "" = none
    std::vector<std::string> tags;
    std::optional<int64_t> reject;
    size_t skipped;
  } kCases[] = {
      {"pre-qualified: first move wins, tags merged", kMapping, iv1::OUTCOME_PRE_QUALIFIED, "Phone screen",
       {"fast-track", "hot"}, std::nullopt, 1},
      {"not qualified: rejection not allowed", kMapping, iv1::OUTCOME_NOT_QUALIFIED, "", {"clara-no"}, std::nullopt, 1},
      {"not qualified: rejection allowed",
       Config({{iv1::OUTCOME_NOT_QUALIFIED, {Tags({"clara-no"}), Reject(52)}}}, true), iv1::OUTCOME_NOT_QUALIFIED, "",
       {"clara-no"}, 52, 0},
      {"reject without a reason", Config({{iv1::OUTCOME_NOT_QUALIFIED, {Reject(0)}}}, true),
       iv1::OUTCOME_NOT_QUALIFIED, "", {}, 0, 0},
      {"needs review: blank and duplicate tags dropped", kMapping, iv1::OUTCOME_NEEDS_REVIEW, "", {"review"},
       std::nullopt, 0},
      {"no rule for the outcome", Config({{iv1::OUTCOME_PRE_QUALIFIED, {Tags({"x"})}}}), iv1::OUTCOME_NEEDS_REVIEW, "",
       {}, std::nullopt, 0},
      {"empty config", iv1::MapActionConfig(), iv1::OUTCOME_PRE_QUALIFIED, "", {}, std::nullopt, 0},
      {"no outcome matches nothing", kMapping, iv1::OUTCOME_UNSPECIFIED, "", {}, std::nullopt, 0},
      {"a move naming no stage", Config({{iv1::OUTCOME_PRE_QUALIFIED, {Move("  ")}}}), iv1::OUTCOME_PRE_QUALIFIED, "",
       {}, std::nullopt, 1},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    const MapActionPlan plan = PlanMapActions(c.config, c.outcome);
    EXPECT_EQ(plan.outcome, c.outcome);
    EXPECT_EQ(plan.move ? plan.move->stage_name() : "", c.move);
    EXPECT_EQ(plan.add_tags, c.tags);
    EXPECT_EQ(plan.reject_reason_id, c.reject);
    EXPECT_EQ(plan.skipped.size(), c.skipped);
    EXPECT_EQ(plan.empty(), c.move.empty() && c.tags.empty() && !c.reject);
  }
}

TEST(PlanMapActionsTest, ASkippedRejectionSaysWhy) {
  const MapActionPlan plan =
      PlanMapActions(Config({{iv1::OUTCOME_NOT_QUALIFIED, {Reject(51)}}}), iv1::OUTCOME_NOT_QUALIFIED);
  EXPECT_TRUE(plan.empty());
  ASSERT_EQ(plan.skipped.size(), 1u);
  EXPECT_NE(plan.skipped[0].find("automatic rejection is not enabled"), std::string::npos) << plan.skipped[0];
}

TEST(ResolveStageTest, ByNameOrIdAmongTheJobsStages) {
  std::vector<iv1::Stage> stages;
  for (auto [id, name] : std::vector<std::pair<int64_t, std::string>>{
           {1001, "Inbox"}, {1002, "CLARA screening"}, {1003, "Phone screen"}, {1004, "Interview"}}) {
    iv1::Stage s;
    s.set_id(id);
    s.set_name(name);
    stages.push_back(s);
  }
  const struct {
    const char* name;
    std::string stage_name;
    int64_t stage_id;
    absl::StatusCode code;
    int64_t want;
  } kCases[] = {
      {"exact name", "Phone screen", 0, absl::StatusCode::kOk, 1003},
      {"case-insensitive", "phone SCREEN", 0, absl::StatusCode::kOk, 1003},
      {"surrounding spaces", "  Interview ", 0, absl::StatusCode::kOk, 1004},
      {"by id", "", 1002, absl::StatusCode::kOk, 1002},
      {"id wins over name", "Inbox", 1004, absl::StatusCode::kOk, 1004},
      {"unknown name", "Offer", 0, absl::StatusCode::kFailedPrecondition, 0},
      {"another job's stage id", "", 1013, absl::StatusCode::kFailedPrecondition, 0},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    iv1::MoveToStage move;
    move.set_stage_name(c.stage_name);
    move.set_stage_id(c.stage_id);
    auto got = ResolveStage(move, 12345, stages);
    EXPECT_EQ(got.status().code(), c.code) << got.status();
    if (got.ok()) {
      EXPECT_EQ(*got, c.want);
    }
  }
  iv1::MoveToStage offer;
  offer.set_stage_name("Offer");
  auto missing = ResolveStage(offer, 12345, stages);
  EXPECT_NE(missing.status().message().find("job 12345 has no stage named \"Offer\""), std::string::npos)
      << missing.status();
  EXPECT_NE(missing.status().message().find("\"Phone screen\""), std::string::npos);
}

}  // namespace
}  // namespace clara::writeback
