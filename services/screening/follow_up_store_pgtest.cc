// Follow-up rounds on a real PostgreSQL: created with the provisional result
// (ScreeningStore::SaveResult), listed, marked sent, answered, opted out and
// expired, each close handing a re-screening to the queue exactly once, and
// every call scoped to its tenant.
#include "services/screening/follow_up_store.h"

#include <cctype>
#include <set>

#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "clara/ingest/v1/ingest.pb.h"
#include "clara/writeback/v1/writeback.pb.h"
#include "common/queue.h"
#include "common/testing/pg_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/screening/follow_ups.h"
#include "services/screening/screening_store.h"

namespace clara::screening {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kTenant[] = "00000000-0000-0000-0000-0000000000a1";
constexpr char kOther[] = "00000000-0000-0000-0000-0000000000b2";
constexpr char kUnknownId[] = "00000000-0000-0000-0000-00000000dead";

class FollowUpStorePgTest : public testing::PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    ASSERT_FALSE(dsn_.empty());
    db::Statements st = queue::Statements();
    for (const auto& s : ScreeningStore::Statements()) st.push_back(s);
    for (const auto& s : FollowUpStore::Statements()) st.push_back(s);
    auto pool = db::Pool::Create({.dsn = dsn_, .size = 4, .statements = st});
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = std::move(*pool);
    screenings_ = std::make_unique<ScreeningStore>(pool_.get());
    store_ = std::make_unique<FollowUpStore>(pool_.get());
    ASSERT_TRUE(pool_->Transact([&](pqxx::work& tx) {
      for (const char* t : {kTenant, kOther}) tx.exec_params("INSERT INTO integrations (id) VALUES ($1::uuid)", t);
      return absl::OkStatus();
    }).ok());
  }
  void TearDown() override {
    store_.reset();
    screenings_.reset();
    pool_.reset();
    PgTest::TearDown();
  }

  ScreeningInputs AddEvent(const std::string& tenant, const std::string& event_id, int64_t job_id,
                           int64_t candidate_id = 100) {
    ScreeningInputs in;
    in.event.set_id(event_id);
    in.event.mutable_candidate()->set_id(candidate_id);
    in.job.set_id(job_id);
    in.job.set_title("Engineer");
    in.evidence.set_event_id(event_id);
    in.evidence.set_resume_text("text");
    EXPECT_TRUE(pool_->Transact([&](pqxx::work& tx) {
      tx.exec_params("INSERT INTO partner_events (event_id, integration_id, candidate_id, job_id, partner_result_id,"
                     " update_url, event) VALUES ($1, $2::uuid, $3, $4, 'pr', 'https://x', $5)",
                     event_id, tenant, candidate_id, job_id, db::Bytes(in.event.SerializeAsString()));
      tx.exec_params("INSERT INTO evidence (event_id, integration_id, evidence) VALUES ($1, $2::uuid, $3)", event_id,
                     tenant, db::Bytes(in.evidence.SerializeAsString()));
      tx.exec_params("INSERT INTO jobs (integration_id, job_id, title, job) VALUES ($1::uuid, $2, 'Engineer', $3)"
                     " ON CONFLICT DO NOTHING", tenant, job_id, db::Bytes(in.job.SerializeAsString()));
      return absl::OkStatus();
    }).ok());
    return in;
  }

  v1::Rubric StoredRubric(const std::string& tenant, int64_t job) {
    v1::Rubric r;
    r.set_job_id(job);
    r.set_content_hash("h1");
    r.set_origin("derived");
    for (auto [id, label] : std::vector<std::pair<const char*, const char*>>{
             {"permit", "Work permit"}, {"stack", "Go or Rust"}, {"cloud", "Cloud"}, {"years", "3+ years"}}) {
      auto* c = r.add_criteria();
      c->set_id(id);
      c->set_label(label);
      c->set_weight(1);
    }
    auto stored = screenings_->CurrentRubric(tenant, r);
    EXPECT_TRUE(stored.ok()) << stored.status();
    return stored.ok() ? *stored : r;
  }

  // A provisional result whose engine asks one question of every type.
  static v1::ScreeningResult AskingResult(const std::string& input_hash) {
    v1::ScreeningResult r;
    r.set_score(55);
    r.set_grade(v1::GRADE_MIGHT_BE_FIT);
    r.set_qualification(v1::QUALIFICATION_LEVEL_NEEDS_REVIEW);
    r.set_summary("Go fits; work permit unknown.");
    r.add_tags("clara-might-be-fit");
    r.add_tags("clara-follow-up");
    r.set_rubric_hash("h1");
    r.set_input_hash(input_hash);
    r.set_engine_version("test/1");
    auto add = [&](const char* criterion, const char* text, v1::QuestionType type) {
      auto* q = r.add_follow_up_questions();
      q->set_criterion_id(criterion);
      q->set_text(text);
      q->set_question_type(type);
      return q;
    };
    add("permit", "Do you have a work permit?", v1::QUESTION_TYPE_BOOLEAN);
    auto* single = add("stack", "Go or Rust?", v1::QUESTION_TYPE_CHOICE);
    single->add_alternatives("Go");
    single->add_alternatives("Rust");
    auto* multi = add("cloud", "Which clouds?", v1::QUESTION_TYPE_CHOICE);
    multi->set_multiple(true);
    multi->add_alternatives("AWS");
    multi->add_alternatives("GCP");
    multi->add_alternatives("Azure");
    auto* range = add("years", "Years of backend?", v1::QUESTION_TYPE_RANGE);
    range->set_scale_min(0);
    range->set_scale_max(20);
    range->set_unit("years");
    return r;
  }

  // Screens `event_id` provisionally with a follow-up of four questions
  // (q1 yes/no, q2 single, q3 multi, q4 scale 0..20).
  v1::Screening Ask(const std::string& tenant, const std::string& event_id, int64_t job_id,
                    int64_t candidate_id = 100, absl::Duration timeout = absl::Hours(72)) {
    ScreeningInputs in = AddEvent(tenant, event_id, job_id, candidate_id);
    v1::Rubric rubric = StoredRubric(tenant, job_id);
    v1::ScreeningResult result = AskingResult("i-" + event_id);
    SaveOptions save;
    save.ask = BuildFollowUp(result, rubric, "en", 5);
    save.answer_timeout = timeout;
    auto s = screenings_->SaveResult(tenant, in, rubric, result, save);
    EXPECT_TRUE(s.ok()) << s.status();
    EXPECT_FALSE(s.ok() && s->follow_up_id().empty()) << "no follow-up for " << event_id;
    return s.ok() ? *s : v1::Screening();
  }

  static fv1::Answer Yes(const std::string& q, bool yes) {
    fv1::Answer a;
    a.set_question_id(q);
    a.set_yes(yes);
    return a;
  }
  static fv1::Answer Choices(const std::string& q, std::vector<std::string> values) {
    fv1::Answer a;
    a.set_question_id(q);
    for (auto& v : values) a.mutable_choices()->add_values(v);
    return a;
  }
  static fv1::Answer Number(const std::string& q, double n) {
    fv1::Answer a;
    a.set_question_id(q);
    a.set_number(n);
    return a;
  }
  // Valid, out of order and loosely spelled.
  static std::vector<fv1::Answer> SloppyAnswers() {
    return {Number("q4", 6), Choices("q3", {" azure", "AWS "}), Choices("q2", {"rust"}), Yes("q1", true)};
  }
  // The same as stored.
  static std::vector<fv1::Answer> CanonicalAnswers() {
    return {Yes("q1", true), Choices("q2", {"Rust"}), Choices("q3", {"Azure", "AWS"}), Number("q4", 6)};
  }

  int Count(const std::string& sql) {
    int n = -1;
    EXPECT_TRUE(pool_->Transact([&](pqxx::work& tx) {
      n = tx.exec1(sql)[0].as<int>();
      return absl::OkStatus();
    }).ok());
    return n;
  }
  void Exec(const std::string& sql) {
    ASSERT_TRUE(pool_->Transact([&](pqxx::work& tx) {
      tx.exec0(sql);
      return absl::OkStatus();
    }).ok()) << sql;
  }
  std::string State(const std::string& follow_up_id) {
    std::string s;
    EXPECT_TRUE(pool_->Transact([&](pqxx::work& tx) {
      s = tx.exec_params1("SELECT state FROM follow_ups WHERE id = $1::uuid", follow_up_id)[0].as<std::string>();
      return absl::OkStatus();
    }).ok());
    return s;
  }
  int ScreeningItems() { return Count("SELECT count(*) FROM work_items WHERE queue = 'screening'"); }
  int64_t MaxWorkItemId() { return Count("SELECT coalesce(max(id), 0)::int FROM work_items"); }

  // The screening tasks enqueued after work item `after`.
  std::vector<ingest::v1::ScreeningTask> ScreeningTasksAfter(int64_t after) {
    std::vector<ingest::v1::ScreeningTask> out;
    EXPECT_TRUE(pool_->Transact([&](pqxx::work& tx) {
      for (const auto& row : tx.exec_params("SELECT payload FROM work_items WHERE queue = 'screening' AND id > $1"
                                            " ORDER BY id", after)) {
        ingest::v1::ScreeningTask t;
        EXPECT_TRUE(t.ParseFromString(db::FromBytea(row[0])));
        out.push_back(t);
      }
      return absl::OkStatus();
    }).ok());
    return out;
  }

  // Moves a round's expiry `seconds` into the past.
  void Overdue(const std::string& follow_up_id, int seconds) {
    Exec(absl::StrCat("UPDATE follow_ups SET expires_at = now() - interval '", seconds, " seconds' WHERE id = '",
                      follow_up_id, "'"));
  }

  std::vector<std::string> EventsOf(const std::vector<fv1::FollowUp>& list) {
    std::vector<std::string> out;
    for (const auto& f : list) out.push_back(f.event_id());
    return out;
  }

  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<ScreeningStore> screenings_;
  std::unique_ptr<FollowUpStore> store_;
};

