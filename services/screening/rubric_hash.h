// The one rubric content hash (what Rubric.content_hash holds), shared by the
// screening service, every ScoringEngine and the clara engine
// (services/screening/engine/hashing.h re-exports it as
// engine::RubricContentHash). It lives here, outside the engine, because the
// service builds without the engine (CLARA_EXCLUDE) and must hash alike.
#pragma once

#include <string>

#include "clara/screening/v1/screening.pb.h"

namespace clara::screening {

// Lower-case hex SHA-256 over the deterministic serialization of a rubric's
// job id, criteria, language code and knock-out rules. Version, origin,
// warnings, timestamps and the stored hash itself are not content, so a
// rubric re-derived from the same ad (or restored from the table) hashes the
// same. Stable within a protobuf major version.
std::string RubricContentHash(const v1::Rubric& rubric);

}  // namespace clara::screening
