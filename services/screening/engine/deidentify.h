// De-identification of candidate text before scoring.
//
// Removes names, e-mail addresses, phone numbers, street addresses, URLs,
// birth dates and places, ages, nationality and citizenship, marital/family
// status, religion, photo lines, pronouns and gender. Inline identifiers are
// replaced by the fixed token "[…]" (adjacent ones merge into one); labelled
// personal data ("Statsborgerskap: norsk", "Fecha de nacimiento … | Nacionalidad
// …", "[Foto]") is removed with its line or "|"/"·" segment; a birth statement
// ("née le 3 mars 1990 à Lyon", "born in 1972 in …") with the rest of its
// sentence; a place of worship with its name ("St Aidan's Church"). Feminine
// titles are rewritten to the form every candidate gets ("Sachbearbeiterin" ->
// "Sachbearbeiter", "zur Kauffrau" -> "zum Kaufmann", "une infirmière" -> "un
// infirmier"). So two candidates who differ only in those attributes produce
// byte-identical text, and the scorer's quotes and offsets refer to it.
//
// The words are data: data/lang/<code>/personal.tsv and gender.tsv (columns
// documented there); this file holds the mechanisms.
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
