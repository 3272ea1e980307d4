#include "services/screening/engine/taxonomy.h"

#include <string>

#include "gtest/gtest.h"

namespace clara::screening::engine {
namespace {

// Ids of the terms matched in `text`, in order.
std::vector<std::string> Matched(const char* text) {
  const Taxonomy& tax = Taxonomy::Default();
  TokenizedText t;
  t.Reset(text);
  std::vector<TermMatch> m;
  tax.FindMatches(t, DetectLanguage(t), &m);
  std::vector<std::string> ids;
  for (const TermMatch& x : m) ids.push_back(tax.term(x.term).id);
  return ids;
}

bool Mentions(const char* text, const char* id) {
  for (const std::string& m : Matched(text)) {
    if (m == id) return true;
  }
  return false;
}

TEST(TaxonomyTest, EmbeddedDataIsLargeAndMultilingual) {
  const Taxonomy& tax = Taxonomy::Default();
  EXPECT_GE(tax.size(), 400u);
  EXPECT_GE(tax.alias_count(), 2000u);
  EXPECT_GE(tax.Find("postgresql"), 0);
  EXPECT_EQ(tax.Find("no-such-term"), -1);
}

TEST(TaxonomyTest, Synonyms) {
  const struct {
    const char* text;
    const char* term;
  } kCases[] = {
      {"Redesigned the schema in Postgres 15", "postgresql"},
      {"Owned the PG database (~2 TB)", "postgresql"},
      {"Moved 14 services onto k8s (EKS)", "kubernetes"},
      {"Frontend work in JS and TypeScript", "javascript"},
      {"SFDC for pipeline tracking", "salesforce"},
      {"Arbetar som undersköterska på medicinavdelning", "assistant_nurse"},
      {"Ausbildung zum Fachinformatiker für Anwendungsentwicklung", "fachinformatiker"},
      {"Dashboards in Google Data Studio", "looker_studio"},
      {"Skiftledare kvällsskift", "team_lead"},
      {"Elektroinstallateur / Obermonteur", "elektroinstallateur"},
      {"around 70 dials a day on call blocks", "cold_calling"},
      {"Deutsch – Muttersprache", "lang_de"},
      {"Engelska – goda kunskaper", "lang_en"},
      {"Norsk – morsmål", "lang_no"},
      {"truckkort A och B", "lic_forklift"},
      {"Führerschein Klasse B", "lic_car"},
      {"B-körkort", "lic_car"},
      {"Kundenservice im Contact Center", "customer_support"},
      {"Telesales Consultant", "sales_development"},
      {"SAS (PROC SQL og datasteg)", "sql"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.text);
    EXPECT_TRUE(Mentions(c.text, c.term));
  }
}

TEST(TaxonomyTest, LongestMatchAndCase) {
  const struct {
    const char* text;
    const char* present;
    const char* absent;
  } kCases[] = {
      // A different qualification is not the required one.
      {"Elektroniker für Betriebstechnik", "elektroniker_bt", "elektroniker_egt"},
      {"Elektroniker für Energie- und Gebäudetechnik", "elektroniker_egt", "electrician"},
      // Case-sensitive acronyms.
      {"pg dump of the page", "", "postgresql"},
      {"the rest of the team", "", "rest_api"},
      {"REST and gRPC APIs", "rest_api", ""},
      {"cold outreach to companies", "cold_calling", "outreach_io"},
      {"Outreach for sequences", "outreach_io", ""},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.text);
    if (*c.present) {
      EXPECT_TRUE(Mentions(c.text, c.present));
    }
    if (*c.absent) {
      EXPECT_FALSE(Mentions(c.text, c.absent));
    }
  }
}

TEST(TaxonomyTest, Stemming) {
  const struct {
    const char* text;
    const char* term;
    bool match;
  } kCases[] = {
      {"Komplette Elektroinstallationen in Neubauten", "elektroinstallation", true},
      {"Mehrere Elektroinstallation", "elektroinstallation", true},
      {"kylmäsoitot ja tapaamiset", "cold_calling", true},
      {"Montage von Wallboxen", "wallbox", true},
      // Roles do not stem: colleagues named in passing are not a title.
      {"Koordination mit den Elektrikern", "electrician", false},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(Mentions(c.text, c.term), c.match);
  }
}

TEST(TaxonomyTest, Implications) {
  const Taxonomy& tax = Taxonomy::Default();
  const struct {
    const char* term;
    const char* ancestor;
    bool is_a;
  } kCases[] = {
      {"django", "python", true},
      {"postgresql", "sql", true},
      {"elektroniker_bt", "elektrohandwerk", true},
      {"elektroniker_bt", "elektroinstallation", false},
      {"elektroniker_egt", "elektroinstallation", true},
      {"efkfft", "elektrohandwerk", false},
      {"lang_da", "lang_scandinavian", true},
      {"lang_fi", "lang_scandinavian", false},
      {"looker_studio", "bi_tool", true},
      {"looker_studio", "looker", false},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(std::string(c.term) + " -> " + c.ancestor);
    EXPECT_EQ(tax.IsA(tax.Find(c.term), tax.Find(c.ancestor)), c.is_a);
  }
}

TEST(TaxonomyTest, RejectsMalformedFiles) {
  const struct {
    const char* tsv;
  } kCases[] = {
      {"a\tskill\tA\t-\tstem\n"},                     // 5 columns
      {"a\tweird\tA\t-\tstem\ta\n"},                 // unknown kind
      {"a\tskill\tA\tmissing\tstem\ta\n"},           // unknown parent
      {"a\tskill\tA\t-\tstem\ta\na\tskill\tA\t-\tstem\tb\n"},  // duplicate
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.tsv);
    auto t = Taxonomy::FromTsv({c.tsv});
    EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
  }
  auto ok = Taxonomy::FromTsv({"# comment\nx\tskill\tX\t-\tstem\tfoo bar|=FB\n"});
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ((*ok)->size(), 1u);
}

TEST(TaxonomyTest, DetectsLanguage) {
  const struct {
    const char* text;
    Lang lang;
  } kCases[] = {
      {"I have worked with the team and the product for years", Lang::kEn},
      {"Jag har arbetat som teamledare och ansvarat för att", Lang::kSv},
      {"Ich habe mit dem Team und der Kunde gearbeitet, für die", Lang::kDe},
      {"Jeg er statistiker og jobber ikke med", Lang::kNo},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.text);
    TokenizedText t;
    t.Reset(c.text);
    EXPECT_EQ(DetectLanguage(t), c.lang);
  }
}

TEST(TaxonomyTest, HomographAliasesMatchOnlyWhereANounStands) {
  // Norwegian/Danish "lærer": "teacher", and "learns".
  EXPECT_TRUE(Mentions("Jeg jobber som lærer på en barneskole.", "teacher"));
  EXPECT_TRUE(Mentions("Lærer, Nordby skole", "teacher"));
  EXPECT_TRUE(Mentions("Hun er lærer.", "teacher"));
  EXPECT_FALSE(Mentions("Jeg lærer nye systemer raskt.", "teacher"));
  EXPECT_FALSE(Mentions("Han lærer fort og liker folk.", "teacher"));
}

}  // namespace
}  // namespace clara::screening::engine
