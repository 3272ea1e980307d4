#include "services/screening/resume_review.h"

#include <algorithm>

#include "gtest/gtest.h"

namespace clara::screening {
namespace {

bool HasTag(const v1::ScreeningResult& r, const std::string& tag) {
  return std::find(r.tags().begin(), r.tags().end(), tag) != r.tags().end();
}

TEST(ResumeReviewTest, AnUnreadableResumeMakesTheResultNeedsReviewWithTheReason) {
  v1::ScreeningResult r;
  r.set_score(18);
  r.set_grade(v1::GRADE_MIGHT_NOT_BE_FIT);
  r.set_qualification(v1::QUALIFICATION_LEVEL_NOT_QUALIFIED);
  r.set_summary("2 of 6 requirements met.");
  for (const char* t : {"clara-might-not-be-fit", "clara-follow-up", "clara-knockout-failed"}) r.add_tags(t);
  r.add_follow_up_questions()->set_criterion_id("work-permit");
  auto* c = r.add_criteria();
  c->set_criterion_id("postgresql");
  c->set_verdict(v1::VERDICT_MISSING);

  const v1::ScreeningResult out = NeedsReviewForResume(r, "The résumé PDF has more than 50 pages.");
  EXPECT_EQ(out.qualification(), v1::QUALIFICATION_LEVEL_NEEDS_REVIEW);
  EXPECT_EQ(out.grade(), v1::GRADE_UNKNOWN);
  EXPECT_EQ(out.score(), 18);  // what the answers and pitch gave: kept, but not graded
  EXPECT_EQ(out.review_reason(), "The résumé PDF has more than 50 pages.");
  EXPECT_EQ(out.summary(), "Needs review: The résumé PDF has more than 50 pages. Scored without the résumé.");
  EXPECT_EQ(out.follow_up_questions_size(), 0);
  EXPECT_EQ(out.criteria_size(), 1);
  EXPECT_FALSE(HasTag(out, "clara-might-not-be-fit"));
  EXPECT_FALSE(HasTag(out, "clara-follow-up"));
  EXPECT_TRUE(HasTag(out, "clara-knockout-failed"));
  EXPECT_TRUE(HasTag(out, "clara-needs-review"));
  EXPECT_TRUE(HasTag(out, "clara-grade-unknown"));
  EXPECT_TRUE(HasTag(out, kResumeUnreadableTag));
  // Applied twice, the tags are not doubled.
  EXPECT_EQ(NeedsReviewForResume(out, "x").tags_size(), out.tags_size());
}

TEST(ResumeReviewTest, ALongReasonKeepsTheSummaryWithin150BytesAndTheReasonWhole) {
  const std::string reason(300, 'a');
  const v1::ScreeningResult out = NeedsReviewForResume({}, reason);
  EXPECT_LE(out.summary().size(), 150u);
  EXPECT_EQ(out.review_reason(), reason);
  EXPECT_EQ(NeedsReviewForResume({}, "").review_reason(), "The résumé could not be read.");
}

}  // namespace
}  // namespace clara::screening
