#include "services/ingest/integration_service.h"

#include "gtest/gtest.h"

namespace clara::ingest {
namespace {

namespace iv1 = ::clara::integrations::v1;

std::vector<iv1::RemoteJob> Jobs() {
  std::vector<iv1::RemoteJob> jobs(3);
  const char* names[] = {"Inbox", "CLARA screening", "Phone screen"};
  for (int j = 0; j < 3; ++j) {
    jobs[j].set_job_id(100 + j);
    jobs[j].set_selected(j < 2);
    for (int k = 0; k < (j == 1 ? 2 : 3); ++k) {  // job 101 has no "Phone screen"
      auto* st = jobs[j].add_stages();
      st->set_id(1000 + 10 * j + k);
      st->set_name(names[k]);
    }
  }
  return jobs;
}

iv1::MapActionConfig Config(std::function<void(iv1::MapAction*)> set, iv1::Outcome outcome = iv1::OUTCOME_PRE_QUALIFIED,
                            bool allow_reject = false) {
  iv1::MapActionConfig c;
  c.set_allow_automatic_rejection(allow_reject);
  auto* rule = c.add_rules();
  rule->set_outcome(outcome);
  set(rule->add_actions());
  return c;
}

TEST(ValidateMapActionsTest, Cases) {
  auto jobs = Jobs();
  const struct {
    const char* name;
    iv1::MapActionConfig config;
    std::vector<iv1::RemoteJob> jobs;
    absl::StatusCode code;
  } kCases[] = {
      {"stage every selected job has", Config([](auto* a) { a->mutable_move_to_stage()->set_stage_name("clara SCREENING"); }),
       jobs, absl::StatusCode::kOk},
      {"stage a selected job lacks", Config([](auto* a) { a->mutable_move_to_stage()->set_stage_name("Phone screen"); }),
       jobs, absl::StatusCode::kInvalidArgument},
      {"stage by id", Config([](auto* a) { a->mutable_move_to_stage()->set_stage_id(1002); }), jobs,
       absl::StatusCode::kOk},
      {"unknown stage id", Config([](auto* a) { a->mutable_move_to_stage()->set_stage_id(9); }), jobs,
       absl::StatusCode::kInvalidArgument},
      {"no job selected", Config([](auto* a) { a->mutable_move_to_stage()->set_stage_name("Inbox"); }), {},
       absl::StatusCode::kFailedPrecondition},
      {"empty move", Config([](auto* a) { a->mutable_move_to_stage(); }), jobs, absl::StatusCode::kInvalidArgument},
      {"tags", Config([](auto* a) { a->mutable_add_tags()->add_tags("shortlist"); }), jobs, absl::StatusCode::kOk},
      {"empty tags", Config([](auto* a) { a->mutable_add_tags(); }), jobs, absl::StatusCode::kInvalidArgument},
      {"reject refused by default", Config([](auto* a) { a->mutable_reject(); }, iv1::OUTCOME_NOT_QUALIFIED), jobs,
       absl::StatusCode::kFailedPrecondition},
      {"reject when enabled", Config([](auto* a) { a->mutable_reject(); }, iv1::OUTCOME_NOT_QUALIFIED, true), jobs,
       absl::StatusCode::kOk},
      {"reject while awaiting answers", Config([](auto* a) { a->mutable_reject(); }, iv1::OUTCOME_AWAITING_FOLLOW_UP, true),
       jobs, absl::StatusCode::kInvalidArgument},
      {"tag while awaiting answers",
       Config([](auto* a) { a->mutable_add_tags()->add_tags("asked"); }, iv1::OUTCOME_AWAITING_FOLLOW_UP), jobs,
       absl::StatusCode::kOk},
      {"no outcome", Config([](auto* a) { a->mutable_add_tags()->add_tags("x"); }, iv1::OUTCOME_UNSPECIFIED), jobs,
       absl::StatusCode::kInvalidArgument},
      {"empty action", Config([](auto*) {}), jobs, absl::StatusCode::kInvalidArgument},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ValidateMapActions(c.config, c.jobs).code(), c.code) << ValidateMapActions(c.config, c.jobs);
  }
  iv1::MapActionConfig twice = Config([](auto* a) { a->mutable_add_tags()->add_tags("x"); });
  *twice.add_rules() = twice.rules(0);
  EXPECT_EQ(ValidateMapActions(twice, jobs).code(), absl::StatusCode::kInvalidArgument);
}

TEST(DescribeActionsTest, OnlyTheOutcomesActions) {
  auto c = Config([](auto* a) { a->mutable_move_to_stage()->set_stage_name("Phone screen"); });
  auto* rule = c.add_rules();
  rule->set_outcome(iv1::OUTCOME_NEEDS_REVIEW);
  rule->add_actions()->mutable_add_tags()->add_tags("review");
  EXPECT_EQ(DescribeActions(c, iv1::OUTCOME_PRE_QUALIFIED), std::vector<std::string>{"move to Phone screen"});
  EXPECT_EQ(DescribeActions(c, iv1::OUTCOME_NEEDS_REVIEW), std::vector<std::string>{"add tags review"});
  EXPECT_TRUE(DescribeActions(c, iv1::OUTCOME_NOT_QUALIFIED).empty());
}

TEST(NormalizeFollowUpPolicyTest, DefaultsAndErrors) {
  iv1::FollowUpPolicy p;
  p.set_when(iv1::FOLLOW_UP_WHEN_UNKNOWN_MUST_HAVE);
  auto ok = NormalizeFollowUpPolicy(p);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->max_questions(), 3);
  EXPECT_EQ(ok->answer_timeout().seconds(), 72 * 3600);
  const struct {
    const char* name;
    std::function<void(iv1::FollowUpPolicy*)> edit;
  } kBad[] = {
      {"no when", [](auto* p) { p->set_when(iv1::FOLLOW_UP_WHEN_UNSPECIFIED); }},
      {"grey zone reversed", [](auto* p) { p->set_when(iv1::FOLLOW_UP_WHEN_GREY_ZONE); p->set_grey_zone_low(70); p->set_grey_zone_high(50); }},
      {"too many questions", [](auto* p) { p->set_max_questions(11); }},
      {"timeout too short", [](auto* p) { p->mutable_answer_timeout()->set_seconds(60); }},
      {"bad language", [](auto* p) { p->set_language_code("swe"); }},
      {"empty stage", [](auto* p) { p->add_trigger_stage_names(""); }},
  };
  for (const auto& c : kBad) {
    SCOPED_TRACE(c.name);
    iv1::FollowUpPolicy q = p;
    c.edit(&q);
    EXPECT_EQ(NormalizeFollowUpPolicy(q).status().code(), absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace clara::ingest