// ------------------------------------------------------------- creation

TEST_F(FollowUpStorePgTest, SaveResultWithAskCreatesOnePendingRoundTheResultWaitsOn) {
  ScreeningInputs in = AddEvent(kTenant, "e1", 7, 321);
  v1::Rubric rubric = StoredRubric(kTenant, 7);
  const v1::ScreeningResult result = AskingResult("i1");
  SaveOptions save;
  save.ask = BuildFollowUp(result, rubric, "sv", 5);
  save.answer_timeout = absl::Hours(48);
  auto saved = screenings_->SaveResult(kTenant, in, rubric, result, save);
  ASSERT_TRUE(saved.ok()) << saved.status();
  ASSERT_FALSE(saved->follow_up_id().empty());
  EXPECT_EQ(saved->basis(), "engine");

  EXPECT_EQ(Count("SELECT count(*) FROM follow_ups"), 1);
  EXPECT_EQ(State(saved->follow_up_id()), "pending");
  // Answerable for the timeout from now.
  EXPECT_EQ(Count("SELECT count(*) FROM follow_ups WHERE expires_at > now() + interval '47 hours 59 minutes'"
                  " AND expires_at <= now() + interval '48 hours'"),
            1);

  auto stored = screenings_->Get(kTenant, saved->id());
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->follow_up_id(), saved->follow_up_id()) << "the screening waits on the round";

  auto f = store_->Get(kTenant, saved->follow_up_id());
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->id(), saved->follow_up_id());
  EXPECT_EQ(f->integration_id(), kTenant);
  EXPECT_EQ(f->event_id(), "e1");
  EXPECT_EQ(f->screening_id(), saved->id());
  EXPECT_EQ(f->candidate_id(), 321);
  EXPECT_EQ(f->job_id(), 7);
  EXPECT_EQ(f->state(), fv1::FOLLOW_UP_STATE_PENDING);
  EXPECT_EQ(f->language_code(), "sv");
  EXPECT_EQ(f->questions_size(), 4);
  EXPECT_EQ(f->answers_size(), 0);
  EXPECT_TRUE(f->has_created_at());
  EXPECT_FALSE(f->has_sent_at());
  EXPECT_FALSE(f->has_closed_at());
  const int64_t lifetime = TimeUtil::DurationToSeconds(f->expires_at() - f->created_at());
  EXPECT_NEAR(lifetime, 48 * 3600, 5);

  // The provisional result is written back (as pending) once.
  EXPECT_EQ(Count("SELECT count(*) FROM work_items WHERE queue = 'writeback'"), 1);
  ASSERT_TRUE(pool_->Transact([&](pqxx::work& tx) {
    writeback::v1::WritebackTask task;
    EXPECT_TRUE(task.ParseFromString(
        db::FromBytea(tx.exec1("SELECT payload FROM work_items WHERE queue = 'writeback'")[0])));
    EXPECT_EQ(task.screening_id(), saved->id());
    EXPECT_EQ(task.integration_id(), kTenant);
    return absl::OkStatus();
  }).ok());
  EXPECT_EQ(ScreeningItems(), 0) << "nothing to re-screen while the round is open";

  // The same result again: the same screening and round, nothing new.
  auto again = screenings_->SaveResult(kTenant, in, rubric, result, save);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->id(), saved->id());
  EXPECT_EQ(again->follow_up_id(), saved->follow_up_id());
  EXPECT_EQ(Count("SELECT count(*) FROM follow_ups"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM screenings"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM work_items WHERE queue = 'writeback'"), 1);

  // A new result for the same event never opens a second round.
  auto other = screenings_->SaveResult(kTenant, in, rubric, AskingResult("i1-changed"), save);
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_NE(other->id(), saved->id());
  EXPECT_EQ(Count("SELECT count(*) FROM follow_ups"), 1);
}

