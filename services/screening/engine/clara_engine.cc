#include "services/screening/engine/clara_engine.h"

#include "services/screening/engine/deidentify.h"
#include "services/screening/engine/hashing.h"
#include "services/screening/engine/knockout_rules.h"
#include "services/screening/engine/rubric_derivation.h"
#include "services/screening/engine/scorer.h"
#include "services/screening/engine/taxonomy.h"

namespace clara::screening::engine {
namespace {

class ClaraEngine : public clara::screening::ScoringEngine {
 public:
  ClaraEngine() : taxonomy_(Taxonomy::Default()) {}

  std::string_view version() const override { return kEngineVersion; }

  using ScoringEngine::DeriveRubric;

  absl::StatusOr<v1::Rubric> DeriveRubric(const v1::Job& job, const KnockoutRules& rules) const override {
    if (rules.empty()) return DeriveRubricFromJob(job, taxonomy_);
    return DeriveRubricWithRules(job, rules, taxonomy_);
  }

  absl::StatusOr<v1::Rubric> WithKnockoutRules(const v1::Job& job, const v1::Rubric& rubric,
                                               const KnockoutRules& rules) const override {
    return RelinkKnockoutRules(job, rubric, rules, taxonomy_);
  }

  std::vector<v1::KnockoutRule> SuggestKnockoutRules(const v1::Job& job,
                                                     const v1::Rubric& rubric) const override {
    return engine::SuggestKnockoutRules(job, rubric, taxonomy_);
  }

  absl::StatusOr<std::shared_ptr<const CompiledRubric>> Compile(
      const v1::Rubric& rubric) const override {
    auto compiled = ClaraCompiledRubric::Create(rubric, taxonomy_);
    if (!compiled.ok()) return compiled.status();
    return std::shared_ptr<const CompiledRubric>(*std::move(compiled));
  }

  v1::CandidateEvidence Deidentify(const RawCandidate& raw) const override {
    return DeidentifyCandidate(raw);
  }

  v1::ScreeningResult Score(const CompiledRubric& rubric,
                            const v1::CandidateEvidence& evidence,
                            absl::CivilDay today,
                            const ScoreOptions& options) const override {
    const auto* compiled = dynamic_cast<const ClaraCompiledRubric*>(&rubric);
    if (compiled == nullptr) {
      // A rubric compiled by another engine: recompile (slow path).
      auto own = ClaraCompiledRubric::Create(rubric.rubric(), taxonomy_);
      if (!own.ok()) {
        v1::ScreeningResult r;
        r.set_grade(v1::GRADE_UNKNOWN);
        r.set_qualification(v1::QUALIFICATION_LEVEL_NEEDS_REVIEW);
        r.set_engine_version(std::string(kEngineVersion));
        return r;
      }
      return ScoreEvidence(**own, evidence, today, options, kEngineVersion);
    }
    return ScoreEvidence(*compiled, evidence, today, options, kEngineVersion);
  }

 private:
  const Taxonomy& taxonomy_;
};

}  // namespace

std::unique_ptr<clara::screening::ScoringEngine> NewClaraEngine() {
  return std::make_unique<ClaraEngine>();
}

}  // namespace clara::screening::engine
