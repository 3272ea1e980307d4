#include "services/screening/engine/levels.h"

#include <string>

#include "gtest/gtest.h"

namespace clara::screening::engine {
namespace {

uint32_t Find(const TokenizedText& t, const char* word) {
  for (uint32_t i = 0; i < t.size(); ++i) {
    if (t.folded(i) == word) return i;
  }
  return static_cast<uint32_t>(t.size());
}

TEST(LevelsTest, CandidateLanguageLevels) {
  const struct {
    const char* text;
    const char* language;
    int level;
  } kCases[] = {
      {"Polish – native · English – fluent (C1, daily working language)", "english", 5},
      {"Polish – native · English – fluent (C1, daily working language)", "polish", 6},
      {"Danish – B1 (evening course at the Volkshochschule, currently B2 course)", "danish", 3},
      {"Danish – good (I understand everything and call prospects)", "danish", 4},
      {"English: very good (spoken and written)", "english", 4},
      {"Swedish – basic (A2, school Swedish)", "swedish", 2},
      {"Deutsch – Muttersprache", "deutsch", 6},
      {"Engelsk – flytende (muntlig og skriftlig)", "engelsk", 5},
      {"Svenska – modersmål, engelska – goda kunskaper i tal och skrift", "engelska", 4},
      {"German – B2 (telc Deutsch B2, 2021; daily work language)", "german", 4},
      {"I am fluent in German", "german", 5},
      {"Swedish – understand", "swedish", 2},
      {"English", "english", 0},
  };
  const char* kLanguages[] = {"english", "polish", "danish", "swedish", "deutsch",
                              "engelsk", "svenska", "engelska", "german"};
  for (const auto& c : kCases) {
    SCOPED_TRACE(std::string(c.text) + " / " + c.language);
    TokenizedText t;
    t.Reset(c.text);
    auto is_lang = [&](size_t i) {
      for (const char* l : kLanguages) {
        if (t.folded(i) == l) return true;
      }
      return false;
    };
    uint32_t i = Find(t, c.language);
    ASSERT_LT(i, t.size());
    EXPECT_EQ(LevelNear(t, i, i + 1, is_lang, false), c.level);
  }
}

TEST(LevelsTest, RequirementWords) {
  const struct {
    const char* word;
    int level;
  } kCases[] = {{"well", 5},   {"excellent", 5}, {"obehindrat", 5}, {"c1", 5},
                {"b2", 4},     {"gute", 4},      {"comfortable", 4}, {"b1", 3},
                {"native", 6}, {"python", 0}};
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.word);
    EXPECT_EQ(LevelOfWord(c.word, true), c.level);
  }
  EXPECT_EQ(LevelOfWord("well", false), 0);
}

TEST(LevelsTest, LicenceClasses) {
  const struct {
    const char* text;
    const char* keyword;
    const char* classes;
  } kCases[] = {
      {"B-körkort", "korkort", "B"},
      {"Körkort B", "korkort", "B"},
      {"Truckkort A1–A3 och B1–B2 enligt TLP10 (2019)", "truckkort", "A+B"},
      {"Truckkort A och B (TLP10), 2017", "truckkort", "A+B"},
      {"Truckkort B (motviktstruck), 2016", "truckkort", "B"},
      {"Har truckkort för A- och B-truck", "truckkort", "A+B"},
      {"Führerschein Klasse B", "fuhrerschein", "B"},
      {"Besitzt du einen gültigen Führerschein der Klasse B?", "fuhrerschein", "B"},
      {"Driving licence: class B", "licence", "B"},
      {"Forklift licence course (during the temporary agency time), 2021", "licence", ""},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.text);
    TokenizedText t;
    t.Reset(c.text);
    uint32_t i = Find(t, c.keyword);
    ASSERT_LT(i, t.size());
    EXPECT_EQ(ClassSetToString(ClassesNear(t, i, i + 1)), c.classes);
  }
}

TEST(LevelsTest, ClassesOnLine) {
  const struct {
    const char* line;
    const char* classes;
  } kCases[] = {{"Klasse B, BE (eigenes Fahrzeug vorhanden)", "B"},
                {"Klasse B, C1E", "B+C"},
                {"Class B (EU licence, since 2013)", "B"},
                {"Nein – Führerscheinprüfung Klasse B für Januar 2027 geplant", "B"}};
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.line);
    TokenizedText t;
    t.Reset(c.line);
    EXPECT_EQ(ClassSetToString(ClassesOnLine(t, 0)), c.classes);
  }
}