TEST_F(FollowUpStorePgTest, LoadInputsCarriesTheRoundAndItsState) {
  const v1::Screening s = Ask(kTenant, "e1", 7);
  auto in = screenings_->LoadInputs(kTenant, "e1", 7);
  ASSERT_TRUE(in.ok()) << in.status();
  ASSERT_TRUE(in->follow_up.has_value());
  EXPECT_EQ(in->follow_up->id(), s.follow_up_id());
  EXPECT_EQ(in->follow_up->state(), fv1::FOLLOW_UP_STATE_PENDING);
  EXPECT_EQ(in->follow_up->questions_size(), 4);

  ASSERT_TRUE(store_->MarkSent(kTenant, s.follow_up_id()).ok());
  in = screenings_->LoadInputs(kTenant, "e1", 7);
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_EQ(in->follow_up->state(), fv1::FOLLOW_UP_STATE_SENT) << "the column's state, not the stored message's";

  ASSERT_TRUE(store_->SubmitAnswers(kTenant, s.follow_up_id(), SloppyAnswers()).ok());
  in = screenings_->LoadInputs(kTenant, "e1", 7);
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_EQ(in->follow_up->state(), fv1::FOLLOW_UP_STATE_ANSWERED);
  ASSERT_EQ(in->follow_up->answers_size(), 4);
  const auto evidence = AnswersAsEvidence(*in->follow_up);
  ASSERT_EQ(evidence.size(), 4u);
  EXPECT_EQ(evidence[0].question_id(), "follow-up/permit");
  EXPECT_TRUE(evidence[0].boolean());

  // An event without a round has none.
  AddEvent(kTenant, "e2", 7);
  in = screenings_->LoadInputs(kTenant, "e2", 7);
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_FALSE(in->follow_up.has_value());
}

TEST_F(FollowUpStorePgTest, LoadInputsPrefersTheJobsPolicyOverTheDefault) {
  AddEvent(kTenant, "e7", 7);
  AddEvent(kTenant, "e8", 8);
  integrations::v1::FollowUpPolicy fallback, job7;
  fallback.set_when(integrations::v1::FOLLOW_UP_WHEN_GREY_ZONE);
  fallback.set_grey_zone_low(40);
  fallback.set_grey_zone_high(60);
  job7.set_job_id(7);
  job7.set_when(integrations::v1::FOLLOW_UP_WHEN_UNKNOWN_MUST_HAVE);
  job7.set_max_questions(2);
  auto no_policy = screenings_->LoadInputs(kTenant, "e7", 7);
  ASSERT_TRUE(no_policy.ok()) << no_policy.status();
  EXPECT_EQ(no_policy->follow_up_policy.when(), integrations::v1::FOLLOW_UP_WHEN_UNSPECIFIED);
  ASSERT_TRUE(pool_->Transact([&](pqxx::work& tx) {
    tx.exec_params("INSERT INTO follow_up_policies (integration_id, job_id, policy) VALUES ($1::uuid, 0, $2)",
                   kTenant, db::Bytes(fallback.SerializeAsString()));
    tx.exec_params("INSERT INTO follow_up_policies (integration_id, job_id, policy) VALUES ($1::uuid, 7, $2)",
                   kTenant, db::Bytes(job7.SerializeAsString()));
    return absl::OkStatus();
  }).ok());
  auto seven = screenings_->LoadInputs(kTenant, "e7", 7);
  ASSERT_TRUE(seven.ok()) << seven.status();
  EXPECT_EQ(seven->follow_up_policy.when(), integrations::v1::FOLLOW_UP_WHEN_UNKNOWN_MUST_HAVE);
  EXPECT_EQ(seven->follow_up_policy.max_questions(), 2);
  auto eight = screenings_->LoadInputs(kTenant, "e8", 8);
  ASSERT_TRUE(eight.ok()) << eight.status();
  EXPECT_EQ(eight->follow_up_policy.when(), integrations::v1::FOLLOW_UP_WHEN_GREY_ZONE);
  EXPECT_EQ(eight->follow_up_policy.grey_zone_high(), 60);
}

