#include "services/screening/engine/negation.h"

#include <map>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "services/screening/engine/lang_data.h"

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
      // Verb-final negation, at the end of its clause.
      {"Mit DATEV habe ich bisher nicht gearbeitet – die Buchhaltung lief extern", "datev", true},
      {"SAP heb ik nog nooit gebruikt.", "sap", true},
      {"Kafka har jag inte jobbat med.", "kafka", true},
      {"Excel kann ich gut, SAP nicht", "excel", false},
      {"DATEV nutze ich nicht nur für Lohn, sondern auch für die Buchhaltung", "datev", false},
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

// Negation in every data language: a cue earlier in the clause negates.
TEST(NegationTest, NegatedInEveryLanguage) {
  const struct {
    const char* lang;
    const char* text;
    const char* word;
    bool negated;
  } kCases[] = {
      {"en", "Never used Jira at work", "jira", true},
      {"sv", "Har aldrig arbetat i Jira", "jira", true},
      {"no", "Har ikke brukt Jira", "jira", true},
      {"da", "Uden erfaring med Jira", "jira", true},
      {"fi", "Ei kokemusta Jirasta eikä SAPista", "sapista", true},
      {"fi", "En ole käyttänyt SAPia", "sapia", true},
      {"fi", "Käytin SAPia päivittäin", "sapia", false},
      {"de", "Bisher nie mit Jira gearbeitet", "jira", true},
      {"nl", "Nooit met Jira gewerkt", "jira", true},
      {"fr", "Pas d'expérience en comptabilité SAP", "sap", true},
      {"fr", "Sans connaissance de SAP", "sap", true},
      {"fr", "Utilisation quotidienne de SAP", "sap", false},
      {"es", "Sin experiencia en SAP", "sap", true},
      {"es", "Nunca he trabajado con SAP", "sap", true},
      {"es", "Uso diario de SAP", "sap", false},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(std::string(c.lang) + ": " + c.text + " / " + c.word);
    TokenizedText t;
    t.Reset(c.text);
    std::vector<uint16_t> cues;
    ComputeCues(t, &cues);
    uint32_t i = Find(t, c.word);
    ASSERT_LT(i, t.size());
    EXPECT_EQ(IsNegated(t, cues, i), c.negated);
  }
}

// A planned, booked or in-progress licence or certificate: the line is not
// evidence of holding it, in every data language.
TEST(NegationTest, PlansInEveryLanguage) {
  const struct {
    const char* lang;
    const char* text;
    const char* word;
    bool plan;
  } kCases[] = {
      {"en", "Forklift licence: due to complete in March", "licence", true},
      {"en", "Currently studying for the CCNA exam", "ccna", true},
      {"en", "Driving licence test booked for May", "licence", true},
      {"en", "Driving licence (full, clean)", "licence", false},
      {"en", "Production planning in SAP since 2019", "sap", false},
      {"sv", "Körkort B – ska ta det under hösten", "korkort", true},
      {"sv", "Truckkort: kommer att gå utbildningen i vår", "truckkort", true},
      {"sv", "B-körkort sedan 2015", "korkort", false},
      {"no", "Førerkort klasse B: skal ta oppkjøring i høst", "forerkort", true},
      {"no", "Truckførerbevis – jeg vil ta det neste år", "truckforerbevis", true},
      {"no", "Førerkort klasse B", "forerkort", false},
      {"da", "Kørekort: skal tage det til foråret", "korekort", true},
      {"da", "Kørekort B, planlagt 2027", "korekort", true},
      {"fi", "Ajokortti B: olen suorittamassa sitä", "ajokortti", true},
      {"fi", "Trukkikortti – suoritan kurssin keväällä", "trukkikortti", true},
      {"fi", "Ajokortti B", "ajokortti", false},
      {"de", "Führerschein Klasse B – ich plane die Prüfung im Sommer", "fuhrerschein", true},
      {"de", "Staplerschein: Lehrgang angemeldet", "staplerschein", true},
      {"de", "Führerschein Klasse B seit 2012", "fuhrerschein", false},
      {"nl", "Rijbewijs B: ik ben van plan het te halen", "rijbewijs", true},
      {"nl", "Heftruckcertificaat – ik ga de cursus volgen", "heftruckcertificaat", true},
      {"fr", "Permis B en cours d'obtention", "permis", true},
      {"fr", "CACES : je souhaite me former à la conduite de chariots", "caces", true},
      {"fr", "Permis B depuis 2010", "permis", false},
      {"es", "Carné de conducir B: voy a examinarme en junio", "carne", true},
      {"es", "Carné B previsto para 2027", "carne", true},
      {"es", "Carné B desde 2014", "carne", false},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(std::string(c.lang) + ": " + c.text);
    TokenizedText t;
    t.Reset(c.text);
    std::vector<uint16_t> cues;
    ComputeCues(t, &cues);
    uint32_t i = Find(t, c.word);
    ASSERT_LT(i, t.size());
    EXPECT_EQ(LineNegated(t, cues, i), c.plan);
  }
}

