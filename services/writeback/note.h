// The note CLARA leaves on a candidate in Teamtailor (no I/O): the
// explanation a recruiter reads — score, grade, per-criterion verdicts with
// the candidate's own words as evidence — ending with a marker line that
// names the screening. Teamtailor can't make a note idempotent, so after an
// unknown outcome (a timeout) write-back lists the candidate's notes and
// looks for the marker instead of posting the note again.
//
//   CLARA screening: 75/100 · top fit · pre-qualified
//   Strong backend background; 6 of 7 requirements met.
//
//   Must-haves
//   ✓ PostgreSQL, 3+ years — met
//       “eight years running PostgreSQL in production” (résumé)
//   …
//   — CLARA screening 0b6c…-uuid
#pragma once

#include <string>

#include "clara/screening/v1/screening.pb.h"

namespace clara::writeback {

// The last line of every CLARA note: "— CLARA screening <screening id>".
std::string NoteMarker(const std::string& screening_id);

// True when `note` is the note of `screening_id` (carries its marker).
bool HasNoteMarker(const std::string& note, const std::string& screening_id);

// The whole note, at most kMaxNoteBytes. `report_url` (may be empty) is
// linked when set.
std::string NoteText(const std::string& screening_id, const screening::v1::ScreeningResult& result,
                     const std::string& report_url);

inline constexpr size_t kMaxNoteBytes = 8000;

// Human words for the result's grade and qualification ("top fit",
// "pre-qualified").
std::string GradeWords(screening::v1::Grade grade);
std::string QualificationWords(screening::v1::QualificationLevel level);

}  // namespace clara::writeback
