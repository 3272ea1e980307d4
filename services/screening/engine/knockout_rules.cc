#include "services/screening/engine/knockout_rules.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/screening/engine/hashing.h"
#include "services/screening/engine/knockouts.h"
#include "services/screening/engine/rubric_derivation.h"
#include "services/screening/engine/text.h"

namespace clara::screening::engine {
namespace {

const char* TypeName(v1::QuestionType t) {
  switch (t) {
    case v1::QUESTION_TYPE_BOOLEAN: return "Boolean";
    case v1::QUESTION_TYPE_CHOICE: return "Choice";
    case v1::QUESTION_TYPE_RANGE: return "Range";
    case v1::QUESTION_TYPE_TEXT: return "Text";
    case v1::QUESTION_TYPE_VIDEO: return "Video";
    default: return "untyped";
  }
}

absl::Status Invalid(const v1::Question& q, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("knock-out rule for question ", q.id(), " (", q.title(), "): ", why));
}

absl::Status CheckFits(const v1::Question& q, const v1::Knockout& rule) {
  switch (q.question_type()) {
    case v1::QUESTION_TYPE_BOOLEAN:
      if (!rule.has_expect_boolean()) return Invalid(q, "a Boolean question takes expect_boolean (yes or no)");
      return absl::OkStatus();
    case v1::QUESTION_TYPE_CHOICE: {
      if (!rule.has_expect_any_of() || rule.expect_any_of().values().empty()) {
        return Invalid(q, "a Choice question takes expect_any_of with at least one alternative");
      }
      for (const std::string& v : rule.expect_any_of().values()) {
        const std::string fv = FoldForMatch(v);
        bool found = std::any_of(q.alternatives().begin(), q.alternatives().end(),
                                 [&](const std::string& alt) { return FoldForMatch(alt) == fv; });
        if (!found) return Invalid(q, absl::StrCat("\"", v, "\" is not one of the question's alternatives"));
      }
      return absl::OkStatus();
    }
    case v1::QUESTION_TYPE_RANGE:
      if (!rule.has_expect_min()) return Invalid(q, "a Range question takes expect_min");
      if (!std::isfinite(rule.expect_min()) || rule.expect_min() < 0) return Invalid(q, "expect_min must be >= 0");
      if (!rule.unit().empty() && MonthsPerUnit(rule.unit()) == 0) {
        return Invalid(q, absl::StrCat("unit \"", rule.unit(), "\" is not a unit of time"));
      }
      return absl::OkStatus();
    default:
      return Invalid(q, absl::StrCat("a ", TypeName(q.question_type()), " question cannot be a knock-out"));
  }
}

// Months in one unit of the question's unit: 1 for month words, else 12
// (Teamtailor's Range questions about experience count years by default).
int QuestionUnitMonths(const v1::Question& q) {
  const int m = MonthsPerUnit(q.unit());
  return m == 0 ? 12 : m;
}

// The criterion the derivation links `question` to when it carries `rule`:
// its id and kind in the derived rubric, or nullptr when the question became
// a knock-out criterion of its own.
absl::StatusOr<const v1::Criterion*> LinkedCriterion(const v1::Job& job, const v1::Question& question,
                                                     const v1::Knockout& rule, const Taxonomy& taxonomy,
                                                     v1::Rubric* scratch) {
  KnockoutRules one;
  v1::KnockoutRule* r = one.Add();
  r->set_question_id(question.id());
  *r->mutable_rule() = rule;
  v1::Job bare = job;
  for (auto& q : *bare.mutable_questions()) q.clear_knockout();
  auto derived = DeriveRubricWithRules(bare, one, taxonomy);
  if (!derived.ok()) return derived.status();
  *scratch = *std::move(derived);
  for (const auto& c : scratch->criteria()) {
    if (c.question_id() == question.id() && c.kind() != v1::CRITERION_KIND_KNOCKOUT_QUESTION) return &c;
  }
  return nullptr;
}

const v1::Criterion* ById(const v1::Rubric& rubric, const std::string& id) {
  for (const auto& c : rubric.criteria()) {
    if (c.id() == id) return &c;
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<v1::Job> ApplyKnockoutRules(const v1::Job& job, const KnockoutRules& rules) {
  v1::Job out = job;
  std::set<std::string> seen;
  for (const v1::KnockoutRule& rule : rules) {
    v1::Question* q = nullptr;
    for (auto& candidate : *out.mutable_questions()) {
      if (candidate.id() == rule.question_id()) q = &candidate;
    }
    if (q == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("knock-out rule for question ", rule.question_id(), ": the job has no such question"));
    }
    if (!seen.insert(rule.question_id()).second) return Invalid(*q, "more than one rule");
    if (rule.rule().rule_case() == v1::Knockout::RULE_NOT_SET) return Invalid(*q, "the rule is empty");
    if (absl::Status s = CheckFits(*q, rule.rule()); !s.ok()) return s;
    *q->mutable_knockout() = rule.rule();
    if (rule.rule().has_expect_min() && rule.rule().unit().empty()) q->mutable_knockout()->set_unit(q->unit());
  }
  return out;
}

absl::StatusOr<v1::Rubric> DeriveRubricWithRules(const v1::Job& job, const KnockoutRules& rules,
                                                 const Taxonomy& taxonomy) {
  auto applied = ApplyKnockoutRules(job, rules);
  if (!applied.ok()) return applied.status();
  auto rubric = DeriveRubricFromJob(*applied, taxonomy);
  if (!rubric.ok()) return rubric.status();
  *rubric->mutable_knockout_rules() = rules;
  rubric->set_content_hash(RubricContentHash(*rubric));
  return rubric;
}

absl::StatusOr<v1::Rubric> RelinkKnockoutRules(const v1::Job& job, const v1::Rubric& edited,
                                               const KnockoutRules& rules, const Taxonomy& taxonomy) {
  auto derived = DeriveRubricWithRules(job, rules, taxonomy);
  if (!derived.ok()) return derived.status();
  v1::Rubric out = edited;
  out.clear_knockout_rules();
  out.clear_criteria();
  for (const auto& c : edited.criteria()) {
    if (c.kind() == v1::CRITERION_KIND_KNOCKOUT_QUESTION && !c.question_id().empty()) continue;
    v1::Criterion* kept = out.add_criteria();
    *kept = c;
    kept->clear_question_id();
    kept->clear_knockout();
  }
  for (const auto& d : derived->criteria()) {
    if (d.question_id().empty()) continue;
    v1::Criterion* target = nullptr;
    for (auto& c : *out.mutable_criteria()) {
      if (c.id() == d.id() && c.question_id().empty()) target = &c;
    }
    if (target != nullptr && d.kind() != v1::CRITERION_KIND_KNOCKOUT_QUESTION) {
      target->set_question_id(d.question_id());
      *target->mutable_knockout() = d.knockout();
      continue;
    }
    // The criterion it tests was removed by the admin (or it is a question of
    // its own): a knock-out criterion for the question.
    v1::Criterion* c = out.add_criteria();
    *c = d;
    if (d.kind() != v1::CRITERION_KIND_KNOCKOUT_QUESTION) {
      c->Clear();
      std::string id = absl::StrCat("knockout-q", d.question_id());
      while (ById(out, id) != nullptr) absl::StrAppend(&id, "-x");
      c->set_id(id);
      for (const auto& q : job.questions()) {
        if (q.id() == d.question_id()) c->set_label(q.title());
      }
      c->set_kind(v1::CRITERION_KIND_KNOCKOUT_QUESTION);
      c->set_requirement(v1::REQUIREMENT_MUST);
      c->set_weight(d.weight() > 0 ? d.weight() : 1);
      c->set_question_id(d.question_id());
      *c->mutable_knockout() = d.knockout();
    } else {
      std::string id = c->id();
      while (std::count_if(out.criteria().begin(), out.criteria().end(),
                           [&](const v1::Criterion& x) { return x.id() == id; }) > 1) {
        absl::StrAppend(&id, "-x");
        c->set_id(id);
      }
    }
  }
  *out.mutable_knockout_rules() = rules;
  out.set_content_hash(RubricContentHash(out));
  return out;
}

std::vector<v1::KnockoutRule> SuggestKnockoutRules(const v1::Job& job, const v1::Rubric& rubric,
                                                   const Taxonomy& taxonomy) {
  std::set<std::string> ruled;
  for (const auto& r : rubric.knockout_rules()) ruled.insert(r.question_id());
  std::vector<v1::KnockoutRule> out;
  for (const v1::Question& q : job.questions()) {
    if (ruled.contains(q.id())) continue;
    v1::KnockoutRule suggestion;
    suggestion.set_question_id(q.id());
    v1::Knockout* rule = suggestion.mutable_rule();
    v1::Rubric scratch;
    switch (q.question_type()) {
      case v1::QUESTION_TYPE_BOOLEAN: {
        // "Yes" is the answer a must-have asks for when the question tests it.
        rule->set_expect_boolean(true);
        auto linked = LinkedCriterion(job, q, *rule, taxonomy, &scratch);
        if (!linked.ok() || *linked == nullptr || (*linked)->requirement() != v1::REQUIREMENT_MUST) continue;
        break;
      }
      case v1::QUESTION_TYPE_RANGE: {
        rule->set_expect_min(0);
        auto linked = LinkedCriterion(job, q, *rule, taxonomy, &scratch);
        if (!linked.ok() || *linked == nullptr || (*linked)->kind() != v1::CRITERION_KIND_EXPERIENCE_YEARS) continue;
        // The admin's rubric decides the minimum when it has the criterion.
        const v1::Criterion* c = ById(rubric, (*linked)->id());
        const double years = c != nullptr ? c->min_value() : (*linked)->min_value();
        if (!(years > 0)) continue;
        const double value = years * 12 / QuestionUnitMonths(q);
        rule->set_expect_min(std::round(value * 100) / 100);
        break;
      }
      case v1::QUESTION_TYPE_CHOICE: {
        // Alternatives that name a term of a must-have criterion.
        std::set<int> must_terms;
        for (const auto& c : rubric.criteria()) {
          if (c.requirement() != v1::REQUIREMENT_MUST) continue;
          for (const auto& t : c.terms()) {
            int id = taxonomy.Find(t.substr(0, t.find(':')));
            if (id >= 0) must_terms.insert(id);
          }
        }
        for (const std::string& alt : q.alternatives()) {
          bool names = false;
          for (int t : taxonomy.TermsIn(alt)) {
            for (int m : must_terms) {
              if (t == m || taxonomy.IsA(t, m)) names = true;
            }
          }
          if (names) rule->mutable_expect_any_of()->add_values(alt);
        }
        if (!rule->has_expect_any_of()) continue;
        break;
      }
      default:
        continue;
    }
    out.push_back(std::move(suggestion));
  }
  return out;
}

}  // namespace clara::screening::engine
