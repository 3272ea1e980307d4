#include "services/screening/engine/deidentify.h"

#include <string>

#include "gtest/gtest.h"

namespace clara::screening::engine {
namespace {

TEST(DeidentifyTest, ScrubsIdentifiers) {
  Identifiers ids;
  ids.names = {"Erik", "Lindqvist", "Jan"};
  const struct {
    const char* in;
    const char* out;
  } kCases[] = {
      {"Erik Lindqvist\nBackend Developer", "[…] […]\nBackend Developer"},
      {"ERIK LINDQVIST", "[…] […]"},
      {"Mail: erik.lindqvist@example.net, web", "Mail: […], web"},
      {"Tel: 070-174 06 25 | github.com/eriklindqvist-dev",
       "Tel: […] | […]"},
      {"+46 70 174 06 12 · x", "[…] · x"},
      {"linkedin.com/in/eriklindqvist-dev", "[…]"},
      {"https://example.org/cv.pdf", "[…]"},
      {"Tegnérgatan 8, 113 58 Stockholm\nSkills", "[…]\nSkills"},
      {"Karl-Heine-Straße 61, 04229 Leipzig, Germany", "[…]"},
      {"Pronouns: he/him\nProfile", "Profile"},
      {"Geburtsdatum: 14.02.1968 in Augsburg\nFamilienstand: verheiratet, zwei Kinder\nX",
       "X"},
      {"[Bewerbungsfoto]\nBerufserfahrung", "Berufserfahrung"},
      {"Erik took ownership; he is the person", "[…] took ownership; […] is the person"},
      {"Jan 2021 – present", "Jan 2021 – present"},  // a month, not the name
      {"father of two, married", "[…] of two, […]"},
      {"2019 – 2021 Waitress", "2019 – 2021 Waitress"},
      {"06.00–14.30 / 14.30–23.00", "06.00–14.30 / 14.30–23.00"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.in);
    EXPECT_EQ(ScrubText(c.in, ids), c.out);
  }
}

// Two candidates who differ only in protected attributes produce
// byte-identical evidence.
TEST(DeidentifyTest, CounterfactualsAreIdentical) {
  const char* kResume =
      "%NAME% Lindqvist\nPronouns: %PRON%\nBackend Developer\n"
      "%MAIL% | linkedin.com/in/%LINK%\n%BIRTH%%PHOTO%%STATUS%"
      "EXPERIENCE\nBackend Developer — Kvittra AB\nFeb 2021 – present\n"
      "- Python and PostgreSQL\nREFERENCES\n\"%NAME% took ownership; %P% is great.\"\n";
  auto fill = [&](const std::string& name, const std::string& pron,
                  const std::string& p, const std::string& birth,
                  const std::string& photo, const std::string& status) {
    std::string s = kResume;
    auto rep = [&](const std::string& k, const std::string& v) {
      for (size_t pos; (pos = s.find(k)) != std::string::npos;) s.replace(pos, k.size(), v);
    };
    std::string lower = name;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(ch));
    rep("%NAME%", name);
    rep("%PRON%", pron);
    rep("%MAIL%", lower + ".lindqvist@example.net");
    rep("%LINK%", lower + "lindqvist-dev");
    rep("%BIRTH%", birth);
    rep("%PHOTO%", photo);
    rep("%STATUS%", status);
    rep("%P%", p);
    RawCandidate raw;
    raw.first_name = name;
    raw.last_name = "Lindqvist";
    raw.email = lower + ".lindqvist@example.net";
    raw.phone = "070-174 06 25";
    raw.resume_text = s;
    raw.pitch = "Hi, I am " + name + ".";
    return DeidentifyCandidate(raw);
  };
  v1::CandidateEvidence a = fill("Erik", "he/him", "he", "Geburtsdatum: 14.02.1968\n",
                                 "[Photo]\n", "Familienstand: verheiratet, zwei Kinder\n");
  v1::CandidateEvidence b = fill("Emma", "she/her", "she", "Geburtsdatum: 03.07.1996\n",
                                 "", "Familienstand: ledig\n");
  EXPECT_EQ(a.resume_text(), b.resume_text());
  EXPECT_EQ(a.pitch(), b.pitch());
  EXPECT_EQ(a.resume_text().find("Erik"), std::string::npos);
  EXPECT_EQ(a.resume_text().find("1968"), std::string::npos);
  EXPECT_NE(a.resume_text().find("PostgreSQL"), std::string::npos);
}

TEST(DeidentifyTest, AnswersAreScrubbedButKeepTheirShape) {
  RawCandidate raw;
  raw.first_name = "Lena";
  raw.last_name = "Hoffmann";
  v1::CandidateAnswer text;
  text.set_question_id("q1");
  text.set_text("Lena here: I built HubSpot sequences");
  v1::CandidateAnswer yes;
  yes.set_question_id("q2");
  yes.set_boolean(true);
  raw.answers = {text, yes};
  v1::CandidateEvidence ev = DeidentifyCandidate(raw);
  ASSERT_EQ(ev.answers_size(), 2);
  EXPECT_EQ(ev.answers(0).text(), "[…] here: I built HubSpot sequences");
  EXPECT_TRUE(ev.answers(1).boolean());
}

}  // namespace
}  // namespace clara::screening::engine