// ----------------------------------------------------------------- List

TEST_F(FollowUpStorePgTest, ListFiltersByStateAndJobOldestFirst) {
  const auto a = Ask(kTenant, "e1", 7);
  const auto b = Ask(kTenant, "e2", 8);
  const auto c = Ask(kTenant, "e3", 7);
  const auto theirs = Ask(kOther, "x1", 7);
  std::string next;

  auto open = store_->List(kTenant, 0, {}, 10, "", &next);
  ASSERT_TRUE(open.ok()) << open.status();
  EXPECT_THAT(EventsOf(*open), ElementsAre("e1", "e2", "e3"));
  EXPECT_TRUE(next.empty());
  EXPECT_EQ((*open)[0].id(), a.follow_up_id());
  EXPECT_EQ((*open)[0].questions_size(), 4);

  auto job7 = store_->List(kTenant, 7, {}, 10, "", &next);
  ASSERT_TRUE(job7.ok()) << job7.status();
  EXPECT_THAT(EventsOf(*job7), ElementsAre("e1", "e3"));
  auto job9 = store_->List(kTenant, 9, {}, 10, "", &next);
  ASSERT_TRUE(job9.ok()) << job9.status();
  EXPECT_TRUE(job9->empty());

  ASSERT_TRUE(store_->MarkSent(kTenant, b.follow_up_id()).ok());
  ASSERT_TRUE(store_->OptOut(kTenant, c.follow_up_id()).ok());

  open = store_->List(kTenant, 0, {}, 10, "", &next);
  ASSERT_TRUE(open.ok()) << open.status();
  EXPECT_THAT(EventsOf(*open), ElementsAre("e1", "e2")) << "open = pending and sent";
  EXPECT_EQ((*open)[1].state(), fv1::FOLLOW_UP_STATE_SENT);

  auto opted = store_->List(kTenant, 0, {fv1::FOLLOW_UP_STATE_OPTED_OUT}, 10, "", &next);
  ASSERT_TRUE(opted.ok()) << opted.status();
  EXPECT_THAT(EventsOf(*opted), ElementsAre("e3"));
  EXPECT_EQ((*opted)[0].state(), fv1::FOLLOW_UP_STATE_OPTED_OUT);
  EXPECT_TRUE((*opted)[0].has_closed_at());

  auto sent = store_->List(kTenant, 0, {fv1::FOLLOW_UP_STATE_SENT}, 10, "", &next);
  ASSERT_TRUE(sent.ok()) << sent.status();
  EXPECT_THAT(EventsOf(*sent), ElementsAre("e2"));

  auto all = store_->List(kTenant, 0,
                          {fv1::FOLLOW_UP_STATE_PENDING, fv1::FOLLOW_UP_STATE_SENT, fv1::FOLLOW_UP_STATE_ANSWERED,
                           fv1::FOLLOW_UP_STATE_EXPIRED, fv1::FOLLOW_UP_STATE_OPTED_OUT},
                          10, "", &next);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_THAT(EventsOf(*all), ElementsAre("e1", "e2", "e3"));
  for (const auto& f : *all) EXPECT_NE(f.id(), theirs.follow_up_id()) << "another tenant's round listed";

  auto answered = store_->List(kTenant, 0, {fv1::FOLLOW_UP_STATE_ANSWERED}, 10, "", &next);
  ASSERT_TRUE(answered.ok()) << answered.status();
  EXPECT_TRUE(answered->empty());
}

TEST_F(FollowUpStorePgTest, ListPagesOneAtATimeUntilTheTokenEnds) {
  for (const char* e : {"e1", "e2", "e3"}) Ask(kTenant, e, 7);
  Ask(kOther, "x1", 7);
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    std::string next = "stale";
    auto page = store_->List(kTenant, 0, {}, 1, token, &next);
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_EQ(page->size(), 1u) << "page " << pages;
    seen.push_back((*page)[0].event_id());
    token = next;
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_THAT(seen, ElementsAre("e1", "e2", "e3"));

  // Two then one.
  std::string next;
  auto first = store_->List(kTenant, 0, {}, 2, "", &next);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_THAT(EventsOf(*first), ElementsAre("e1", "e2"));
  ASSERT_FALSE(next.empty());
  std::string last_token;
  auto second = store_->List(kTenant, 0, {}, 2, next, &last_token);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_THAT(EventsOf(*second), ElementsAre("e3"));
  EXPECT_TRUE(last_token.empty());

  // Exactly a page's worth: no token for an empty next page.
  auto exact = store_->List(kTenant, 0, {}, 3, "", &next);
  ASSERT_TRUE(exact.ok()) << exact.status();
  EXPECT_EQ(exact->size(), 3u);
  EXPECT_TRUE(next.empty());
}

