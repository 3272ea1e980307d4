// The screening store on a real PostgreSQL: rubric versions, append-only
// results with exactly-once hand-off to write-back, paging, tenant scoping.
#include "services/screening/screening_store.h"

#include "common/db.h"
#include "common/queue.h"
#include "common/testing/pg_fixture.h"
#include "gtest/gtest.h"
#include "services/screening/rubric_hash.h"
#include "services/screening/simple_engine.h"

namespace clara::screening {
namespace {

constexpr char kTenant[] = "00000000-0000-0000-0000-0000000000a1";
constexpr char kOther[] = "00000000-0000-0000-0000-0000000000b2";

class ScreeningStorePgTest : public testing::PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (HasFatalFailure()) return;  // no database: the fixture said why
    db::Statements st = queue::Statements();
    for (const auto& s : ScreeningStore::Statements()) st.push_back(s);
    auto pool = db::Pool::Create({.dsn = dsn_, .size = 4, .statements = st});
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = std::move(*pool);
    store_ = std::make_unique<ScreeningStore>(pool_.get());
    ASSERT_TRUE(pool_->Transact([&](pqxx::work& tx) {
      for (const char* t : {kTenant, kOther}) tx.exec_params("INSERT INTO integrations (id) VALUES ($1::uuid)", t);
      return absl::OkStatus();
    }).ok());
  }
  void TearDown() override {
    store_.reset();
    pool_.reset();
    PgTest::TearDown();
  }

  ScreeningInputs AddEvent(const std::string& tenant, const std::string& event_id, int64_t job_id) {
    ScreeningInputs in;
    in.event.set_id(event_id);
    in.event.mutable_candidate()->set_id(100);
    in.job.set_id(job_id);
    in.job.set_title("Engineer");
    in.evidence.set_resume_text("text");
    EXPECT_TRUE(pool_->Transact([&](pqxx::work& tx) {
      tx.exec_params("INSERT INTO partner_events (event_id, integration_id, candidate_id, job_id, partner_result_id,"
                     " update_url, event) VALUES ($1, $2::uuid, 100, $3, 'pr', 'https://x', $4)",
                     event_id, tenant, job_id, db::Bytes(in.event.SerializeAsString()));
      tx.exec_params("INSERT INTO evidence (event_id, integration_id, evidence) VALUES ($1, $2::uuid, $3)", event_id,
                     tenant, db::Bytes(in.evidence.SerializeAsString()));
      tx.exec_params("INSERT INTO jobs (integration_id, job_id, title, job) VALUES ($1::uuid, $2, 'Engineer', $3)"
                     " ON CONFLICT DO NOTHING", tenant, job_id, db::Bytes(in.job.SerializeAsString()));
      return absl::OkStatus();
    }).ok());
    return in;
  }

  v1::Rubric Rubric(int64_t job, const std::string& hash) {
    v1::Rubric r;
    r.set_job_id(job);
    r.set_content_hash(hash);
    r.set_origin("derived");
    return r;
  }

  v1::ScreeningResult Result(int score, const std::string& input_hash) {
    v1::ScreeningResult r;
    r.set_score(score);
    r.set_grade(v1::GRADE_MIGHT_BE_FIT);
    r.set_rubric_hash("h1");
    r.set_input_hash(input_hash);
    r.set_engine_version("test/1");
    return r;
  }

  int Count(const std::string& sql) {
    int n = -1;
    EXPECT_TRUE(pool_->Transact([&](pqxx::work& tx) {
      n = tx.exec1(sql)[0].as<int>();
      return absl::OkStatus();
    }).ok());
    return n;
  }

  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<ScreeningStore> store_;
};

