#include "services/writeback/partner_result.h"

#include "gtest/gtest.h"

namespace clara::writeback {
namespace {

namespace sv1 = ::clara::screening::v1;

TEST(MergeTagsTest, OnlyClaraTagsChange) {
  const struct {
    const char* name;
    std::vector<std::string> current, clara, expected;
  } kCases[] = {
      {"add to empty", {}, {"clara-top-fit"}, {"clara-top-fit"}},
      {"keep others in order", {"b", "a"}, {"clara-top-fit"}, {"b", "a", "clara-top-fit"}},
      {"stale clara tag removed", {"vip", "clara-might-be-fit"}, {"clara-top-fit"}, {"vip", "clara-top-fit"}},
      {"case-insensitive prefix", {"CLARA-old", "x"}, {"clara-new"}, {"x", "clara-new"}},
      {"no duplicates", {"clara-top-fit"}, {"clara-top-fit", "clara-top-fit"}, {"clara-top-fit"}},
      {"never adds a foreign tag", {"x"}, {"not-ours"}, {"x"}},
      {"unchanged", {"x", "clara-top-fit"}, {"clara-top-fit"}, {"x", "clara-top-fit"}},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(MergeTags(c.current, c.clara), c.expected);
  }
}

TEST(AddTagsTest, AddsNeverRemoves) {
  const struct {
    const char* name;
    std::vector<std::string> current, tags, expected;
  } kCases[] = {
      {"add to empty", {}, {"phone-screen"}, {"phone-screen"}},
      {"keeps everything, clara tags too", {"vip", "clara-top-fit"}, {"fast-track"}, {"vip", "clara-top-fit", "fast-track"}},
      {"case-insensitive duplicates", {"Fast-Track"}, {"fast-track", "FAST-TRACK"}, {"Fast-Track"}},
      {"empty tags ignored", {"x"}, {""}, {"x"}},
      {"order of the added kept", {}, {"b", "a"}, {"b", "a"}},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(AddTags(c.current, c.tags), c.expected);
  }
}

TEST(TruncateTest, NeverSplitsACharacter) {
  EXPECT_EQ(Truncate("short", 150), "short");
  const std::string swedish(200, 'a');
  EXPECT_LE(Truncate(swedish, 150).size(), 150u);
  std::string accents;
  for (int i = 0; i < 100; ++i) accents += "ö";  // 2 bytes each
  const std::string cut = Truncate(accents, 150);
  EXPECT_LE(cut.size(), 150u);
  EXPECT_EQ(cut.substr(cut.size() - 3), "\xE2\x80\xA6");
  for (size_t i = 0; i + 3 < cut.size(); i += 2) EXPECT_EQ(cut.substr(i, 2), "ö");
}

TEST(PartnerResultDocumentTest, FollowsTheContract) {
  sv1::ScreeningResult r;
  r.set_score(82);
  r.set_grade(sv1::GRADE_TOP_FIT);
  r.set_summary(std::string(300, 's'));
  auto* c = r.add_criteria();
  c->set_criterion_id("postgresql");
  c->set_label("PostgreSQL in production");
  c->set_requirement(sv1::REQUIREMENT_MUST);
  c->set_verdict(sv1::VERDICT_MET);
  c->set_sub_score(100);
  c = r.add_criteria();
  c->set_criterion_id("kafka");
  c->set_label("Kafka");
  c->set_requirement(sv1::REQUIREMENT_NICE);
  c->set_verdict(sv1::VERDICT_UNKNOWN);
  auto doc = PartnerResultDocument("a9e2", r, "https://clara.example/s/1");
  const auto& a = doc["data"]["attributes"];
  EXPECT_EQ(doc["data"]["type"], "partner-results");
  EXPECT_EQ(doc["data"]["id"], "a9e2");
  EXPECT_EQ(a["status"], "completed");
  EXPECT_EQ(a["assessment"]["score"], 82);
  EXPECT_EQ(a["assessment"]["grade"], "top_fit");
  EXPECT_LE(a["summary"].get<std::string>().size(), 150u);
  EXPECT_EQ(a["details"]["Requirements"]["PostgreSQL in production"], "met");
  EXPECT_EQ(a["details"]["Nice to have"]["Kafka"], "unknown");
  // At most two levels: every leaf of details is a string.
  for (auto& [k, v] : a["details"].items()) {
    for (auto& [k2, leaf] : v.items()) EXPECT_TRUE(leaf.is_string()) << k << "/" << k2;
  }
  EXPECT_EQ(a["assessment-criteria"][0]["id"], "postgresql");
  EXPECT_EQ(a["assessment-criteria"][0]["score"], 100);
  EXPECT_EQ(a["url"], "https://clara.example/s/1");
  EXPECT_EQ(a["actions"], nlohmann::json::parse(R"([{"buttonText":"Re-screen","endpoint":"rescreen"}])"));
  EXPECT_FALSE(PartnerResultDocument("x", r, "")["data"]["attributes"].contains("url"));
}

TEST(PartnerResultDocumentTest, ANeedsReviewResultShowsItsReasonFirst) {
  sv1::ScreeningResult r;
  r.set_score(20);
  r.set_grade(sv1::GRADE_UNKNOWN);
  r.set_qualification(sv1::QUALIFICATION_LEVEL_NEEDS_REVIEW);
  r.set_review_reason("The résumé PDF has more than 50 pages.");
  auto* c = r.add_criteria();
  c->set_criterion_id("postgresql");
  c->set_label("PostgreSQL");
  c->set_requirement(sv1::REQUIREMENT_MUST);
  c->set_verdict(sv1::VERDICT_UNKNOWN);
  const auto a = PartnerResultDocument("a9e2", r, "")["data"]["attributes"];
  EXPECT_EQ(a["assessment"]["grade"], "unknown");
  EXPECT_EQ(a["details"]["Needs review"]["Reason"], "The résumé PDF has more than 50 pages.");
  EXPECT_EQ(a["details"]["Requirements"]["PostgreSQL"], "unknown");
  // Without a reason there is no such entry.
  r.clear_review_reason();
  EXPECT_FALSE(PartnerResultDocument("a9e2", r, "")["data"]["attributes"]["details"].contains("Needs review"));
}

TEST(PendingPartnerResultDocumentTest, SaysWhatClaraWaitsFor) {
  followups::v1::FollowUp f;
  auto* q = f.add_questions();
  q->set_criterion_id("work-authorization");
  q->set_criterion_label("A valid permit to work in the EU/EEA");
  q->set_text("Do you have the right to work in the country of this job?");
  q = f.add_questions();
  q->set_criterion_id("lang-en");
  q->set_criterion_label("Fluent English");
  q->set_text("What is your level of English?");
  auto doc = PendingPartnerResultDocument("a9e2", f, "https://clara.example/s/1");
  const auto& a = doc["data"]["attributes"];
  EXPECT_EQ(doc["data"]["type"], "partner-results");
  EXPECT_EQ(doc["data"]["id"], "a9e2");
  EXPECT_EQ(a["status"], "pending");
  EXPECT_EQ(a["summary"], "Waiting for the candidate's answers: A valid permit to work in the EU/EEA, Fluent English");
  EXPECT_FALSE(a.contains("assessment")) << "no score or grade before the answers";
  EXPECT_EQ(a["details"]["Waiting for answers"]["Fluent English"], "What is your level of English?");
  for (auto& [k, v] : a["details"].items()) {
    for (auto& [k2, leaf] : v.items()) EXPECT_TRUE(leaf.is_string()) << k << "/" << k2;
  }
  EXPECT_EQ(a["url"], "https://clara.example/s/1");
  EXPECT_EQ(a["actions"][0]["endpoint"], "rescreen");

  // Many long labels: the summary still fits Teamtailor's 150 characters.
  for (int i = 0; i < 10; ++i) f.add_questions()->set_criterion_label(std::string(60, 'x') + std::to_string(i));
  EXPECT_LE(PendingPartnerResultDocument("a9e2", f, "")["data"]["attributes"]["summary"].get<std::string>().size(),
            150u);
  EXPECT_FALSE(PendingPartnerResultDocument("a9e2", f, "")["data"]["attributes"].contains("url"));
}

}  // namespace
}  // namespace clara::writeback