TEST_F(FollowUpStorePgTest, ListRejectsTokensItDidNotIssueAndScopesToTheTenant) {
  Ask(kTenant, "e1", 7);
  Ask(kOther, "x1", 7);
  Ask(kOther, "x2", 7);
  std::string next;
  for (const std::string& bad : {std::string("garbage!"), absl::WebSafeBase64Escape("12345"),
                                 absl::WebSafeBase64Escape("abc:00000000-0000-0000-0000-000000000000"),
                                 absl::WebSafeBase64Escape("12345:not-a-uuid")}) {
    EXPECT_EQ(store_->List(kTenant, 0, {}, 10, bad, &next).status().code(), absl::StatusCode::kInvalidArgument)
        << bad;
  }
  auto mine = store_->List(kTenant, 0, {}, 10, "", &next);
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_THAT(EventsOf(*mine), ElementsAre("e1"));
  auto theirs = store_->List(kOther, 0, {}, 10, "", &next);
  ASSERT_TRUE(theirs.ok()) << theirs.status();
  EXPECT_THAT(EventsOf(*theirs), ElementsAre("x1", "x2"));
  for (const auto& f : *theirs) EXPECT_EQ(f.integration_id(), kOther);

  auto unknown = store_->List("00000000-0000-0000-0000-0000000000c3", 0, {}, 10, "", &next);
  ASSERT_TRUE(unknown.ok()) << unknown.status();
  EXPECT_TRUE(unknown->empty());
  EXPECT_EQ(store_->List("not-a-uuid", 0, {}, 10, "", &next).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->List("", 0, {}, 10, "", &next).status().code(), absl::StatusCode::kNotFound);
}

// Job ids are int64 (bigint columns, int64 in every proto).
TEST_F(FollowUpStorePgTest, ListFiltersByAJobIdBeyond32Bits) {
  constexpr int64_t kBigJob = 5'000'000'000;
  Ask(kTenant, "e1", kBigJob);
  Ask(kTenant, "e2", 7);
  std::string next;
  auto list = store_->List(kTenant, kBigJob, {}, 10, "", &next);
  EXPECT_TRUE(list.ok()) << "FollowUpStore::List: " << list.status();
  if (list.ok()) {
    EXPECT_THAT(EventsOf(*list), ElementsAre("e1"));
  }
  // The screenings of that job list the same way.
  auto screenings = screenings_->List(kTenant, kBigJob, 10, "", &next);
  EXPECT_TRUE(screenings.ok()) << "ScreeningStore::List: " << screenings.status();
  if (screenings.ok()) {
    ASSERT_EQ(screenings->size(), 1u);
    EXPECT_EQ((*screenings)[0].job_id(), kBigJob);
  }
  // Everything else about such a job works.
  auto all = store_->List(kTenant, 0, {}, 10, "", &next);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_THAT(EventsOf(*all), ElementsAre("e1", "e2"));
  EXPECT_EQ((*all)[0].job_id(), kBigJob);
  auto in = screenings_->LoadInputs(kTenant, "e1", kBigJob);
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_TRUE(in->follow_up.has_value());
}

// ------------------------------------------------------------- MarkSent

TEST_F(FollowUpStorePgTest, MarkSentMovesPendingToSentOnce) {
  const auto s = Ask(kTenant, "e1", 7);
  auto sent = store_->MarkSent(kTenant, s.follow_up_id());
  ASSERT_TRUE(sent.ok()) << sent.status();
  EXPECT_EQ(sent->state(), fv1::FOLLOW_UP_STATE_SENT);
  ASSERT_TRUE(sent->has_sent_at());
  EXPECT_GE(TimeUtil::TimestampToMicroseconds(sent->sent_at()),
            TimeUtil::TimestampToMicroseconds(sent->created_at()));
  EXPECT_FALSE(sent->has_closed_at());
  EXPECT_EQ(State(s.follow_up_id()), "sent");

  auto again = store_->MarkSent(kTenant, s.follow_up_id());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->state(), fv1::FOLLOW_UP_STATE_SENT);
  EXPECT_TRUE(MessageDifferencer::Equals(again->sent_at(), sent->sent_at())) << "sent_at is not moved";
  EXPECT_EQ(ScreeningItems(), 0);

  EXPECT_EQ(store_->MarkSent(kOther, s.follow_up_id()).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->MarkSent(kTenant, kUnknownId).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->MarkSent(kTenant, "nope").status().code(), absl::StatusCode::kNotFound);

  ASSERT_TRUE(store_->OptOut(kTenant, s.follow_up_id()).ok());
  EXPECT_EQ(store_->MarkSent(kTenant, s.follow_up_id()).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(State(s.follow_up_id()), "opted_out");

  // A round closed while still pending cannot be sent either.
  const auto t = Ask(kTenant, "e2", 7);
  ASSERT_TRUE(store_->SubmitAnswers(kTenant, t.follow_up_id(), SloppyAnswers()).ok());
  auto late = store_->MarkSent(kTenant, t.follow_up_id());
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(State(t.follow_up_id()), "answered");
}

// -------------------------------------------------------- SubmitAnswers

TEST_F(FollowUpStorePgTest, InvalidAnswersChangeNothing) {
  const auto s = Ask(kTenant, "e1", 7);
  ASSERT_TRUE(store_->MarkSent(kTenant, s.follow_up_id()).ok());
  auto before = store_->Get(kTenant, s.follow_up_id());
  ASSERT_TRUE(before.ok()) << before.status();
  const int items = Count("SELECT count(*) FROM work_items");

  std::vector<std::vector<fv1::Answer>> bad;
  bad.push_back({});                                                     // nothing answered
  bad.push_back({Yes("q1", true), Choices("q2", {"Go"}), Choices("q3", {"AWS"})});  // q4 missing
  auto wrong_option = CanonicalAnswers();
  wrong_option[1] = Choices("q2", {"Java"});
  bad.push_back(wrong_option);
  auto off_scale = CanonicalAnswers();
  off_scale[3] = Number("q4", 21);
  bad.push_back(off_scale);
  auto twice = CanonicalAnswers();
  twice.push_back(Yes("q1", false));
  bad.push_back(twice);
  for (size_t i = 0; i < bad.size(); ++i) {
    auto got = store_->SubmitAnswers(kTenant, s.follow_up_id(), bad[i]);
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << "case " << i << ": " << got.status();
  }
  auto after = store_->Get(kTenant, s.follow_up_id());
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_TRUE(MessageDifferencer::Equals(*before, *after)) << after->DebugString();
  EXPECT_EQ(State(s.follow_up_id()), "sent");
  EXPECT_EQ(after->answers_size(), 0);
  EXPECT_FALSE(after->has_closed_at());
  EXPECT_EQ(Count("SELECT count(*) FROM work_items"), items);
}

