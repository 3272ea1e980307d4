#include "services/screening/engine/text.h"

#include <string>

#include "gtest/gtest.h"

namespace clara::screening::engine {
namespace {

TEST(TextTest, FoldsCaseAndAccents) {
  const struct {
    const char* in;
    const char* folded;
  } kCases[] = {
      {"Führerschein", "fuhrerschein"},
      {"TOMASZ WÓJCIK", "tomasz wojcik"},
      {"Kaiserstraße", "kaiserstrasse"},
      {"Ærø Øresund Ålesund", "aero oresund alesund"},
      {"undersköterska", "underskoterska"},
      {"Elektroniker/in für Energie- und Gebäudetechnik",
       "elektroniker in fur energie und gebaudetechnik"},
      {"C++, C# and F#", "c++ c# and f#"},
      {"Node.js/React", "node js react"},
      {"Py3.11", "py3 11"},
      {"", ""},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.in);
    EXPECT_EQ(FoldForMatch(c.in), c.folded);
  }
}

TEST(TextTest, TokensKeepVerbatimOffsets) {
  std::string text = "Senior — Wójcik: Postgres 15\n• k8s · Kafka";
  TokenizedText t;
  t.Reset(text);
  ASSERT_EQ(t.size(), 6u);
  for (size_t i = 0; i < t.size(); ++i) {
    const Token& tok = t.tokens()[i];
    EXPECT_EQ(text.substr(tok.begin, tok.end - tok.begin), t.raw(i));
  }
  EXPECT_EQ(t.raw(1), "Wójcik");
  EXPECT_EQ(t.folded(1), "wojcik");
  EXPECT_EQ(t.tokens()[3].line, 0u);
  EXPECT_EQ(t.tokens()[4].line, 1u);
  EXPECT_EQ(t.line_count(), 2u);
}

TEST(TextTest, GapFlags) {
  const struct {
    const char* text;
    size_t token;
    uint16_t expect;
  } kCases[] = {
      {"Swedish – native", 1, kGapDash},
      {"B-körkort", 1, kGapHyphen},
      {"2018-2020", 1, kGapHyphen},
      {"Python, SQL", 1, kGapComma},
      {"Done. Next", 1, kGapSentence},
      {"01.2018", 1, kGapDot},
      {"Polish · English", 1, kGapBullet},
      {"a\nb", 1, kGapNewline},
      {"Terraform (basic)", 1, kGapParen | kGapParenOpen},
      {"03/2019", 1, kGapSlash},
      {"A - B", 1, kGapDash},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.text);
    TokenizedText t;
    t.Reset(c.text);
    ASSERT_GT(t.size(), c.token);
    EXPECT_EQ(t.tokens()[c.token].gap & c.expect, c.expect);
  }
}

TEST(TextTest, TokenFlags) {
  TokenizedText t;
  t.Reset("EXPERIENCE Stockholm 2021 b2b");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_TRUE(t.tokens()[0].flags & kTokAllUpper);
  EXPECT_TRUE(t.tokens()[1].flags & kTokCapitalized);
  EXPECT_FALSE(t.tokens()[1].flags & kTokAllUpper);
  EXPECT_TRUE(t.tokens()[2].flags & kTokNumeric);
  EXPECT_TRUE(t.tokens()[3].flags & kTokHasDigit);
  EXPECT_FALSE(t.tokens()[3].flags & kTokNumeric);
}

TEST(TextTest, Utf8Helpers) {
  std::string s = "Gebäude";
  EXPECT_EQ(Utf8Length(s), 7u);
  EXPECT_EQ(Utf8Floor(s, 4), 3u);  // inside "ä" -> start of "ä"
  EXPECT_EQ(Utf8Floor(s, 3), 3u);
}

}  // namespace
}  // namespace clara::screening::engine
