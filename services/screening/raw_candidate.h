// The engine's raw input from what ingest stored (no I/O): the one conversion
// of a partner event's candidate and its stored evidence, used by the
// screening worker and by the eval tool alike.
#pragma once

#include "services/screening/scoring_engine.h"
#include "services/screening/screening_inputs.h"

namespace clara::screening {

// Builds the engine's raw input: identifiers (to be scrubbed), texts, and
// answers typed by the job's questions (matched by title), read as
// Teamtailor documents them (teamtailor-contract.md §2):
//   Boolean "yes" | "no" (any case) → boolean; anything else stays text;
//   Choice  a list of strings (or one string) → choices;
//   Range   "<n> <unit>" ("18 months", "4 years") → range n with unit
//           <unit>; a bare number takes the question's unit. The engine
//           converts between months and years where it compares;
//   Text, and answers to questions the job does not have → text.
RawCandidate BuildRawCandidate(const ScreeningInputs& inputs);

}  // namespace clara::screening