TEST_F(FollowUpStorePgTest, ValidAnswersCloseTheRoundAndRescreenOnce) {
  const auto s = Ask(kTenant, "e1", 7, 4242);
  const int64_t mark = MaxWorkItemId();
  auto answered = store_->SubmitAnswers(kTenant, s.follow_up_id(), SloppyAnswers());
  ASSERT_TRUE(answered.ok()) << answered.status();
  EXPECT_EQ(answered->state(), fv1::FOLLOW_UP_STATE_ANSWERED);
  EXPECT_TRUE(answered->has_closed_at());
  EXPECT_EQ(State(s.follow_up_id()), "answered");
  EXPECT_EQ(Count("SELECT count(*) FROM follow_ups WHERE closed_at IS NOT NULL"), 1);

  // Stored in question order, spelled as the questions spell them.
  auto stored = store_->Get(kTenant, s.follow_up_id());
  ASSERT_TRUE(stored.ok()) << stored.status();
  const auto canonical = CanonicalAnswers();
  ASSERT_EQ(stored->answers_size(), static_cast<int>(canonical.size()));
  for (size_t i = 0; i < canonical.size(); ++i) {
    EXPECT_TRUE(MessageDifferencer::Equals(stored->answers(static_cast<int>(i)), canonical[i]))
        << "answer " << i << ": " << stored->answers(static_cast<int>(i)).DebugString();
  }
  EXPECT_EQ(stored->questions_size(), 4) << "the questions are kept";

  // One re-screening of the event.
  auto tasks = ScreeningTasksAfter(mark);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].event_id(), "e1");
  EXPECT_EQ(tasks[0].integration_id(), kTenant);
  EXPECT_EQ(tasks[0].candidate_id(), 4242);
  EXPECT_EQ(tasks[0].job_id(), 7);
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM work_items WHERE queue = 'screening' AND integration_id = '",
                               kTenant, "'")),
            1);

  // The same answers again (a retry, in any spelling): OK, nothing new.
  auto retry = store_->SubmitAnswers(kTenant, s.follow_up_id(), CanonicalAnswers());
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->state(), fv1::FOLLOW_UP_STATE_ANSWERED);
  auto retry2 = store_->SubmitAnswers(kTenant, s.follow_up_id(), SloppyAnswers());
  ASSERT_TRUE(retry2.ok()) << retry2.status();
  EXPECT_EQ(ScreeningTasksAfter(mark).size(), 1u);
  EXPECT_TRUE(MessageDifferencer::Equals(retry2->closed_at(), answered->closed_at())) << "closed_at is not moved";

  // Other answers: refused, the stored ones stay.
  auto other = CanonicalAnswers();
  other[0] = Yes("q1", false);
  auto changed = store_->SubmitAnswers(kTenant, s.follow_up_id(), other);
  EXPECT_EQ(changed.status().code(), absl::StatusCode::kFailedPrecondition) << changed.status();
  auto still = store_->Get(kTenant, s.follow_up_id());
  ASSERT_TRUE(still.ok());
  EXPECT_TRUE(still->answers(0).yes());
  EXPECT_EQ(ScreeningTasksAfter(mark).size(), 1u);

  // Answered rounds cannot be opted out of.
  EXPECT_EQ(store_->OptOut(kTenant, s.follow_up_id()).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(State(s.follow_up_id()), "answered");
}

TEST_F(FollowUpStorePgTest, SubmitAnswersFindsOnlyTheTenantsRound) {
  const auto s = Ask(kTenant, "e1", 7);
  const int items = Count("SELECT count(*) FROM work_items");
  for (auto [tenant, id] : std::vector<std::pair<std::string, std::string>>{
           {kTenant, kUnknownId},
           {kOther, s.follow_up_id()},
           {kTenant, "not-a-uuid"},
           {kTenant, s.follow_up_id().substr(0, 35)},
           {"not-a-uuid", s.follow_up_id()},
           {kTenant, ""}}) {
    EXPECT_EQ(store_->SubmitAnswers(tenant, id, SloppyAnswers()).status().code(), absl::StatusCode::kNotFound)
        << tenant << " / " << id;
    EXPECT_EQ(store_->Get(tenant, id).status().code(), absl::StatusCode::kNotFound) << tenant << " / " << id;
    EXPECT_EQ(store_->OptOut(tenant, id).status().code(), absl::StatusCode::kNotFound) << tenant << " / " << id;
  }
  EXPECT_EQ(State(s.follow_up_id()), "pending");
  EXPECT_EQ(Count("SELECT count(*) FROM work_items"), items);
  // A letter case variant of the id is the same uuid.
  std::string upper = s.follow_up_id();
  for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  auto got = store_->Get(kTenant, upper);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->id(), s.follow_up_id());
}

// ---------------------------------------------------------------- OptOut

