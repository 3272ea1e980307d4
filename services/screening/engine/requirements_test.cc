// Requirement lines by structure and modality, in every language with data.
// Every sentence here was written for this test.
#include "services/screening/engine/requirements.h"

#include "gtest/gtest.h"

namespace clara::screening::engine {
namespace {

TEST(ClassifyHeadingTest, EveryLanguagesSectionWords) {
  const struct {
    const char* heading;
    SectionKind want;
  } kCases[] = {
      {"What you'll need", SectionKind::kMust},
      {"Nice to have", SectionKind::kNice},
      {"Bonus points", SectionKind::kNice},
      {"What we offer", SectionKind::kOffer},
      {"Your responsibilities", SectionKind::kTasks},
      {"Person specification", SectionKind::kMust},
      {"Vi söker dig som", SectionKind::kMust},
      {"Det är meriterande om du", SectionKind::kNice},
      {"Vi erbjuder", SectionKind::kOffer},
      {"Dine arbeidsoppgaver", SectionKind::kTasks},
      {"Det er en fordel om du", SectionKind::kNice},
      {"Dine kvalifikationer", SectionKind::kMust},
      {"Toivomme sinulta", SectionKind::kMust},
      {"Eduksi katsotaan", SectionKind::kNice},
      {"Tarjoamme", SectionKind::kOffer},
      {"Das bringst du mit", SectionKind::kMust},
      {"Wünschenswert", SectionKind::kNice},
      {"Ihre Aufgaben", SectionKind::kTasks},
      {"Wat vragen wij?", SectionKind::kMust},
      {"Wat bieden wij?", SectionKind::kOffer},
      {"Profil recherché", SectionKind::kMust},
      {"Les plus", SectionKind::kNice},
      {"Requisitos", SectionKind::kMust},
      {"Se valorará", SectionKind::kNice},
      {"Funciones", SectionKind::kTasks},
      {"Our story so far", SectionKind::kUnknown},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.heading);
    EXPECT_EQ(ClassifyHeading(c.heading), c.want);
  }
}

TEST(ItemModalityTest, SoftAndHardCuesInNineLanguages) {
  const struct {
    const char* item;
    SectionKind want;
  } kCases[] = {
      {"Ideally experience with Kubernetes", SectionKind::kNice},
      {"Knowledge of Tableau would be an advantage", SectionKind::kNice},
      {"You must hold a valid forklift licence", SectionKind::kMust},
      {"Experience with payroll software", SectionKind::kUnknown},
      {"Du har gärna arbetat med lagersystem", SectionKind::kNice},
      {"Truckkort är ett krav", SectionKind::kMust},
      {"Det er ønskelig med erfaring fra lager", SectionKind::kNice},
      {"Du må ha gyldig førerkort", SectionKind::kMust},
      {"Det er en fordel hvis du har truckcertifikat", SectionKind::kNice},
      {"Kokemus asiakaspalvelusta katsotaan eduksi", SectionKind::kNice},
      {"Hygieniapassi vaaditaan", SectionKind::kMust},
      {"Erfahrung mit SAP ist von Vorteil", SectionKind::kNice},
      {"Ein Staplerschein ist zwingend erforderlich", SectionKind::kMust},
      {"Ervaring met Excel is een pré", SectionKind::kNice},
      {"Je moet in het weekend kunnen werken", SectionKind::kMust},
      {"La connaissance de Python est un plus", SectionKind::kNice},
      {"Le permis B est obligatoire", SectionKind::kMust},
      {"Se valorará experiencia en ventas", SectionKind::kNice},
      {"Carné de conducir imprescindible", SectionKind::kMust},
      {"Spanish is useful with suppliers, but not required", SectionKind::kNice},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.item);
    EXPECT_EQ(ItemModality(c.item), c.want);
  }
}

struct Line {
  std::string text;
  bool must;
};

std::vector<Line> Lines(const char* html) {
  std::vector<Line> out;
  for (const RequirementLine& r : ExtractRequirements(html)) out.push_back({r.text, r.must});
  return out;
}

void ExpectLines(const char* html, const std::vector<Line>& want) {
  SCOPED_TRACE(html);
  std::vector<Line> got = Lines(html);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].text, want[i].text);
    EXPECT_EQ(got[i].must, want[i].must) << got[i].text;
  }
}

