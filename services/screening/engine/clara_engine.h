// CLARA's scoring engine: the ScoringEngine implementation.
//
// A pure library: no I/O, no clocks, no network. Rubrics are derived from
// the job ad with the embedded taxonomy, compiled once, and candidates are
// scored against them deterministically (same rubric + evidence + engine
// version -> byte-identical ScreeningResult under deterministic
// serialization).
//
//   auto engine = clara::screening::engine::NewClaraEngine();
//   auto rubric = engine->DeriveRubric(job);                 // StatusOr
//   auto compiled = engine->Compile(*rubric);                // StatusOr
//   auto evidence = engine->Deidentify(raw_candidate);
//   auto result = engine->Score(**compiled, evidence, today, {});
#pragma once

#include <memory>
#include <string_view>

#include "services/screening/scoring_engine.h"

namespace clara::screening::engine {

inline constexpr std::string_view kEngineVersion = "clara-engine/1.1.0";

std::unique_ptr<clara::screening::ScoringEngine> NewClaraEngine();

}  // namespace clara::screening::engine