TEST_F(ScreeningStorePgTest, LoadInputsIsTenantScoped) {
  AddEvent(kTenant, "e1", 7);
  auto in = store_->LoadInputs(kTenant, "e1", 7);
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_EQ(in->evidence.resume_text(), "text");
  EXPECT_EQ(store_->LoadInputs(kOther, "e1", 7).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ScreeningStorePgTest, RubricVersionsOnlyMoveForward) {
  auto v1r = store_->CurrentRubric(kTenant, Rubric(7, "h1"));
  ASSERT_TRUE(v1r.ok()) << v1r.status();
  EXPECT_EQ(v1r->version(), 1);
  EXPECT_EQ(store_->CurrentRubric(kTenant, Rubric(7, "h1"))->version(), 1) << "same content, same version";
  EXPECT_EQ(store_->CurrentRubric(kTenant, Rubric(7, "h2"))->version(), 2) << "changed job ad, new version";
  EXPECT_EQ(store_->CurrentRubric(kOther, Rubric(7, "h2"))->version(), 1) << "versions are per tenant";
  v1::Rubric edited = Rubric(7, "h3");
  edited.set_origin("edited");
  EXPECT_EQ(store_->AddEditedRubric(kTenant, edited)->version(), 3);
  // A recruiter's edit wins over later derivations.
  EXPECT_EQ(store_->CurrentRubric(kTenant, Rubric(7, "h4"))->version(), 3);
  EXPECT_EQ(store_->GetRubric(kTenant, 7, 1)->content_hash(), "h1");
  EXPECT_EQ(store_->GetRubric(kTenant, 7, 0)->version(), 3);
  EXPECT_EQ(store_->GetRubric(kTenant, 7, 9).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetRubric(kTenant, 8, 0).status().code(), absl::StatusCode::kNotFound);
}

// Issue 11: a job ad that goes A -> B -> A used to report a version that was
// never stored. Every version returned must be a row holding exactly the
// content returned; A again is a new version (see screening_store.h).
TEST_F(ScreeningStorePgTest, AdBackToEarlierContentReportsAStoredVersion) {
  const auto engine = NewSimpleEngine();
  v1::Job a;
  a.set_id(7);
  a.set_title("Engineer");
  a.add_tags("postgresql");
  v1::Job b = a;
  b.add_tags("kubernetes");
  struct Step {
    const char* name;
    const v1::Job* job;
    int want_version;
  };
  const Step kSteps[] = {{"A", &a, 1}, {"B", &b, 2}, {"A again", &a, 3}, {"A unchanged", &a, 3}};
  std::string hash_a;
  for (const auto& step : kSteps) {
    SCOPED_TRACE(step.name);
    auto derived = engine->DeriveRubric(*step.job);
    ASSERT_TRUE(derived.ok()) << derived.status();
    if (hash_a.empty()) hash_a = derived->content_hash();
    auto got = store_->CurrentRubric(kTenant, *derived);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->version(), step.want_version);
    EXPECT_EQ(got->content_hash(), derived->content_hash());
    // The version returned exists, with the content returned.
    std::string stored_hash, stored_bytes;
    ASSERT_TRUE(pool_->Transact([&](pqxx::work& tx) {
      auto r = tx.exec_params("SELECT content_hash, rubric FROM rubrics WHERE integration_id = $1::uuid"
                              " AND job_id = 7 AND version = $2", kTenant, got->version());
      if (r.empty()) return absl::NotFoundError("returned version not stored");
      stored_hash = r[0][0].as<std::string>();
      stored_bytes = db::FromBytea(r[0][1]);
      return absl::OkStatus();
    }).ok());
    EXPECT_EQ(stored_hash, got->content_hash());
    v1::Rubric stored;
    ASSERT_TRUE(stored.ParseFromString(stored_bytes));
    EXPECT_EQ(RubricContentHash(stored), got->content_hash()) << "the stored content is the content returned";
    auto read = store_->GetRubric(kTenant, 7, got->version());
    ASSERT_TRUE(read.ok()) << read.status();
    EXPECT_EQ(read->content_hash(), got->content_hash());
    EXPECT_EQ(read->criteria_size(), got->criteria_size());
  }
  EXPECT_EQ(store_->GetRubric(kTenant, 7, 3)->content_hash(), hash_a) << "version 3 holds A's content";
  EXPECT_EQ(store_->GetRubric(kTenant, 7, 1)->content_hash(), hash_a);
  EXPECT_EQ(Count("SELECT count(*) FROM rubrics WHERE job_id = 7"), 3);
}

TEST_F(ScreeningStorePgTest, SaveResultIsIdempotentAndHandsOffOnce) {
  auto in = AddEvent(kTenant, "e1", 7);
  auto rubric = *store_->CurrentRubric(kTenant, Rubric(7, "h1"));
  auto first = store_->SaveResult(kTenant, in, rubric, Result(61, "i1"));
  ASSERT_TRUE(first.ok()) << first.status();
  auto again = store_->SaveResult(kTenant, in, rubric, Result(61, "i1"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(first->id(), again->id());
  EXPECT_EQ(Count("SELECT count(*) FROM screenings"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM work_items WHERE queue = 'writeback'"), 1);
  // New evidence: a new, appended result; the old one stays.
  auto second = store_->SaveResult(kTenant, in, rubric, Result(80, "i2"));
  EXPECT_NE(second->id(), first->id());
  EXPECT_EQ(store_->Get(kTenant, first->id())->result().score(), 61);
  EXPECT_EQ(Count("SELECT count(*) FROM work_items WHERE queue = 'writeback'"), 2);
  EXPECT_EQ(store_->Get(kOther, first->id()).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ScreeningStorePgTest, ListPagesNewestFirstWithoutGapsOrRepeats) {
  std::set<std::string> ids;
  for (int i = 0; i < 7; ++i) {
    auto in = AddEvent(kTenant, "e" + std::to_string(i), i % 2 == 0 ? 7 : 8);
    auto rubric = *store_->CurrentRubric(kTenant, Rubric(in.job.id(), "h1"));
    ids.insert(store_->SaveResult(kTenant, in, rubric, Result(i, "i"))->id());
  }
  std::set<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    std::string next;
    auto page = store_->List(kTenant, 0, 3, token, &next);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const auto& s : *page) EXPECT_TRUE(seen.insert(s.id()).second) << "repeated " << s.id();
    token = next;
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, ids);
  std::string next;
  EXPECT_EQ(store_->List(kTenant, 7, 10, "", &next)->size(), 4u);
  // Teamtailor ids are 64-bit: a job filter beyond 2^31 is a filter, not an error.
  auto big = store_->List(kTenant, 5000000000, 10, "", &next);
  ASSERT_TRUE(big.ok()) << big.status();
  EXPECT_TRUE(big->empty());
  EXPECT_TRUE(store_->List(kOther, 0, 10, "", &next)->empty());
  EXPECT_EQ(store_->List(kTenant, 0, 3, "garbage!", &next).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace clara::screening
