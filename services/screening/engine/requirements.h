// Requirement lines of a job ad, found by structure and modality rather than
// by a fixed list of headings.
//
// Structure: headings (h1–h6, bold-only paragraphs, a short line ending in
// ':' before a list), lists, tables ("Criteria | Essential | Desirable" with a
// mark per row) and running prose. Each heading is classified by the section
// words of every language the engine has data for (data/lang/*/sections.tsv:
// must | nice | tasks | offer | about | apply); a list under a heading nobody
// knows is read as requirements when most of its items carry a requirement
// signal (a modality cue or a requirement noun, data/lang/*/modality.tsv).
// Modality: a "nice" cue ("ideally", "gärna", "von Vorteil", "bij voorkeur",
// "se valorará" …) makes an item nice-to-have even under a must heading; when
// the cue opens a later clause ("Fluent SQL, ideally on PostgreSQL") only that
// clause is nice and the rest keeps the section's modality.
//
//   for (const RequirementLine& r : ExtractRequirements(job.body_html())) {
//     // r.text = "Førerkort klasse BE", r.must = true, r.origin = kSection
//   }
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "services/screening/engine/text.h"

namespace clara::screening::engine {

enum class SectionKind { kUnknown, kMust, kNice, kTasks, kOffer, kAbout, kApply };

struct RequirementLine {
  enum class Origin {
    kSection,  // under a requirements heading, or a list that reads as one
    kTable,    // a row of a requirements table
    kProse,    // a sentence with a modality cue outside requirement sections
    kFallback, // the ad had no recognisable requirement: list items / sentences
  };
  std::string text;
  bool must = true;
  Origin origin = Origin::kSection;
};

// The requirement lines of an HTML job body, in ad order. Never throws; an ad
// with no recognisable requirement yields the list items and requirement-like
// sentences outside task/offer/about sections (origin kFallback), and an empty
// body yields nothing.
std::vector<RequirementLine> ExtractRequirements(std::string_view body_html);

// The section a heading names (longest data entry that occurs in it as a word
// sequence), kUnknown when none does. Exposed for tests.
SectionKind ClassifyHeading(std::string_view heading);

// Modality of one item: kMust, kNice or kUnknown (no cue). Exposed for tests.
SectionKind ItemModality(std::string_view item);

// True when `item` carries a requirement signal: a modality cue or a
// requirement noun ("experience", "erfarenhet", "Kenntnisse", "kokemusta" …).
bool HasRequirementSignal(std::string_view item);

// True when `item` names a requirement noun (no modality cue needed).
bool HasRequirementNoun(std::string_view item);

// The content words of a requirement, folded, in order, without repeats:
// no function words, modality cues, requirement nouns, numbers or words
// shorter than four letters ("Erfahrung in der Immobilienverwaltung" →
// {"immobilienverwaltung"}). What a generic criterion looks for.
std::vector<std::string> ContentWords(std::string_view item);

// True when a content word (or its stem) is common across occupations and
// skills: it occurs in the labels of many ESCO concepts ("support", "manage",
// "Kunden", "hantera"; data/lang/*/common_words.tsv, derived from ESCO by
// tools/data/esco_common_words.py). Generic criteria weigh such words half.
bool IsCommonWord(std::string_view folded, std::string_view stem);

// True if the item asks for a disposition rather than something shown
// ("you enjoy coaching", "Sie arbeiten gern strukturiert", "trivs med
// högt tempo"; data class "trait" in modality.tsv): the résumé rarely
// evidences it, so when nothing is found a recruiter judges it.
bool AsksForTrait(std::string_view item);

// True when one of the item's first three words asks about availability
// ("Flexibility to work …", "Kan arbeta …", "Bereitschaft …", "Disponibilidad
// para …"; data/lang/*/modality.tsv class "availability").
bool AsksForAvailability(std::string_view item);

// True when the item names experience ("experience", "erfarenhet",
// "Erfahrung", "kokemus" … data/lang/*/modality.tsv class "experience").
bool AsksForExperience(std::string_view item);

// Names in the item: words with an inner capital beyond the first letter
// (acronyms and product names: "WSET", "HubSpot", "SolidWorks"), folded. A
// generic criterion counts one of them alone as evidence.
std::vector<std::string> NamedWords(std::string_view item);

}  // namespace clara::screening::engine
