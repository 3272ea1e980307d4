#include "services/screening/engine/document.h"

#include <string>

#include "gtest/gtest.h"

namespace clara::screening::engine {
namespace {

const int kToday = MonthIndex(absl::CivilDay(2026, 11, 15));

TEST(DocumentTest, Headers) {
  const struct {
    const char* line;
    Section section;
  } kCases[] = {
      {"WORK EXPERIENCE", Section::kExperience},
      {"Berufserfahrung", Section::kExperience},
      {"ARBETSLIVSERFARENHET", Section::kExperience},
      {"Education", Section::kEducation},
      {"KÖRKORT OCH BEHÖRIGHETER", Section::kLicences},
      {"Sprachen", Section::kLanguages},
      {"KURSER & BEHÖRIGHETER", Section::kCourses},
      {"INTERESTS", Section::kInterests},
      {"Customer service", Section::kUnknown},  // a title, not a header
      {"Technical Support Engineer", Section::kUnknown},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.line);
    TokenizedText t;
    t.Reset(c.line);
    EXPECT_EQ(HeaderSection(t, 0), c.section);
  }
}

// Title and date-range layouts seen in CVs.
TEST(DocumentTest, EntriesInEveryLayout) {
  const struct {
    const char* resume;
    std::vector<std::string> titles;
    std::vector<int> months;
  } kCases[] = {
      {"EXPERIENCE\nSenior Engineer — Acme\nApr 2021 – present\n- Python\n"
       "Developer — Beta\nJan 2018 – Mar 2021\n- Java\n",
       {"Senior Engineer — Acme", "Developer — Beta"}, {68, 39}},
      {"Berufserfahrung\n\n09/2009 – heute\nElektroinstallateur – Elektro GmbH\n- KNX\n\n"
       "03/2001 – 08/2009\nElektroinstallateur – Bau GmbH\n",
       {"Elektroinstallateur – Elektro GmbH", "Elektroinstallateur – Bau GmbH"}, {207, 102}},
      {"Experience\nBackend Developer, Betalia — Jan 2021 – present\nKotlin services.\n",
       {"Backend Developer, Betalia — Jan 2021 – present"}, {71}},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.resume);
    AnalyzedSource s;
    s.Analyze(SourceKind::kResume, "", c.resume, Taxonomy::Default(), kToday);
    ASSERT_EQ(s.entries.size(), c.titles.size());
    for (size_t i = 0; i < s.entries.size(); ++i) {
      auto [b, e] = s.tokens.LineSpan(s.entries[i].title_line);
      EXPECT_EQ(std::string(s.text.substr(b, e - b)), c.titles[i]);
      EXPECT_EQ(s.entries[i].span.months(), c.months[i]);
    }
  }
}

TEST(DocumentTest, TrainingAndProse) {
  AnalyzedSource s;
  s.Analyze(SourceKind::kResume, "",
            "SUMMARY\nAnalyst with SQL from two part-time analyst roles that I "
            "combined during 2024–2025, and a current operations role.\n"
            "EXPERIENCE\n09/2022 – 06/2026\nAusbildung zum Elektroniker – Firma\n"
            "Software Developer Trainee (summer) — Kirjava Oy\nJun 2021 – Aug 2021\n",
            Taxonomy::Default(), kToday);
  ASSERT_EQ(s.entries.size(), 2u);  // the summary sentence is no entry
  EXPECT_TRUE(s.entries[0].training);
  EXPECT_TRUE(s.entries[1].training);
}

// Training that is not professional experience, in every data language:
// the entry's title or date line names the training form.
TEST(DocumentTest, TrainingEntriesInEveryLanguage) {
  const struct {
    const char* resume;
    bool training;
  } kCases[] = {
      {"EXPERIENCE\nIndustrial placement — engineering firm\nSep 2019 – Aug 2020\n", true},
      {"EXPERIENCE\nTrainee solicitor, regional firm\n2021 – 2023\n", true},
      {"EXPERIENCE\nParalegal, family law team\n2018 – 2021\n", true},
      {"EXPERIENCE\nEarly-stage startup — backend engineer\n2018 – 2021\n", false},
      {"ERFARENHET\nPraktik, redovisningsbyrå\n2020 – 2020\n", true},
      {"ARBEIDSERFARING\nLærling, elektroinstallatør\n2016 – 2018\n", true},
      {"ARBEJDSERFARING\nPraktikant, revisionsfirma\n2019 – 2019\n", true},
      {"TYÖKOKEMUS\nTyöharjoittelu, tilitoimisto\n2022 – 2022\n", true},
      {"TYÖKOKEMUS\nKirjanpitäjä, tilitoimisto\n2022 – 2024\n", false},
      {"BERUFSERFAHRUNG\nPraktikum Buchhaltung\n03/2019 – 08/2019\n", true},
      {"WERKERVARING\nStage bij een administratiekantoor\n2019 – 2020\nik werkte met de boekhouding en de administratie\n", true},
      {"EXPÉRIENCE PROFESSIONNELLE\nStage – cabinet comptable\n2019 – 2019\nje travaille avec les clients et la comptabilité\n", true},
      {"EXPÉRIENCE PROFESSIONNELLE\nAlternance, technicien réseau\n2020 – 2022\n", true},
      {"EXPERIENCIA\nPrácticas en una asesoría fiscal\n2021 – 2021\n", true},
      {"EXPERIENCIA\nFCT – taller mecánico\n2022 – 2022\n", true},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.resume);
    AnalyzedSource s;
    s.Analyze(SourceKind::kResume, "", c.resume, Taxonomy::Default(), kToday);
    ASSERT_EQ(s.entries.size(), 1u);
    EXPECT_EQ(s.entries[0].training, c.training);
  }
}

TEST(DocumentTest, MentionContexts) {
  AnalyzedSource s;
  s.Analyze(SourceKind::kResume, "",
            "EXPERIENCE\nDev — Acme\n2020 – 2022\n- Built Kafka consumers\n"
            "SKILLS\nPython, Go, SQL, Kafka\nINTERESTS\nKubernetes meetups\n"
            "TECHNICAL SKILLS\nPython · Java · JavaScript · TypeScript · Go · Rust · C# · "
            "C++ · Kotlin · Scala · Ruby · PHP · SQL · PostgreSQL · MySQL · MongoDB · "
            "Redis · Cassandra · DynamoDB · Elasticsearch · Kafka\n",
            Taxonomy::Default(), kToday);
  const Taxonomy& tax = Taxonomy::Default();
  std::vector<Context> kafka;
  for (const Mention& m : s.mentions) {
    if (tax.term(m.term).id == "kafka") kafka.push_back(m.context);
    if (tax.term(m.term).id == "kubernetes") {
      EXPECT_EQ(m.context, Context::kIgnored);
    }
  }
  ASSERT_EQ(kafka.size(), 3u);
  EXPECT_EQ(kafka[0], Context::kProse);
  EXPECT_EQ(kafka[1], Context::kList);
  EXPECT_EQ(kafka[2], Context::kStuffed);
  EXPECT_TRUE(s.has_stuffing);
}

}  // namespace
}  // namespace clara::screening::engine
