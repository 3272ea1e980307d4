// Language levels and licence classes.
//
// Language levels are on a 1..6 scale aligned with CEFR (A1=1 … C1=5,
// C2/native=6); words map onto it in every supported language ("fluent",
// "flytande", "fließend", "obehindrat" = 5; "good", "goda", "gute" = 4;
// "basic", "grunder", "Grundkenntnisse", "school" = 2). Licence classes are
// read from notations like "B-körkort", "Führerschein Klasse B",
// "truckkort A1–A4 och B1–B4", "Forklift licence for A and B trucks".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "services/screening/engine/text.h"

namespace clara::screening::engine {

// The level-word table (for the lexicon).
const absl::flat_hash_map<std::string_view, int>& LevelWordTable();

// Level word or CEFR code -> 1..6, or 0. `requirement` also accepts words
// used only in job ads ("communicate well", "strong").
int LevelOfWord(std::string_view folded, bool requirement);

// The first level found after a language mention at tokens [begin, end),
// stopping at list separators or another language (`is_language(i)`), else
// the nearest one up to 4 tokens before it. 0 if none.
template <typename IsLanguage>
int LevelNear(const TokenizedText& t, uint32_t begin, uint32_t end,
              IsLanguage is_language, bool requirement) {
  const auto& toks = t.tokens();
  constexpr uint16_t kStop =
      kGapNewline | kGapBullet | kGapComma | kGapSentence;
  int depth = 0;
  for (size_t i = end; i < toks.size() && i < end + 10; ++i) {
    uint16_t g = toks[i].gap;
    if (g & kGapParenOpen) ++depth;
    if (g & kGapParenClose) depth = depth > 0 ? depth - 1 : 0;
    if (g & (kGapNewline | kGapBullet | kGapSentence)) break;
    if (depth == 0 && (g & kGapComma) && !(g & kGapParenClose)) break;
    if (is_language(i)) break;
    int l = requirement ? LevelOfWord(t.folded(i), true) : toks[i].level;
    // "English – fluent" reads on across the dash; "engelska – många …"
    // is an explanation, not a level.
    if (depth == 0 && (g & kGapDash) && (i > end || l == 0)) break;
    if (l > 0) return l;
  }
  for (int64_t i = static_cast<int64_t>(begin) - 1;
       i >= 0 && i >= static_cast<int64_t>(begin) - 4; --i) {
    if (toks[i + 1].gap & kStop) break;
    if (is_language(static_cast<size_t>(i))) break;
    int l = requirement ? LevelOfWord(t.folded(i), true) : toks[i].level;
    if (l > 0) return l;
  }
  return 0;
}

// Licence class bits: bit (c - 'a') for class letter c.
using ClassSet = uint32_t;
inline ClassSet ClassBit(char c) { return 1u << (c - 'a'); }
std::string ClassSetToString(ClassSet s);  // "A+B"

// If the folded token is a licence class ("b", "be", "a1", "c1e"), returns
// its main letter ('a'..'z'), else 0.
char LicenceClassOf(std::string_view folded);

// Licence classes named in tokens around a licence keyword at [begin, end):
// up to 2 tokens before ("B-körkort") and up to 10 after on the same line
// ("för A- och B-truck", "Klasse B, BE", "A1–A4 och B1–B4").
ClassSet ClassesNear(const TokenizedText& t, uint32_t begin, uint32_t end);

// Classes named on a line without a keyword, under a licence section header
// ("Klasse B, BE"; "Class B (EU licence)").
ClassSet ClassesOnLine(const TokenizedText& t, uint32_t line);

// ---- Licence classes as a hierarchy ------------------------------------
//
// data/licences.tsv names, per taxonomy licence family, a class scheme
// (driving licences per Directive 2006/126/EC, Swedish truck classes,
// Norwegian kompetansebevis) with its codes, what each code implies
// (CE -> C, C1E, BE -> … -> B) and, per family, which codes meet a
// requirement that names no class (a pallet-truck certificate is no forklift
// licence; a car licence is no truck licence).
// data/lang/<code>/licences.tsv maps equipment words next to the keyword to
// codes ("pallet truck licence", "Gegengewichtsstapler").
//
//   int s = LicenceSchemeOf("lic_car");
//   LicenceCodes held = CodesNear(t, kw_begin, kw_end, s);  // "körkort CE"
//   (ImpliedCodes(s, held) & LicenceCode(s, "b")) != 0      // true

// Bit i = code i of one scheme (at most 64 codes).
using LicenceCodes = uint64_t;

// The scheme of a taxonomy licence family ("lic_car"), or -1.
int LicenceSchemeOf(std::string_view family_id);

// The code written `folded` ("ce", "c1e", "m3") in scheme `scheme`, or 0.
LicenceCodes LicenceCode(int scheme, std::string_view folded);

// Codes named around a licence keyword at tokens [begin, end): a class just
// before it ("CE-körkort"), classes and equipment words after it on the same
// line ("Klasse C1E, BE", "B+E", "kompetansebevis M2 og M4"), equipment words
// just before it ("pallet truck licence").
LicenceCodes CodesNear(const TokenizedText& t, uint32_t begin, uint32_t end,
                       int scheme);

// Codes named on a line without a keyword (under a licence header).
LicenceCodes CodesOnLine(const TokenizedText& t, uint32_t line, int scheme);

// `held` with everything it implies (transitively).
LicenceCodes ImpliedCodes(int scheme, LicenceCodes held);

// Codes that meet a requirement of taxonomy family `family_id` naming no
// class ("lic_truck_driver" -> C, implied by CE; "lic_forklift" -> B,
// counterbalance, reach).
LicenceCodes GenericCodes(std::string_view family_id);

// "B+CE", codes in table order.
std::string LicenceCodesToString(int scheme, LicenceCodes codes);

}  // namespace clara::screening::engine
