#include "services/screening/simple_engine.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/crypto.h"
#include "common/proto_util.h"

namespace clara::screening {
namespace {

class SimpleCompiled final : public CompiledRubric {
 public:
  explicit SimpleCompiled(v1::Rubric r) : rubric_(std::move(r)) {}
  const v1::Rubric& rubric() const override { return rubric_; }

 private:
  v1::Rubric rubric_;
};

std::string GradeTag(v1::Grade g) {
  switch (g) {
    case v1::GRADE_TOP_FIT: return "clara-top-fit";
    case v1::GRADE_MIGHT_BE_FIT: return "clara-might-be-fit";
    case v1::GRADE_MIGHT_NOT_BE_FIT: return "clara-might-not-be-fit";
    default: return "clara-unknown";
  }
}

absl::Status NoKnockoutRules() {
  return absl::FailedPreconditionError("the simple engine has no knock-out rules; use --engine=clara");
}

class SimpleEngine final : public ScoringEngine {
 public:
  std::string_view version() const override { return "clara-simple/0.1.0"; }

  using ScoringEngine::DeriveRubric;

  absl::StatusOr<v1::Rubric> DeriveRubric(
      const v1::Job& job, const google::protobuf::RepeatedPtrField<v1::KnockoutRule>& rules) const override {
    if (job.title().empty()) return absl::InvalidArgumentError("job has no title");
    if (!rules.empty()) return NoKnockoutRules();
    v1::Rubric rubric;
    rubric.set_job_id(job.id());
    rubric.set_language_code(job.language_code());
    rubric.set_origin("derived");
    std::set<std::string> terms;
    for (const auto& t : job.tags()) terms.insert(absl::AsciiStrToLower(t));
    for (const auto& t : terms) {
      v1::Criterion* c = rubric.add_criteria();
      c->set_id(t);
      c->set_label(t);
      c->set_kind(v1::CRITERION_KIND_SKILL);
      c->set_requirement(v1::REQUIREMENT_MUST);
      c->set_weight(1);
      c->add_terms(t);
    }
    rubric.set_content_hash(RubricHash(rubric));
    return rubric;
  }

  absl::StatusOr<v1::Rubric> WithKnockoutRules(
      const v1::Job&, const v1::Rubric& rubric,
      const google::protobuf::RepeatedPtrField<v1::KnockoutRule>& rules) const override {
    if (!rules.empty()) return NoKnockoutRules();
    v1::Rubric out = rubric;
    out.clear_knockout_rules();
    out.set_content_hash(RubricHash(out));
    return out;
  }

  std::vector<v1::KnockoutRule> SuggestKnockoutRules(const v1::Job&, const v1::Rubric&) const override { return {}; }

  absl::StatusOr<std::shared_ptr<const CompiledRubric>> Compile(const v1::Rubric& rubric) const override {
    return std::make_shared<SimpleCompiled>(rubric);
  }

  v1::CandidateEvidence Deidentify(const RawCandidate& raw) const override {
    v1::CandidateEvidence e;
    e.set_resume_text(raw.resume_text);
    e.set_pitch(raw.pitch);
    e.set_cover_letter(raw.cover_letter);
    for (const auto& a : raw.answers) *e.add_answers() = a;
    return e;
  }

  v1::ScreeningResult Score(const CompiledRubric& compiled, const v1::CandidateEvidence& evidence, absl::CivilDay,
                            const ScoreOptions& options) const override {
    const v1::Rubric& rubric = compiled.rubric();
    const std::string text = absl::AsciiStrToLower(evidence.resume_text());
    v1::ScreeningResult result;
    int met = 0;
    for (const auto& c : rubric.criteria()) {
      v1::CriterionResult* r = result.add_criteria();
      r->set_criterion_id(c.id());
      r->set_label(c.label());
      r->set_requirement(c.requirement());
      const size_t at = text.find(c.terms(0));
      if (at != std::string::npos) {
        ++met;
        r->set_verdict(v1::VERDICT_MET);
        r->set_sub_score(100);
        v1::Evidence* ev = r->add_evidence();
        ev->set_source(common::v1::EVIDENCE_SOURCE_RESUME);
        ev->set_begin(static_cast<uint32_t>(at));
        ev->set_end(static_cast<uint32_t>(at + c.terms(0).size()));
        ev->set_quote(evidence.resume_text().substr(at, c.terms(0).size()));
      } else {
        r->set_verdict(v1::VERDICT_UNKNOWN);
      }
    }
    const int total = rubric.criteria_size();
    result.set_score(total == 0 ? 0 : 100 * met / total);
    result.set_grade(total == 0 ? v1::GRADE_UNKNOWN
                     : result.score() >= options.top_fit_threshold ? v1::GRADE_TOP_FIT
                     : result.score() >= options.might_be_fit_threshold ? v1::GRADE_MIGHT_BE_FIT
                                                                        : v1::GRADE_MIGHT_NOT_BE_FIT);
    const int prequalify = options.prequalify_threshold.value_or(options.top_fit_threshold);
    result.set_qualification(result.score() >= prequalify ? v1::QUALIFICATION_LEVEL_PRE_QUALIFIED
                                                          : v1::QUALIFICATION_LEVEL_NEEDS_REVIEW);
    result.set_summary(absl::StrCat(met, "/", total, " job keywords found in the résumé").substr(0, 150));
    result.add_tags(GradeTag(result.grade()));
    result.set_engine_version(std::string(version()));
    result.set_rubric_hash(rubric.content_hash());
    result.set_input_hash(crypto::Sha256Hex(DeterministicBytes(evidence)));
    return result;
  }
};

}  // namespace

std::unique_ptr<ScoringEngine> NewSimpleEngine() { return std::make_unique<SimpleEngine>(); }

}  // namespace clara::screening
