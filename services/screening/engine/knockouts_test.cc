#include "services/screening/engine/knockouts.h"

#include <string>

#include "gtest/gtest.h"

namespace clara::screening::engine {
namespace {

v1::Knockout Bool(bool b) {
  v1::Knockout k;
  k.set_expect_boolean(b);
  return k;
}
v1::Knockout AnyOf(std::vector<std::string> v) {
  v1::Knockout k;
  for (auto& s : v) k.mutable_expect_any_of()->add_values(s);
  return k;
}
v1::Knockout Min(double m) {
  v1::Knockout k;
  k.set_expect_min(m);
  return k;
}
v1::CandidateAnswer BoolA(bool b) {
  v1::CandidateAnswer a;
  a.set_boolean(b);
  return a;
}
v1::CandidateAnswer Choices(std::vector<std::string> v) {
  v1::CandidateAnswer a;
  for (auto& s : v) a.mutable_choices()->add_values(s);
  return a;
}
v1::CandidateAnswer RangeA(double d) {
  v1::CandidateAnswer a;
  a.set_range(d);
  return a;
}
v1::Knockout MinIn(double m, std::string unit) {
  v1::Knockout k = Min(m);
  k.set_unit(unit);
  return k;
}
v1::CandidateAnswer RangeIn(double d, std::string unit) {
  v1::CandidateAnswer a = RangeA(d);
  a.set_unit(unit);
  return a;
}
v1::CandidateAnswer TextA(std::string s) {
  v1::CandidateAnswer a;
  a.set_text(s);
  return a;
}

TEST(KnockoutsTest, EveryQuestionType) {
  const struct {
    const char* name;
    v1::Knockout rule;
    std::optional<v1::CandidateAnswer> answer;
    KnockoutOutcome outcome;
  } kCases[] = {
      {"boolean yes", Bool(true), BoolA(true), KnockoutOutcome::kPass},
      {"boolean no", Bool(true), BoolA(false), KnockoutOutcome::kFail},
      {"boolean expect no", Bool(false), BoolA(false), KnockoutOutcome::kPass},
      {"boolean as text ja", Bool(true), TextA("Ja"), KnockoutOutcome::kPass},
      {"boolean as text nein", Bool(true), TextA("nein, leider"), KnockoutOutcome::kFail},
      {"boolean unreadable", Bool(true), TextA("maybe"), KnockoutOutcome::kUnanswered},
      {"choice hit", AnyOf({"Danish", "Swedish"}), Choices({"Swedish", "Finnish"}),
       KnockoutOutcome::kPass},
      {"choice miss", AnyOf({"German"}), Choices({"English", "Spanish"}),
       KnockoutOutcome::kFail},
      {"choice none of these", AnyOf({"Power BI"}), Choices({"None of these"}),
       KnockoutOutcome::kFail},
      {"choice folded", AnyOf({"Power BI"}), Choices({"power bi"}), KnockoutOutcome::kPass},
      {"choice empty", AnyOf({"German"}), Choices({}), KnockoutOutcome::kUnanswered},
      {"range pass", Min(2), RangeA(3), KnockoutOutcome::kPass},
      {"range equal", Min(2), RangeA(2), KnockoutOutcome::kPass},
      {"range fail", Min(2), RangeA(1), KnockoutOutcome::kFail},
      {"range zero", Min(2), RangeA(0), KnockoutOutcome::kFail},
      {"range as text", Min(3), TextA("4 years"), KnockoutOutcome::kPass},
      {"range text fail", Min(3), TextA("1 years"), KnockoutOutcome::kFail},
      {"text without number", Min(3), TextA("several"), KnockoutOutcome::kUnanswered},
      // Months and years: the answer's unit against the rule's.
      {"18 months vs 1 year", MinIn(1, "years"), RangeIn(18, "months"), KnockoutOutcome::kPass},
      {"18 months vs 2 years", MinIn(2, "years"), RangeIn(18, "months"), KnockoutOutcome::kFail},
      {"2 years vs 18 months", MinIn(18, "months"), RangeIn(2, "years"), KnockoutOutcome::kPass},
      {"1 year vs 18 months", MinIn(18, "months"), RangeIn(1, "year"), KnockoutOutcome::kFail},
      {"same unit", MinIn(3, "years"), RangeIn(3, "years"), KnockoutOutcome::kPass},
      {"swedish units", MinIn(2, "år"), RangeIn(30, "månader"), KnockoutOutcome::kPass},
      {"german units", MinIn(6, "Monate"), RangeIn(1, "Jahr"), KnockoutOutcome::kPass},
      {"unknown answer unit", MinIn(3, "years"), RangeIn(4, "apples"), KnockoutOutcome::kPass},
      {"months as text", MinIn(2, "years"), TextA("20 months"), KnockoutOutcome::kFail},
      {"unanswered", Bool(true), std::nullopt, KnockoutOutcome::kUnanswered},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    const v1::CandidateAnswer* a = c.answer ? &*c.answer : nullptr;
    EXPECT_EQ(EvaluateKnockout(c.rule, a), c.outcome);
  }
}

TEST(KnockoutsTest, AnswerSourceText) {
  EXPECT_EQ(AnswerSourceText(BoolA(true)), "yes");
  EXPECT_EQ(AnswerSourceText(Choices({"PostgreSQL", "MySQL"})), "PostgreSQL, MySQL");
  EXPECT_EQ(AnswerSourceText(RangeA(4)), "4");
  EXPECT_EQ(AnswerSourceText(RangeA(1.5)), "1.50");
  EXPECT_EQ(AnswerSourceText(TextA("free text")), "free text");
}

TEST(KnockoutsTest, MonthsPerUnit) {
  const struct {
    const char* unit;
    int months;
  } kCases[] = {{"years", 12}, {"Years", 12}, {"year", 12}, {"months", 1}, {"månader", 1},
                {"Jahre", 12}, {"years of experience", 12}, {"", 0}, {"apples", 0}};
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.unit);
    EXPECT_EQ(MonthsPerUnit(c.unit), c.months);
  }
}

TEST(KnockoutsTest, Parsers) {
  double d;
  ASSERT_TRUE(ParseNumber("1,5 Jahre", &d));
  EXPECT_DOUBLE_EQ(d, 1.5);
  EXPECT_FALSE(ParseNumber("none", &d));
  bool b;
  ASSERT_TRUE(ParseYesNo("Kyllä", &b));
  EXPECT_TRUE(b);
  ASSERT_TRUE(ParseYesNo("nej", &b));
  EXPECT_FALSE(b);
}

}  // namespace
}  // namespace clara::screening::engine
