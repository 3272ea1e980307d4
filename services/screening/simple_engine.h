// The first, simple scoring engine: job tags and title words as must-have
// skills, found or not in the candidate's text. It exists so that the
// pipeline runs end to end before (and without) the full engine; select it
// with --engine=simple.
#pragma once

#include <memory>

#include "services/screening/scoring_engine.h"

namespace clara::screening {

std::unique_ptr<ScoringEngine> NewSimpleEngine();

// CLARA's own Teamtailor tags all start with this prefix; write-back never
// touches other tags.
inline constexpr char kClaraTagPrefix[] = "clara-";

}  // namespace clara::screening