TEST_F(FollowUpStorePgTest, OptOutClosesTheRoundAndFinalisesOnce) {
  const auto s = Ask(kTenant, "e1", 7, 77);
  ASSERT_TRUE(store_->MarkSent(kTenant, s.follow_up_id()).ok());
  const int64_t mark = MaxWorkItemId();
  auto out = store_->OptOut(kTenant, s.follow_up_id());
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->state(), fv1::FOLLOW_UP_STATE_OPTED_OUT);
  EXPECT_TRUE(out->has_closed_at());
  EXPECT_TRUE(out->has_sent_at());
  EXPECT_EQ(out->answers_size(), 0);
  EXPECT_EQ(State(s.follow_up_id()), "opted_out");
  auto tasks = ScreeningTasksAfter(mark);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].event_id(), "e1");
  EXPECT_EQ(tasks[0].candidate_id(), 77);
  EXPECT_EQ(tasks[0].integration_id(), kTenant);

  auto again = store_->OptOut(kTenant, s.follow_up_id());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->state(), fv1::FOLLOW_UP_STATE_OPTED_OUT);
  EXPECT_EQ(ScreeningTasksAfter(mark).size(), 1u);

  auto late = store_->SubmitAnswers(kTenant, s.follow_up_id(), SloppyAnswers());
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition) << late.status();
  EXPECT_EQ(State(s.follow_up_id()), "opted_out");
  EXPECT_EQ(store_->Get(kTenant, s.follow_up_id())->answers_size(), 0);

  // From pending, too.
  const auto t = Ask(kTenant, "e2", 7);
  auto pending_out = store_->OptOut(kTenant, t.follow_up_id());
  ASSERT_TRUE(pending_out.ok()) << pending_out.status();
  EXPECT_EQ(State(t.follow_up_id()), "opted_out");
  EXPECT_EQ(ScreeningTasksAfter(mark).size(), 2u);
}

// ------------------------------------------------------------- ExpireDue

