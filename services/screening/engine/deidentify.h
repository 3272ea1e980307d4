// De-identification of candidate text before scoring.
//
// Removes names, e-mail addresses, phone numbers, street addresses, URLs,
// birth dates and ages, photo lines, pronouns, gender and marital/family
// status. Inline identifiers are replaced by the fixed token "[…]" and
// labelled personal-data lines ("Pronouns: she/her", "Geburtsdatum: …",
// "Familienstand: …", "[Bewerbungsfoto]") are removed whole, so two
// candidates who differ only in those attributes produce byte-identical
// text (and identical offsets for every later quote).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "services/screening/scoring_engine.h"

namespace clara::screening::engine {

inline constexpr std::string_view kRedacted = "[…]";

struct Identifiers {
  std::vector<std::string> names;   // first/last name parts
  std::vector<std::string> others;  // e-mail, phone, URLs, addresses as given
};

// Scrubs one text.
std::string ScrubText(std::string_view text, const Identifiers& ids);

// Builds de-identified evidence from a raw candidate.
v1::CandidateEvidence DeidentifyCandidate(const RawCandidate& raw);

}  // namespace clara::screening::engine
