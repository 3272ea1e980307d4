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
//
// The cue words are data: data/lang/<code>/cues.tsv, columns word, class
// (negation | plan | yet | interest | qualifier | course | training |
// consumer | business) and an optional "only" (the cue applies only to text
// detected as that language). Several-word cues ("ska ta", "due to
// complete", "en ole") are phrases; "*praktikum" matches compound endings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "services/screening/engine/taxonomy.h"
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
  kCueYet = 1 << 8,        // "noch", "enda": with kCueFuture, but alone no
                           // reason to call a licence line negated
  // Lexicon-only markers, never in ComputeCues' output or CueOf:
  kCuePhrase = 1 << 14,    // first word of a several-word cue
  kCueLangOnly = 1 << 15,  // has cues restricted to one language
};
inline constexpr uint16_t kCueMarkers = kCuePhrase | kCueLangOnly;

// Cue bits of one folded word (single-word, unrestricted cues, and compound
// endings for words of more than 10 letters).
uint16_t CueOf(std::string_view folded);
// Only the compound endings ("*praktikum"), for the lexicon.
uint16_t CueSuffixOf(std::string_view folded);

// The single-word cue table with marker bits (for the lexicon).
const std::vector<std::pair<std::string, uint16_t>>& CueWords();

// Per-token cue bits for `text` (resized to text.size()): the lexicon's
// single-word cues, phrases, and the cues restricted to `lang`.
void ComputeCues(const TokenizedText& text, Lang lang,
                 std::vector<uint16_t>* cues);
// Without a language: restricted cues are not applied.
void ComputeCues(const TokenizedText& text, std::vector<uint16_t>* cues);

// True if a negation cue precedes token `begin` within its clause.
bool IsNegated(const TokenizedText& text, const std::vector<uint16_t>& cues,
               uint32_t begin);

// True if the line holding token `begin` contains a negation or plan cue
// anywhere (used for licences: "Körkort: nej", "Nein – Prüfung geplant",
// "B-körkort (ska ta det i vår)"); a "yet" word alone does not count.
bool LineNegated(const TokenizedText& text, const std::vector<uint16_t>& cues,
                 uint32_t begin);

// Union of cue bits in the list segment around tokens [begin, end), plus a
// parenthesis right after the mention ("Terraform (basic)").
uint16_t SegmentCues(const TokenizedText& text,
                     const std::vector<uint16_t>& cues, uint32_t begin,
                     uint32_t end);

}  // namespace clara::screening::engine
