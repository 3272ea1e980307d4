#include "services/screening/engine/negation.h"

#include <string>

#include "gtest/gtest.h"

namespace clara::screening::engine {
namespace {

// Index of the first token whose folded form is `word`.
uint32_t Find(const TokenizedText& t, const char* word) {
  for (uint32_t i = 0; i < t.size(); ++i) {
    if (t.folded(i) == word) return i;
  }
  return static_cast<uint32_t>(t.size());
}

TEST(NegationTest, Negated) {
  const struct {
    const char* text;
    const char* word;
    bool negated;
  } kCases[] = {
      {"I have not worked hands-on with Kubernetes, Kafka or Terraform", "kafka", true},
      {"I have not worked hands-on with Kubernetes, Kafka or Terraform", "terraform", true},
      {"No hands-on Java experience", "java", true},
      {"I haven't used Docker in production", "docker", true},
      {"Jag har ingen erfarenhet av SAP", "sap", true},
      {"Ich habe keine Erfahrung mit SAP", "sap", true},
      {"Jeg har ikke erfaring med SAP", "sap", true},
      {"Jeg har ingen erfaring med SAP", "sap", true},
      {"Ik heb geen ervaring met SAP", "sap", true},
      {"Einen Führerschein habe ich noch nicht", "fuhrerschein", false},
      {"Kubernetes in production, no downtime", "kubernetes", false},
      {"No issues. Built Kafka consumers", "kafka", false},
      {"Not just dashboards – I built Kafka pipelines", "kafka", false},
      {"Moved services to Kubernetes", "kubernetes", false},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(std::string(c.text) + " / " + c.word);
    TokenizedText t;
    t.Reset(c.text);
    std::vector<uint16_t> cues;
    ComputeCues(t, &cues);
    uint32_t i = Find(t, c.word);
    ASSERT_LT(i, t.size());
    EXPECT_EQ(IsNegated(t, cues, i), c.negated);
  }
}

TEST(NegationTest, LineNegationForLicences) {
  const struct {
    const char* text;
    const char* word;
    bool negated;
  } kCases[] = {
      {"Körkort: nej – övningskör och planerar uppkörning våren 2027", "korkort", true},
      {"Nein – Führerscheinprüfung Klasse B für Januar 2027 geplant", "klasse", true},
      {"Klasse B, BE (eigenes Fahrzeug vorhanden)", "klasse", false},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.text);
    TokenizedText t;
    t.Reset(c.text);
    std::vector<uint16_t> cues;
    ComputeCues(t, &cues);
    EXPECT_EQ(LineNegated(t, cues, Find(t, c.word)), c.negated);
  }
}

TEST(NegationTest, Qualifiers) {
  const struct {
    const char* text;
    const char* word;
    uint16_t cue;
    bool present;
  } kCases[] = {
      {"Pull data from BigQuery with basic SQL queries", "sql", kCueQualifier, true},
      {"Python, Docker, Terraform (basic), GitHub Actions", "terraform", kCueQualifier, true},
      {"Python, Docker, Terraform (basic), GitHub Actions", "docker", kCueQualifier, false},
      {"Tableau (grunnkurs)", "tableau", kCueCourse, true},
      {"Helped a senior colleague migrate the reporting tables from MySQL to PostgreSQL",
       "postgresql", kCueQualifier, true},
      {"Occasional SQL queries against the ERP database", "sql", kCueQualifier, true},
      {"Online course: Introduction to SQL", "sql", kCueCourse, true},
      {"Interesse an einer Weiterbildung zum Meister", "meister", kCueInterest, true},
      {"Owned the PostgreSQL database", "postgresql", kCueQualifier | kCueCourse, false},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(std::string(c.text) + " / " + c.word);
    TokenizedText t;
    t.Reset(c.text);
    std::vector<uint16_t> cues;
    ComputeCues(t, &cues);
    uint32_t i = Find(t, c.word);
    ASSERT_LT(i, t.size());
    EXPECT_EQ((SegmentCues(t, cues, i, i + 1) & c.cue) != 0, c.present);
  }
}

TEST(NegationTest, CueWords) {
  EXPECT_TRUE(CueOf("ausbildung") & kCueTraining);
  EXPECT_TRUE(CueOf("schnupperpraktikum") & kCueTraining);
  EXPECT_TRUE(CueOf("households") & kCueConsumer);
  EXPECT_TRUE(CueOf("b2b") & kCueBusiness);
  EXPECT_EQ(CueOf("python"), 0);
}

}  // namespace
}  // namespace clara::screening::engine
