#include "services/screening/engine/knockouts.h"

#include <cstdio>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/screening/engine/lang_data.h"
#include "services/screening/engine/text.h"

namespace clara::screening::engine {

int MonthsPerUnit(std::string_view unit) {
  static const auto* kUnits = [] {
    auto* units = new absl::flat_hash_map<std::string, int>();
    for (const LangRow& r : LangRows("numbers.tsv")) {
      if (r.fields.size() < 2) continue;
      if (r.fields[1] == "year") units->emplace(FoldForMatch(r.fields[0]), 12);
      if (r.fields[1] == "month") units->emplace(FoldForMatch(r.fields[0]), 1);
    }
    return units;
  }();
  for (absl::string_view w : absl::StrSplit(FoldForMatch(unit), ' ', absl::SkipEmpty())) {
    if (auto it = kUnits->find(std::string(w)); it != kUnits->end()) return it->second;
  }
  return 0;
}

bool ParseYesNo(std::string_view text, bool* out) {
  std::string f = FoldForMatch(text);
  static constexpr std::string_view kYes[] = {"yes", "ja", "jo", "oui", "kylla",
                                              "si", "true", "y", "yes i do"};
  static constexpr std::string_view kNo[] = {"no", "nej", "nein", "nei", "non",
                                             "ei", "false", "n", "nee"};
  std::string first = f.substr(0, f.find(' '));
  for (std::string_view y : kYes) {
    if (first == y) {
      *out = true;
      return true;
    }
  }
  for (std::string_view n : kNo) {
    if (first == n) {
      *out = false;
      return true;
    }
  }
  return false;
}

bool ParseNumber(std::string_view text, double* out) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') continue;
    double v = 0;
    size_t j = i;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') {
      v = v * 10 + (text[j] - '0');
      ++j;
    }
    if (j + 1 < text.size() && (text[j] == '.' || text[j] == ',') &&
        text[j + 1] >= '0' && text[j + 1] <= '9') {
      double scale = 0.1;
      ++j;
      while (j < text.size() && text[j] >= '0' && text[j] <= '9') {
        v += (text[j] - '0') * scale;
        scale /= 10;
        ++j;
      }
    }
    *out = v;
    return true;
  }
  return false;
}

std::string AnswerSourceText(const v1::CandidateAnswer& answer) {
  switch (answer.value_case()) {
    case v1::CandidateAnswer::kText:
      return answer.text();
    case v1::CandidateAnswer::kChoices:
      return absl::StrJoin(answer.choices().values(), ", ");
    case v1::CandidateAnswer::kBoolean:
      return answer.boolean() ? "yes" : "no";
    case v1::CandidateAnswer::kRange: {
      // Shortest exact rendering; integral values without decimals.
      double v = answer.range();
      if (v == static_cast<double>(static_cast<long long>(v))) {
        return absl::StrFormat("%d", static_cast<long long>(v));
      }
      return absl::StrFormat("%.2f", v);
    }
    default:
      return "";
  }
}

KnockoutOutcome EvaluateKnockout(const v1::Knockout& rule,
                                 const v1::CandidateAnswer* answer) {
  if (answer == nullptr ||
      answer->value_case() == v1::CandidateAnswer::VALUE_NOT_SET) {
    return KnockoutOutcome::kUnanswered;
  }
  switch (rule.rule_case()) {
    case v1::Knockout::kExpectBoolean: {
      bool v;
      if (answer->value_case() == v1::CandidateAnswer::kBoolean) {
        v = answer->boolean();
      } else if (!ParseYesNo(AnswerSourceText(*answer), &v)) {
        return KnockoutOutcome::kUnanswered;
      }
      return v == rule.expect_boolean() ? KnockoutOutcome::kPass
                                        : KnockoutOutcome::kFail;
    }
    case v1::Knockout::kExpectAnyOf: {
      std::vector<std::string> chosen;
      if (answer->value_case() == v1::CandidateAnswer::kChoices) {
        for (const auto& c : answer->choices().values()) chosen.push_back(c);
      } else {
        chosen.push_back(AnswerSourceText(*answer));
      }
      if (chosen.empty()) return KnockoutOutcome::kUnanswered;
      for (const std::string& c : chosen) {
        std::string fc = FoldForMatch(c);
        for (const auto& e : rule.expect_any_of().values()) {
          if (FoldForMatch(e) == fc) return KnockoutOutcome::kPass;
        }
      }
      return KnockoutOutcome::kFail;
    }
    case v1::Knockout::kExpectMin: {
      double v;
      int from = 0;  // months per unit of the answer, 0 = the rule's
      if (answer->value_case() == v1::CandidateAnswer::kRange) {
        v = answer->range();
        from = MonthsPerUnit(answer->unit());
      } else if (ParseNumber(AnswerSourceText(*answer), &v)) {
        from = MonthsPerUnit(AnswerSourceText(*answer));
      } else {
        return KnockoutOutcome::kUnanswered;
      }
      // "18 months" against a minimum in years: compare in the rule's unit.
      const int to = MonthsPerUnit(rule.unit());
      if (from != 0 && to != 0 && from != to) v = v * from / to;
      return v >= rule.expect_min() ? KnockoutOutcome::kPass
                                    : KnockoutOutcome::kFail;
    }
    default:
      return KnockoutOutcome::kUnanswered;
  }
}

}  // namespace clara::screening::engine