// Class codes read around a licence keyword, in the keyword's scheme
// (data/licences.tsv), with UK "+E" notation and equipment words.
TEST(LevelsTest, LicenceCodesNear) {
  const struct {
    const char* family;
    const char* text;
    const char* keyword;
    const char* codes;
  } kCases[] = {
      {"lic_car", "Driving licence: B, B+E, C1+E", "licence", "B+BE+C1E"},
      {"lic_car", "CE-körkort sedan 2012", "korkort", "CE"},
      {"lic_car", "Führerschein Klasse C1E", "fuhrerschein", "C1E"},
      {"lic_car", "Førerkort klasse D1", "forerkort", "D1"},
      {"lic_car", "Kørekort kategori AM", "korekort", "AM"},
      {"lic_car", "Ajokortti B", "ajokortti", "B"},
      {"lic_car", "Rijbewijs BE", "rijbewijs", "BE"},
      {"lic_forklift", "Truckkort A1–A3 och B1–B2", "truckkort", "A1+A2+A3+B1+B2"},
      {"lic_forklift", "Staplerschein (Gegengewichtsstapler)", "staplerschein", "counterbalance"},
      {"lic_forklift", "Forklift licence – pallet and reach trucks", "licence", "pallet+reach"},
      {"lic_machine", "Kompetansebevis M2, M4 og T4", "kompetansebevis", "M2+M4+T4"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.text);
    int scheme = LicenceSchemeOf(c.family);
    ASSERT_GE(scheme, 0);
    TokenizedText t;
    t.Reset(c.text);
    uint32_t i = Find(t, c.keyword);
    ASSERT_LT(i, t.size());
    // The keyword "CE-körkort" is one match in the taxonomy; here the
    // keyword token alone stands for it.
    EXPECT_EQ(LicenceCodesToString(scheme, CodesNear(t, i, i + 1, scheme)), c.codes);
  }
}

// What holding a class implies (Directive 2006/126/EC art. 6; C, D need B).
TEST(LevelsTest, LicenceImplications) {
  const struct {
    const char* family;
    const char* held;
    const char* required;
    bool implied;
  } kCases[] = {
      {"lic_car", "ce", "b", true},    {"lic_car", "ce", "c1e", true},
      {"lic_car", "ce", "be", true},   {"lic_car", "c", "c1", true},
      {"lic_car", "c", "b", true},     {"lic_car", "c1", "c", false},
      {"lic_car", "b", "be", false},   {"lic_car", "b", "c1", false},
      {"lic_car", "d", "d1", true},    {"lic_car", "de", "be", true},
      {"lic_car", "a", "a1", true},    {"lic_car", "b", "am", true},
      {"lic_car", "d", "c", false},
      {"lic_forklift", "b1", "b", true},  {"lic_forklift", "b", "counterbalance", true},
      {"lic_forklift", "a", "b", false},  {"lic_forklift", "pallet", "counterbalance", false},
      {"lic_machine", "m2", "m3", false}, {"lic_machine", "m3", "m3", true},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(std::string(c.held) + " -> " + c.required);
    int s = LicenceSchemeOf(c.family);
    LicenceCodes held = LicenceCode(s, c.held), req = LicenceCode(s, c.required);
    ASSERT_NE(held, 0u);
    ASSERT_NE(req, 0u);
    EXPECT_EQ((ImpliedCodes(s, held) & req) != 0, c.implied);
  }
  // A requirement that names no class: a car licence is no truck licence, a
  // pallet-truck certificate no forklift licence.
  int car = LicenceSchemeOf("lic_car"), fork = LicenceSchemeOf("lic_forklift");
  EXPECT_EQ(ImpliedCodes(car, LicenceCode(car, "b")) & GenericCodes("lic_truck_driver"), 0u);
  EXPECT_NE(ImpliedCodes(car, LicenceCode(car, "ce")) & GenericCodes("lic_truck_driver"), 0u);
  EXPECT_EQ(ImpliedCodes(fork, LicenceCode(fork, "pallet")) & GenericCodes("lic_forklift"), 0u);
  EXPECT_EQ(LicenceSchemeOf("lic_machine"), LicenceSchemeOf("lic_machine"));
  EXPECT_EQ(LicenceSchemeOf("no_such_family"), -1);
}

}  // namespace
}  // namespace clara::screening::engine