TEST_F(FollowUpStorePgTest, ExpireDueClosesOnlyOpenOverdueRoundsWithinTheLimit) {
  const auto due_pending = Ask(kTenant, "e1", 7);
  const auto due_sent = Ask(kTenant, "e2", 7);
  const auto answered = Ask(kTenant, "e3", 7);
  const auto future = Ask(kTenant, "e4", 7);
  const auto opted = Ask(kTenant, "e5", 7);
  const auto due_other = Ask(kOther, "x1", 7);
  ASSERT_TRUE(store_->MarkSent(kTenant, due_sent.follow_up_id()).ok());
  ASSERT_TRUE(store_->SubmitAnswers(kTenant, answered.follow_up_id(), SloppyAnswers()).ok());
  ASSERT_TRUE(store_->OptOut(kTenant, opted.follow_up_id()).ok());
  for (const auto* s : {&due_pending, &due_sent, &answered, &opted, &due_other}) Overdue(s->follow_up_id(), 3600);
  const int64_t mark = MaxWorkItemId();

  auto first = store_->ExpireDue(2);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, 2);
  EXPECT_EQ(Count("SELECT count(*) FROM follow_ups WHERE state = 'expired'"), 2);
  EXPECT_EQ(ScreeningTasksAfter(mark).size(), 2u);

  auto second = store_->ExpireDue(10);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*second, 1);
  auto third = store_->ExpireDue(10);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(*third, 0);

  EXPECT_EQ(State(due_pending.follow_up_id()), "expired");
  EXPECT_EQ(State(due_sent.follow_up_id()), "expired");
  EXPECT_EQ(State(due_other.follow_up_id()), "expired");
  EXPECT_EQ(State(answered.follow_up_id()), "answered");
  EXPECT_EQ(State(future.follow_up_id()), "pending");
  EXPECT_EQ(State(opted.follow_up_id()), "opted_out");
  EXPECT_EQ(Count("SELECT count(*) FROM follow_ups WHERE state = 'expired' AND closed_at IS NULL"), 0);

  // One finalisation per expired round, for its own tenant.
  std::multiset<std::string> events;
  for (const auto& t : ScreeningTasksAfter(mark)) {
    events.insert(t.event_id());
    EXPECT_EQ(t.integration_id(), t.event_id() == "x1" ? kOther : kTenant) << t.event_id();
  }
  EXPECT_EQ(events, (std::multiset<std::string>{"e1", "e2", "x1"}));

  auto expired = store_->Get(kTenant, due_sent.follow_up_id());
  ASSERT_TRUE(expired.ok()) << expired.status();
  EXPECT_EQ(expired->state(), fv1::FOLLOW_UP_STATE_EXPIRED);
  EXPECT_TRUE(expired->has_closed_at());
  EXPECT_TRUE(expired->has_sent_at());
  EXPECT_EQ(expired->questions_size(), 4);
  std::string next;
  auto listed = store_->List(kTenant, 0, {fv1::FOLLOW_UP_STATE_EXPIRED}, 10, "", &next);
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(listed->size(), 2u) << "the tenant's two expired rounds";
  auto open = store_->List(kTenant, 0, {}, 10, "", &next);
  ASSERT_TRUE(open.ok()) << open.status();
  EXPECT_THAT(EventsOf(*open), ElementsAre("e4"));

  // Closed for good.
  EXPECT_EQ(store_->SubmitAnswers(kTenant, due_pending.follow_up_id(), SloppyAnswers()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->OptOut(kTenant, due_pending.follow_up_id()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->MarkSent(kTenant, due_pending.follow_up_id()).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(FollowUpStorePgTest, AnOverdueRoundTakesNoAnswersBeforeTheSweep) {
  const auto s = Ask(kTenant, "e1", 7);
  ASSERT_TRUE(store_->MarkSent(kTenant, s.follow_up_id()).ok());
  Overdue(s.follow_up_id(), 1);
  const int items = Count("SELECT count(*) FROM work_items");

  auto late = store_->SubmitAnswers(kTenant, s.follow_up_id(), SloppyAnswers());
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition) << late.status();
  EXPECT_THAT(std::string(late.status().message()), HasSubstr("expired"));
  auto opt = store_->OptOut(kTenant, s.follow_up_id());
  EXPECT_EQ(opt.status().code(), absl::StatusCode::kFailedPrecondition) << opt.status();
  EXPECT_EQ(State(s.follow_up_id()), "sent") << "left for the sweep";
  EXPECT_EQ(store_->Get(kTenant, s.follow_up_id())->answers_size(), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM work_items"), items);

  auto swept = store_->ExpireDue(10);
  ASSERT_TRUE(swept.ok()) << swept.status();
  EXPECT_EQ(*swept, 1);
  EXPECT_EQ(State(s.follow_up_id()), "expired");
  late = store_->SubmitAnswers(kTenant, s.follow_up_id(), SloppyAnswers());
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(late.status().message()), HasSubstr("expired"));

  // Still in time: accepted.
  const auto t = Ask(kTenant, "e2", 7, 100, absl::Minutes(5));
  EXPECT_TRUE(store_->SubmitAnswers(kTenant, t.follow_up_id(), SloppyAnswers()).ok());
  // Nor is an overdue round sent: it could no longer be answered.
  const auto u = Ask(kTenant, "e3", 7);
  Overdue(u.follow_up_id(), 1);
  auto sent = store_->MarkSent(kTenant, u.follow_up_id());
  EXPECT_EQ(sent.status().code(), absl::StatusCode::kFailedPrecondition) << sent.status();
  EXPECT_THAT(std::string(sent.status().message()), HasSubstr("expired"));
  EXPECT_EQ(State(u.follow_up_id()), "pending");
}

// ------------------------------------------------- disconnected tenants

TEST_F(FollowUpStorePgTest, ADisconnectedIntegrationsRoundsAreNeitherListedAnsweredNorExpired) {
  const auto mine = Ask(kTenant, "e1", 7);
  const auto open = Ask(kOther, "x1", 7);
  const auto due = Ask(kOther, "x2", 7);
  Overdue(due.follow_up_id(), 60);
  Overdue(mine.follow_up_id(), 60);
  Exec(absl::StrCat("UPDATE integrations SET status = 'disconnected' WHERE id = '", kOther, "'"));
  const int items = Count("SELECT count(*) FROM work_items");

  std::string next;
  auto listed = store_->List(kOther, 0, {}, 10, "", &next);
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_TRUE(listed->empty());
  for (const auto& status : {store_->MarkSent(kOther, open.follow_up_id()).status(),
                             store_->SubmitAnswers(kOther, open.follow_up_id(), SloppyAnswers()).status(),
                             store_->OptOut(kOther, open.follow_up_id()).status()}) {
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
    EXPECT_THAT(std::string(status.message()), HasSubstr("disconnected"));
  }
  auto swept = store_->ExpireDue(10);
  ASSERT_TRUE(swept.ok()) << swept.status();
  EXPECT_EQ(*swept, 1) << "only the active tenant's overdue round";
  EXPECT_EQ(State(mine.follow_up_id()), "expired");
  EXPECT_EQ(State(open.follow_up_id()), "pending");
  EXPECT_EQ(State(due.follow_up_id()), "pending");
  EXPECT_EQ(Count("SELECT count(*) FROM work_items"), items + 1);
}

// ---------------------------------------------------------- finalisation

TEST_F(FollowUpStorePgTest, AFinalisedResultIsANewScreeningDedupedOnItsBasis) {
  ScreeningInputs in = AddEvent(kTenant, "e1", 7);
  v1::Rubric rubric = StoredRubric(kTenant, 7);
  const v1::ScreeningResult provisional = AskingResult("i1");
  SaveOptions ask;
  ask.ask = BuildFollowUp(provisional, rubric, "en", 5);
  auto first = screenings_->SaveResult(kTenant, in, rubric, provisional, ask);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_FALSE(first->follow_up_id().empty());
  Overdue(first->follow_up_id(), 60);
  ASSERT_EQ(*store_->ExpireDue(10), 1);

  // The screener re-screens: the same evidence, finalised.
  auto loaded = screenings_->LoadInputs(kTenant, "e1", 7);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_TRUE(loaded->follow_up.has_value());
  ASSERT_EQ(loaded->follow_up->state(), fv1::FOLLOW_UP_STATE_EXPIRED);
  const v1::ScreeningResult final_result = Finalise(provisional, loaded->follow_up->state());
  SaveOptions fin;
  fin.basis = BasisFor(loaded->follow_up->state());
  ASSERT_EQ(fin.basis, "follow-up-expired");
  auto finalised = screenings_->SaveResult(kTenant, *loaded, rubric, final_result, fin);
  ASSERT_TRUE(finalised.ok()) << finalised.status();
  EXPECT_NE(finalised->id(), first->id()) << "the basis is part of what makes a screening unique";
  EXPECT_EQ(finalised->basis(), "follow-up-expired");
  EXPECT_TRUE(finalised->follow_up_id().empty()) << "a final result waits on nothing";
  EXPECT_EQ(finalised->result().qualification(), v1::QUALIFICATION_LEVEL_NEEDS_REVIEW);
  EXPECT_EQ(Count("SELECT count(*) FROM screenings"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM screenings WHERE basis = 'follow-up-expired'"
                  " AND qualification = 'needs_review' AND follow_up_id IS NULL"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM work_items WHERE queue = 'writeback'"), 2);

  // The provisional one is untouched.
  auto old = screenings_->Get(kTenant, first->id());
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->basis(), "engine");
  EXPECT_EQ(old->follow_up_id(), first->follow_up_id());

  // A retry of the finalisation dedupes.
  auto again = screenings_->SaveResult(kTenant, *loaded, rubric, final_result, fin);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->id(), finalised->id());
  EXPECT_EQ(Count("SELECT count(*) FROM screenings"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM work_items WHERE queue = 'writeback'"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM follow_ups"), 1);

  // An opt-out finalisation of the same evidence would be yet another basis.
  SaveOptions opted;
  opted.basis = BasisFor(fv1::FOLLOW_UP_STATE_OPTED_OUT);
  auto third = screenings_->SaveResult(kTenant, *loaded, rubric,
                                       Finalise(provisional, fv1::FOLLOW_UP_STATE_OPTED_OUT), opted);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_NE(third->id(), finalised->id());
  EXPECT_EQ(third->basis(), "follow-up-opted-out");
  EXPECT_EQ(Count("SELECT count(*) FROM screenings"), 3);
}

}  // namespace
}  // namespace clara::screening
