// Negation and qualifier cues around a mention.
//
// A mention is negated when a negation cue ("not", "no hands-on", "ingen",
// "keine", "ikke", "inte", "nicht", "never", "haven't") precedes it in the
// same clause (clauses end at a sentence end, newline, bullet or spaced
// dash; commas do not end them, so "I have not worked with Kubernetes, Kafka
// or Terraform" negates all three). Qualifier cues ("basic", "course",
// "helped", "occasional", "Grundkenntnisse", "grunder", "planned",
// "interest in") in the same list segment, before or after the mention,
// downgrade it to partial evidence.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "services/screening/engine/text.h"

namespace clara::screening::engine {

enum Cue : uint16_t {
  kCueNegation = 1 << 0,
  kCueQualifier = 1 << 1,  // basic / helped / occasional / some
  kCueCourse = 1 << 2,     // course / Kurs / e-learning
  kCueFuture = 1 << 3,     // planned / geplant / planerar / not yet
  kCueInterest = 1 << 4,   // interest in / Bereitschaft / would like
  kCueTraining = 1 << 5,   // Ausbildung / internship / praktik / lärling
  kCueConsumer = 1 << 6,   // households / private customers / B2C
  kCueBusiness = 1 << 7,   // B2B / companies / SMBs / erhverv
};

// Cue bits of one folded word.
uint16_t CueOf(std::string_view folded);

// The cue-word table (for the lexicon).
const absl::flat_hash_map<std::string_view, uint16_t>& CueWords();

// Per-token cue bits for `text` (resized to text.size()).
void ComputeCues(const TokenizedText& text, std::vector<uint16_t>* cues);

// True if a negation cue precedes token `begin` within its clause.
bool IsNegated(const TokenizedText& text, const std::vector<uint16_t>& cues,
               uint32_t begin);

// True if the line holding token `begin` contains a negation or future cue
// anywhere (used for licences: "Körkort: nej", "Nein – Prüfung geplant").
bool LineNegated(const TokenizedText& text, const std::vector<uint16_t>& cues,
                 uint32_t begin);

// Union of cue bits in the list segment around tokens [begin, end), plus a
// parenthesis right after the mention ("Terraform (basic)").
uint16_t SegmentCues(const TokenizedText& text,
                     const std::vector<uint16_t>& cues, uint32_t begin,
                     uint32_t end);

}  // namespace clara::screening::engine