TEST(ExtractRequirementsTest, SectionsByHeadingSkipTasksAndOffers) {
  ExpectLines(
      "<p>We bake bread.</p><h3>Your day</h3><ul><li>Shape loaves at dawn</li></ul>"
      "<h3>Requirements</h3><ul><li>Two years in a craft bakery</li><li>Food hygiene certificate</li></ul>"
      "<h3>Nice to have</h3><ul><li>Sourdough know-how</li></ul>"
      "<h3>What we offer</h3><ul><li>Free bread</li></ul>",
      {{"Two years in a craft bakery", true}, {"Food hygiene certificate", true}, {"Sourdough know-how", false}});
}

TEST(ExtractRequirementsTest, ASoftCueMakesTheItemOrItsClauseNice) {
  ExpectLines(
      "<h3>Kvalifikasjoner</h3><ul><li>Gjerne erfaring fra varelager</li>"
      "<li>Solid SQL skills, ideally with PostgreSQL</li>"
      "<li>Dutch – handy with suppliers, but not required</li></ul>",
      {{"Gjerne erfaring fra varelager", false},
       {"Solid SQL skills", true},
       {"ideally with PostgreSQL", false},
       {"Dutch – handy with suppliers, but not required", false}});
}

TEST(ExtractRequirementsTest, AClauseAfterTheNiceOneKeepsTheSectionsModality) {
  ExpectLines(
      "<h3>Ihr Profil</h3><p>Sie haben eine abgeschlossene Ausbildung als Tischler, idealerweise mit "
      "Meisterbrief, und arbeiten sicher mit CNC-Maschinen.</p>",
      {{"Sie haben eine abgeschlossene Ausbildung als Tischler", true},
       {"idealerweise mit Meisterbrief", false},
       {"und arbeiten sicher mit CNC-Maschinen", true}});
}

TEST(ExtractRequirementsTest, AnUnknownHeadingReadsAsRequirementsWhenItsItemsDo) {
  ExpectLines(
      "<h3>Is this you?</h3><ul><li>Experience with pallet racking</li>"
      "<li>Knowledge of Excel</li><li>Calm under pressure</li></ul>"
      "<h3>A day with us</h3><ul><li>Unload lorries</li><li>Count stock</li></ul>",
      {{"Experience with pallet racking", true}, {"Knowledge of Excel", true}, {"Calm under pressure", true}});
}

TEST(ExtractRequirementsTest, EssentialDesirableTable) {
  ExpectLines(
      "<h3>Person specification</h3><table><tr><th>Criteria</th><th>Essential</th><th>Desirable</th></tr>"
      "<tr><td>Registered nurse</td><td>✓</td><td></td></tr>"
      "<tr><td>Theatre experience</td><td></td><td>✓</td></tr></table>",
      {{"Registered nurse", true}, {"Theatre experience", false}});
}

TEST(ExtractRequirementsTest, ProseWithCuesAndAbbreviations) {
  ExpectLines(
      "<p>We are a small bakery in Leeds. You must have a food hygiene certificate. "
      "Allergen training (e.g. an online module) would be a plus.</p>",
      {{"You must have a food hygiene certificate", true},
       {"Allergen training (e.g. an online module) would be a plus", false}});
}

TEST(ExtractRequirementsTest, NeverEmptyWhenTheAdHasListsOrRequirementSentences) {
  // No heading, no cue, no signal: the list items are the requirements.
  ExpectLines("<p>Hello!</p><ul><li>Forklift</li><li>Night shifts</li></ul>",
              {{"Forklift", true}, {"Night shifts", true}});
  EXPECT_TRUE(Lines("").empty());
}

TEST(ContentWordsTest, DropsFunctionWordsCuesAndRequirementNouns) {
  const struct {
    const char* item;
    std::vector<std::string> want;
  } kCases[] = {
      {"Erfahrung in der Immobilienverwaltung ist von Vorteil", {"immobilienverwaltung"}},
      {"Ideally experience with cleanroom design", {"cleanroom", "design"}},
      {"Kokemus fine dining -ravintolasta", {"fine", "dining", "ravintolasta"}},
      {"Ervaring met hoogbouwstellingen", {"hoogbouwstellingen"}},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.item);
    EXPECT_EQ(ContentWords(c.item), c.want);
  }
}

}  // namespace
}  // namespace clara::screening::engine
