// Issue 11: one rubric content hash. The service (ScoringEngine::RubricHash
// of whichever engine runs), the simple engine and the clara engine
// (engine::RubricContentHash, which derivation and knock-out rules use) must
// give the same hash for the same rubric.
#include "services/screening/rubric_hash.h"

#include "gtest/gtest.h"
#include "services/screening/engine/clara_engine.h"
#include "services/screening/engine/hashing.h"
#include "services/screening/simple_engine.h"

namespace clara::screening {
namespace {

v1::Job Job() {
  v1::Job job;
  job.set_id(12345);
  job.set_title("Senior Backend Engineer");
  job.set_body_html(
      "<h2>Requirements</h2><ul><li>5+ years of experience with C++</li>"
      "<li>Experience with PostgreSQL</li></ul><h2>Nice to have</h2><ul><li>Kubernetes</li></ul>");
  job.add_tags("postgresql");
  job.add_tags("c++");
  return job;
}

TEST(RubricHashTest, ServiceAndEnginesHashAlike) {
  const auto clara = engine::NewClaraEngine();
  const auto simple = NewSimpleEngine();
  for (const ScoringEngine* deriving : {clara.get(), simple.get()}) {
    auto rubric = deriving->DeriveRubric(Job());
    ASSERT_TRUE(rubric.ok()) << rubric.status();
    SCOPED_TRACE(std::string(deriving->version()));
    EXPECT_EQ(rubric->content_hash(), engine::RubricContentHash(*rubric));
    EXPECT_EQ(rubric->content_hash(), RubricContentHash(*rubric));
    EXPECT_EQ(clara->RubricHash(*rubric), engine::RubricContentHash(*rubric));
    EXPECT_EQ(simple->RubricHash(*rubric), engine::RubricContentHash(*rubric));
    EXPECT_EQ(rubric->content_hash().size(), 64u);
  }
}

TEST(RubricHashTest, OnlyContentCounts) {
  auto rubric = engine::NewClaraEngine()->DeriveRubric(Job());
  ASSERT_TRUE(rubric.ok()) << rubric.status();
  v1::Rubric other = *rubric;
  other.set_version(7);
  other.set_origin("edited");
  other.add_warnings("a warning");
  other.set_content_hash("stale");
  other.mutable_created_at()->set_seconds(1);
  EXPECT_EQ(RubricContentHash(other), RubricContentHash(*rubric));
  other.set_language_code(rubric->language_code() == "sv" ? "en" : "sv");
  EXPECT_NE(RubricContentHash(other), RubricContentHash(*rubric));
}

}  // namespace
}  // namespace clara::screening
