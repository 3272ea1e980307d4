// Generic criteria: a requirement the taxonomy does not know is looked for by
// its own content words in the candidate's text, with a verbatim quote.
// Every sentence here was written for this test.
#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/screening/engine/clara_engine.h"

namespace clara::screening::engine {
namespace {

const absl::CivilDay kToday(2026, 11, 15);

v1::Job BeekeeperJob(const char* lang, const char* body) {
  v1::Job job;
  job.set_id(91);
  job.set_title("Beekeeper");
  job.set_language_code(lang);
  job.set_body_html(body);
  return job;
}

class GenericCriterionTest : public ::testing::Test {
 protected:
  void Derive(const v1::Job& job) {
    engine_ = NewClaraEngine();
    auto r = engine_->DeriveRubric(job);
    ASSERT_TRUE(r.ok()) << r.status();
    rubric_ = *r;
    auto c = engine_->Compile(rubric_);
    ASSERT_TRUE(c.ok()) << c.status();
    compiled_ = *c;
  }
  const v1::CriterionResult& Result(const std::string& resume, v1::ScreeningResult* out) {
    v1::CandidateEvidence ev;
    ev.set_resume_text(resume);
    *out = engine_->Score(*compiled_, ev, kToday, ScoreOptions());
    return out->criteria(0);
  }
  std::unique_ptr<clara::screening::ScoringEngine> engine_;
  v1::Rubric rubric_;
  std::shared_ptr<const CompiledRubric> compiled_;
};

TEST_F(GenericCriterionTest, ContentWordsInExperienceProseAreMetWithAQuote) {
  Derive(BeekeeperJob("en", "<h3>Requirements</h3><ul><li>Experience with queen rearing and varroa treatment</li></ul>"));
  ASSERT_EQ(rubric_.criteria_size(), 1);
  const v1::Criterion& c = rubric_.criteria(0);
  EXPECT_EQ(c.requirement(), v1::REQUIREMENT_MUST);
  bool has_kw = false;
  for (const auto& t : c.terms()) has_kw |= t.rfind("kw:", 0) == 0;
  EXPECT_TRUE(has_kw) << c.DebugString();

  const struct {
    const char* name;
    std::string resume;
    v1::Verdict want;
  } kCases[] = {
      {"prose", "EXPERIENCE\nApiarist, Hill Farm\nMar 2018 – present\n- Queen rearing for 40 hives; varroa treatment each autumn.\n",
       v1::VERDICT_MET},
      {"skills list", "EXPERIENCE\nGardener, Park Trust\nJan 2015 – Dec 2020\n- Lawns and hedges.\n\nSKILLS\nQueen rearing, varroa treatment, Excel\n",
       v1::VERDICT_PARTIAL},
      {"negated", "EXPERIENCE\nGardener, Park Trust\nJan 2015 – Dec 2020\n- I have no experience of queen rearing or varroa treatment.\n",
       v1::VERDICT_MISSING},
      {"absent", "EXPERIENCE\nGardener, Park Trust\nJan 2015 – Dec 2020\n- Lawns and hedges.\n", v1::VERDICT_UNKNOWN},
      {"one word only", "EXPERIENCE\nVet nurse\nJan 2015 – Dec 2020\n- Treatment of small animals.\n", v1::VERDICT_UNKNOWN},
  };
  for (const auto& k : kCases) {
    SCOPED_TRACE(k.name);
    v1::ScreeningResult r;
    const v1::CriterionResult& cr = Result(k.resume, &r);
    EXPECT_EQ(cr.verdict(), k.want);
    for (const auto& e : cr.evidence()) {
      // The quote is re-found at its offsets in the source.
      ASSERT_LE(e.end(), k.resume.size());
      EXPECT_EQ(k.resume.substr(e.begin(), e.end() - e.begin()), e.quote());
    }
    if (k.want == v1::VERDICT_MET || k.want == v1::VERDICT_PARTIAL) EXPECT_GT(cr.evidence_size(), 0);
    if (k.want == v1::VERDICT_UNKNOWN) EXPECT_GT(r.follow_up_questions_size(), 0);
  }
}

TEST_F(GenericCriterionTest, StemsMatchInflectedAndCompoundWords) {
  // German: the stem of "Imkerei" is found inside "Bio-Imkereibetrieb"? No —
  // only as a word prefix or, from six letters on, inside a compound.
  Derive(BeekeeperJob("de", "<h3>Ihr Profil</h3><ul><li>Erfahrung in der Königinnenzucht</li></ul>"));
  v1::ScreeningResult r;
  EXPECT_EQ(Result("BERUFSERFAHRUNG\nImker, Hof Lindenblüte\n03/2016 – heute\n- Verantwortlich für die Königinnenzuchten und die Varroabehandlung.\n", &r)
                .verdict(),
            v1::VERDICT_MET);
  // Finnish: inflected forms share the stem.
  Derive(BeekeeperJob("fi", "<h3>Toivomme sinulta</h3><ul><li>kokemusta mehiläistarhauksesta</li></ul>"));
  EXPECT_EQ(Result("TYÖKOKEMUS\nMehiläistarhaaja, Hunajatila Oy\n2017 – nykyään\n- Vastasin mehiläistarhauksen kevättöistä.\n", &r).verdict(),
            v1::VERDICT_MET);
}

TEST_F(GenericCriterionTest, AnAdWithNothingRecognisableStillHasAMustHave) {
  Derive(BeekeeperJob("xx", "<p>Bzzt.</p>"));
  ASSERT_GE(rubric_.criteria_size(), 1);
  EXPECT_EQ(rubric_.criteria(0).requirement(), v1::REQUIREMENT_MUST);
}

TEST_F(GenericCriterionTest, EitherOrRequirementsAreMetByAnyAlternative) {
  // A trade certificate, or three years of experience in the trade instead.
  Derive(BeekeeperJob("no", "<h3>Kvalifikasjoner</h3><ul><li>Fagbrev som tømrer – eller minst tre års erfaring "
                            "som tømrer</li></ul>"));
  ASSERT_EQ(rubric_.criteria_size(), 2) << rubric_.DebugString();
  const v1::Criterion& alt = rubric_.criteria(1);
  EXPECT_EQ(alt.kind(), v1::CRITERION_KIND_EXPERIENCE_YEARS);
  EXPECT_NE(std::find(alt.terms().begin(), alt.terms().end(), "mod:alt=" + rubric_.criteria(0).id()),
            alt.terms().end());
  v1::ScreeningResult r;
  // No certificate, but four years in the trade: the requirement is met.
  const v1::CriterionResult& first =
      Result("ARBEIDSERFARING\nTømrer, Byggmester Hansen AS\n2021 – nå\n- Reisverk og taktekking.\n", &r);
  EXPECT_EQ(first.verdict(), v1::VERDICT_MET);
  EXPECT_EQ(r.criteria(1).verdict(), v1::VERDICT_MET);
  // Neither: missing, and the alternative is no second must-have.
  Result("ARBEIDSERFARING\nButikkmedarbeider, Kiwi\n2021 – nå\n- Kasse og varemottak.\n", &r);
  EXPECT_NE(r.criteria(0).verdict(), v1::VERDICT_MET);
  EXPECT_LE(r.follow_up_questions_size(), 1);
}

TEST_F(GenericCriterionTest, TwoRequirementsJoinedByAndOfDifferentKindsAreTwoCriteria) {
  Derive(BeekeeperJob("en", "<h3>Requirements</h3><ul><li>At least three years as a Python developer and "
                            "comfortable with Kubernetes in production</li><li>Docker and Kubernetes</li></ul>"));
  ASSERT_EQ(rubric_.criteria_size(), 3) << rubric_.DebugString();
  EXPECT_EQ(rubric_.criteria(0).kind(), v1::CRITERION_KIND_EXPERIENCE_YEARS);
  EXPECT_EQ(rubric_.criteria(1).kind(), v1::CRITERION_KIND_SKILL);
  // One kind on both sides stays one criterion ("Docker and Kubernetes").
  EXPECT_EQ(rubric_.criteria(2).kind(), v1::CRITERION_KIND_SKILL);
}

TEST_F(GenericCriterionTest, DocumentsChecksAndRegistrationsInSeveralLanguages) {
  // A document the candidate holds, stated anywhere but a skills list, meets
  // the requirement; a plan to get it does not.
  const struct {
    const char* lang;
    const char* requirement;
    const char* held;
    const char* planned;
  } kCases[] = {
      {"en", "An enhanced DBS check", "Enhanced DBS check on the Update Service (2024)",
       "I will apply for an enhanced DBS check once I have an offer"},
      {"en", "Registration with the GPhC", "Registered pharmacist, GPhC registration since 2019",
       "GPhC registration planned for next year"},
      {"de", "Ein erweitertes Führungszeugnis", "Erweitertes Führungszeugnis liegt vor (März 2026)",
       "Erweitertes Führungszeugnis ist beantragt und geplant"},
      {"nl", "Een geldige VOG", "VOG aanwezig, afgegeven in 2025", "VOG wordt binnenkort aangevraagd, gepland"},
      {"sv", "Utdrag ur belastningsregistret", "Utdrag ur belastningsregistret finns (2026)",
       "Jag planerar att beställa utdrag ur belastningsregistret"},
      {"fi", "Voimassa oleva hygieniapassi", "Hygieniapassi, voimassa 2029 asti",
       "Aion suorittaa hygieniapassin ensi kuussa, suunnitteilla"},
  };
  for (const auto& k : kCases) {
    SCOPED_TRACE(k.requirement);
    Derive(BeekeeperJob(k.lang, absl::StrCat("<h3>Requirements</h3><ul><li>", k.requirement, "</li></ul>").c_str()));
    ASSERT_EQ(rubric_.criteria_size(), 1) << rubric_.DebugString();
    v1::ScreeningResult r;
    std::string held = absl::StrCat("OTHER\n", k.held, "\n");
    EXPECT_EQ(Result(held, &r).verdict(), v1::VERDICT_MET) << rubric_.criteria(0).DebugString();
    std::string planned = absl::StrCat("OTHER\n", k.planned, "\n");
    EXPECT_NE(Result(planned, &r).verdict(), v1::VERDICT_MET);
  }
}

TEST_F(GenericCriterionTest, WorkAuthorizationInItsPhrasingsIsNoGenericCriterion) {
  // The résumé is de-identified of nationality, so a generic criterion could
  // never be met: these lines are the work-authorization criterion.
  const struct {
    const char* lang;
    const char* line;
  } kCases[] = {
      {"en", "A valid permit to work in the UK"},
      {"sv", "Tillstånd att arbeta i Sverige"},
      {"fr", "Autorisation de travail en France"},
      {"es", "Permiso de trabajo en vigor"},
  };
  for (const auto& k : kCases) {
    SCOPED_TRACE(k.line);
    Derive(BeekeeperJob(k.lang, absl::StrCat("<h3>Requirements</h3><ul><li>", k.line, "</li></ul>").c_str()));
    ASSERT_EQ(rubric_.criteria_size(), 1);
    EXPECT_EQ(rubric_.criteria(0).kind(), v1::CRITERION_KIND_WORK_AUTHORIZATION);
  }
}

TEST_F(GenericCriterionTest, WithoutAnEvaluableMustHaveARecruiterReviews) {
  // Only nice-to-haves: the score may be high, the decision is a person's.
  Derive(BeekeeperJob("en", "<h3>Nice to have</h3><ul><li>Experience with queen rearing</li></ul>"));
  v1::ScreeningResult r;
  Result("EXPERIENCE\nApiarist\nMar 2018 – present\n- Queen rearing for 40 hives.\n", &r);
  EXPECT_EQ(r.qualification(), v1::QUALIFICATION_LEVEL_NEEDS_REVIEW);
  EXPECT_NE(std::find(r.tags().begin(), r.tags().end(), "clara-no-evaluable-must-have"), r.tags().end());
}


// Computer skills are a basic competence: a skills line naming office
// software shows them in any language; a homograph ("lærer" is "teacher"
// and "learns") does not turn the line into a teaching requirement.
TEST_F(GenericCriterionTest, ComputerSkillsAreABasicCompetenceInSeveralLanguages) {
  const struct {
    const char* lang;
    const char* line;
    const char* resume;
  } kCases[] = {
      {"no", "Du er trygg på PC og lærer nye verktøy raskt",
       "ERFARING\nButikkmedarbeider, Sportshuset\njan 2021 – nå\n- Salg og kasse.\n\nFERDIGHETER\nMicrosoft Office, Outlook\n"},
      {"sv", "God datorvana",
       "ERFARENHET\nKassabiträde, Hallens Livs\njan 2020 – nu\n- Kassa och påfyllning.\n\nKOMPETENSER\nExcel, Word\n"},
      {"de", "Sichere PC-Kenntnisse",
       "BERUFSERFAHRUNG\nVerkäuferin, Modehaus Kern\n01/2019 – heute\n- Beratung und Kasse.\n\nKENNTNISSE\nMS Office, SAP\n"},
      {"en", "Computer literate", "EXPERIENCE\nReceptionist, Dental Care\nJan 2019 – present\n- Bookings in the CRM system and invoices in Excel.\n"},
  };
  for (const auto& k : kCases) {
    SCOPED_TRACE(k.line);
    Derive(BeekeeperJob(k.lang, absl::StrCat("<h3>Krav</h3><ul><li>", k.line, "</li></ul>").c_str()));
    ASSERT_EQ(rubric_.criteria_size(), 1) << rubric_.DebugString();
    const v1::Criterion& c = rubric_.criteria(0);
    ASSERT_EQ(c.terms_size(), 1) << c.DebugString();
    EXPECT_EQ(c.terms(0), "computer_literacy");
    v1::ScreeningResult r;
    EXPECT_EQ(Result(k.resume, &r).verdict(), v1::VERDICT_MET);
    EXPECT_EQ(Result("ERFARING\nSnekker\n2015 – 2020\n- Tak og vinduer.\n", &r).verdict(), v1::VERDICT_UNKNOWN);
  }
}

TEST_F(GenericCriterionTest, AHomographReadsAsTheRoleOnlyWhereANounStands) {
  Derive(BeekeeperJob("no", "<h3>Krav</h3><ul><li>Erfaring som lærer i grunnskolen</li></ul>"));
  ASSERT_GE(rubric_.criteria_size(), 1);
  bool teacher = false;
  for (const auto& t : rubric_.criteria(0).terms()) teacher |= t == "teacher";
  EXPECT_TRUE(teacher) << rubric_.DebugString();
}

// People leadership and demand generation are named in every language
// (personalansvar, Führungserfahrung, leidinggevende ervaring, encadrement).
TEST_F(GenericCriterionTest, PeopleLeadershipIsReadInSeveralLanguages) {
  Derive(BeekeeperJob("en", "<h3>Requirements</h3><ul><li>You have managed people before</li></ul>"));
  ASSERT_EQ(rubric_.criteria_size(), 1) << rubric_.DebugString();
  const char* kResumes[] = {
      "ERFARENHET\nButikschef, Sportlagret\n2019 – nu\n- Personalansvar för tolv medarbetare.\n",
      "BERUFSERFAHRUNG\nFilialleiterin, Bäckerei Sonne\n2018 – heute\n- Personalverantwortung für acht Mitarbeitende.\n",
      "WERKERVARING\nVestigingsmanager, Fietsplaats\n2017 – heden\n- Leidinggevende van een team van zes monteurs.\n",
      "EXPÉRIENCE\nResponsable de magasin, Maison Lune\n2016 – aujourd'hui\n- Encadrement d'une équipe de cinq vendeurs.\n",
  };
  for (const char* resume : kResumes) {
    SCOPED_TRACE(resume);
    v1::ScreeningResult r;
    EXPECT_EQ(Result(resume, &r).verdict(), v1::VERDICT_MET) << r.DebugString() << rubric_.DebugString();
  }
}

// A qualification whose line says it is in progress or planned is not held;
// a care aide's title is not an assistant nurse's qualification; "or an
// equivalent older education" adds no alternative of its own.
TEST_F(GenericCriterionTest, QualificationsInProgressNeighboursAndEquivalents) {
  Derive(BeekeeperJob("sv", "<h3>Krav</h3><ul><li>Du är utbildad undersköterska eller har motsvarande äldre utbildning</li></ul>"));
  ASSERT_EQ(rubric_.criteria_size(), 1) << rubric_.DebugString();
  const struct {
    const char* name;
    const char* resume;
    v1::Verdict want;
  } kCases[] = {
      {"completed", "UTBILDNING\nVård- och omsorgsprogrammet, Vuxenutbildningen Norrby, 2019\n", v1::VERDICT_MET},
      {"in progress", "UTBILDNING\nVård- och omsorgsprogrammet, Vuxenutbildningen Norrby – pågående, examen planerad 2027\n",
       v1::VERDICT_PARTIAL},
      {"care aide", "ERFARENHET\nVårdbiträde, Norrby kommun\n2014 – nu\n- Omvårdnad i hemmet.\n", v1::VERDICT_UNKNOWN},
      {"older only as a word", "PROFIL\nJag brinner för äldreomsorg och har arbetat på ett äldreboende.\n", v1::VERDICT_UNKNOWN},
  };
  for (const auto& k : kCases) {
    SCOPED_TRACE(k.name);
    v1::ScreeningResult r;
    EXPECT_EQ(Result(k.resume, &r).verdict(), k.want) << r.DebugString();
  }

  Derive(BeekeeperJob("de", "<h3>Ihr Profil</h3><ul><li>Abgeschlossene Ausbildung als Fachinformatiker für Systemintegration</li></ul>"));
  v1::ScreeningResult r;
  EXPECT_EQ(Result("AUSBILDUNG\nFachinformatiker für Systemintegration (IHK), Berufsschule Nord, 2018\n", &r).verdict(),
            v1::VERDICT_MET);
  EXPECT_NE(Result("AUSBILDUNG\nFachinformatiker für Systemintegration (IHK) – laufend, voraussichtlicher Abschluss 07/2027\n", &r)
                .verdict(),
            v1::VERDICT_MET);
}

// A line holding only a licence class under a licence heading ("B") is the
// class, not a new section heading.
TEST_F(GenericCriterionTest, ALicenceClassAloneUnderItsHeading) {
  Derive(BeekeeperJob("sv", "<h3>Krav</h3><ul><li>B-körkort</li></ul>"));
  v1::ScreeningResult r;
  EXPECT_EQ(Result("ERFARENHET\nBud, Norrby Post\n2019 – nu\n\nKÖRKORT\nB\n\nSPRÅK\nSvenska\n", &r).verdict(), v1::VERDICT_MET)
      << r.DebugString();
  EXPECT_NE(Result("ERFARENHET\nBud, Norrby Post\n2019 – nu\n\nKÖRKORT\nAM\n\nSPRÅK\nSvenska\n", &r).verdict(), v1::VERDICT_MET);
}

// A disposition ("you enjoy coaching", "Sie arbeiten gern im Team", "trivs
// med högt tempo") that the résumé does not speak to is left to a
// recruiter: it neither fails nor caps a candidate who meets the rest.
TEST_F(GenericCriterionTest, ADispositionNobodyWritesDownDoesNotCapTheScore) {
  const struct {
    const char* lang;
    const char* body;
  } kCases[] = {
      {"en", "<h3>Requirements</h3><ul><li>Experience with queen rearing and varroa treatment</li><li>You enjoy coaching new colleagues</li></ul>"},
      {"de", "<h3>Ihr Profil</h3><ul><li>Experience with queen rearing and varroa treatment</li><li>Sie arbeiten gern selbstständig und im Team</li></ul>"},
      {"sv", "<h3>Krav</h3><ul><li>Experience with queen rearing and varroa treatment</li><li>Du trivs med högt tempo och varierande uppgifter</li></ul>"},
  };
  for (const auto& k : kCases) {
    SCOPED_TRACE(k.body);
    Derive(BeekeeperJob(k.lang, k.body));
    ASSERT_EQ(rubric_.criteria_size(), 2) << rubric_.DebugString();
    bool trait = false;
    for (const auto& t : rubric_.criteria(1).terms()) trait |= t == "mod:trait";
    EXPECT_TRUE(trait) << rubric_.DebugString();
    v1::ScreeningResult r;
    Result("EXPERIENCE\nApiarist, Hill Farm\nMar 2018 – present\n- Queen rearing for 40 hives; varroa treatment each autumn.\n", &r);
    EXPECT_EQ(r.criteria(0).verdict(), v1::VERDICT_MET);
    EXPECT_EQ(r.criteria(1).verdict(), v1::VERDICT_UNKNOWN) << r.criteria(1).DebugString() << rubric_.criteria(1).DebugString();
    EXPECT_EQ(r.grade(), v1::GRADE_TOP_FIT) << r.DebugString();
  }
}
}  // namespace
}  // namespace clara::screening::engine