// Training cues, including phrases and a word that is a cue in one
// language only ("stage" in French and Dutch, not in English).
TEST(NegationTest, TrainingCues) {
  const struct {
    Lang lang;
    const char* text;
    const char* word;
    bool training;
  } kCases[] = {
      {Lang::kFr, "Stage – assistante comptable", "stage", true},
      {Lang::kNl, "Stage bij een accountantskantoor", "stage", true},
      {Lang::kEn, "Early stage startup, backend engineer", "stage", false},
      {Lang::kEn, "Training contract, a City law firm", "contract", true},
      {Lang::kFi, "Kesäharjoittelija, tilitoimisto", "kesaharjoittelija", true},
      {Lang::kFi, "Työssäoppiminen, autokorjaamo", "tyossaoppiminen", true},
      {Lang::kDe, "Rechtsreferendarin am Landgericht", "rechtsreferendarin", true},
      {Lang::kSv, "Lärling, elfirma", "larling", true},
      {Lang::kNo, "Lærling, rørleggerfirma", "laerling", true},
      {Lang::kFr, "Alternance – technicien réseau", "alternance", true},
      {Lang::kEn, "Prácticas en una gestoría", "practicas", true},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.text);
    TokenizedText t;
    t.Reset(c.text);
    std::vector<uint16_t> cues;
    ComputeCues(t, c.lang, &cues);
    uint32_t i = Find(t, c.word);
    ASSERT_LT(i, t.size());
    EXPECT_EQ((cues[i] & kCueTraining) != 0, c.training);
  }
}

// Every data language has negation, plan and training cues, and every row
// a known class.
TEST(NegationTest, DataFiles) {
  std::map<std::string, std::set<std::string>> classes;
  for (const LangRow& r : LangRows("cues.tsv")) {
    ASSERT_GE(r.fields.size(), 2u) << r.lang << ": " << r.fields[0];
    const std::string cls(r.fields[1]);
    EXPECT_TRUE(cls == "negation" || cls == "plan" || cls == "yet" || cls == "interest" ||
                cls == "qualifier" || cls == "course" || cls == "training" ||
                cls == "consumer" || cls == "business")
        << r.lang << ": " << r.fields[0] << " " << cls;
    if (r.fields.size() > 2) EXPECT_EQ(r.fields[2], "only") << r.fields[0];
    classes[std::string(r.lang)].insert(cls);
  }
  for (std::string_view lang : DataLanguages()) {
    SCOPED_TRACE(lang);
    for (const char* cls : {"negation", "plan", "training"}) {
      EXPECT_TRUE(classes[std::string(lang)].count(cls)) << cls;
    }
  }
}

TEST(NegationTest, CueWords) {
  EXPECT_TRUE(CueOf("ausbildung") & kCueTraining);
  EXPECT_TRUE(CueOf("schnupperpraktikum") & kCueTraining);
  EXPECT_TRUE(CueOf("households") & kCueConsumer);
  EXPECT_TRUE(CueOf("b2b") & kCueBusiness);
  EXPECT_TRUE(CueOf("tyoharjoittelu") & kCueTraining);
  EXPECT_TRUE(CueOf("staplerkurs") & kCueCourse);
  EXPECT_TRUE(CueOf("noch") & kCueYet);
  EXPECT_EQ(CueOf("planning"), 0);  // "production planning" is a skill
  EXPECT_EQ(CueOf("stage"), 0);     // a cue in French and Dutch text only
  EXPECT_EQ(CueOf("python"), 0);
}

}  // namespace
}  // namespace clara::screening::engine
