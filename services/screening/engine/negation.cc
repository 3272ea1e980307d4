#include "services/screening/engine/negation.h"

#include "absl/container/flat_hash_map.h"

namespace clara::screening::engine {
namespace {

const absl::flat_hash_map<std::string_view, uint16_t>& CueTable() {
  static const auto* kTable = [] {
    auto* m = new absl::flat_hash_map<std::string_view, uint16_t>();
    for (std::string_view w :
         {"not", "no", "never", "without", "none", "cannot", "nicht", "kein",
          "keine", "keinen", "keiner", "keinem", "keines", "nie", "niemals",
          "ohne", "inte", "ej", "ingen", "inga", "inget", "aldrig", "utan",
          "ikke", "ikkje", "aldri", "uden", "uten", "nej", "nein", "nei",
          "geen", "niet", "nooit", "zonder", "jamais", "sans", "aucun",
          "aucune", "pas", "ei", "lack", "lacking"}) {
      (*m)[w] |= kCueNegation;
    }
    for (std::string_view w :
         {"basic",      "basics",       "beginner",      "elementary",
          "grundlagen", "grundkenntnisse", "grundkurs",  "grunder",
          "grundlaggande", "grunnleggende", "grunnkurs", "grundkursus",
          "basis",      "basiskennis",  "perus",         "perusteet",
          "alkeet",     "notions",      "debutant",      "helped",
          "help",       "assisted",     "assisting",     "supported",
          "supporting", "unterstutzung", "unterstutzt",  "anleitung",
          "occasional", "occasionally", "gelegentlich",  "gelegentliche",
          "ibland",     "tidvis",       "sporadic",      "some",
          "familiar",   "exposure",     "prototype",     "prototypes",
          "prototyp",   "learning",     "lernen",        "lerne",
          "lar",        "larer",        "schulkenntnisse", "school",
          "hobby",      "grundlegende", "grundniveau",   "introductory"}) {
      (*m)[w] |= kCueQualifier;
    }
    for (std::string_view w :
         {"course", "courses", "kurs", "kurser", "kursus", "kurssi", "cursus",
          "cours", "elearning", "bootcamp", "webinar", "workshop",
          "lehrgang", "schulung", "seminar", "mooc", "udemy", "coursera",
          "intro", "introduction", "einfuhrung", "introduktion", "tutorial",
          "internkurs", "grunnkurs", "abendkurs", "trailhead", "selfstudy"}) {
      (*m)[w] |= kCueCourse;
    }
    for (std::string_view w :
         {"planned", "planning", "geplant", "planerar", "planerad", "planlagt",
          "planlegger", "ovningskor", "ovningskorning", "upcoming", "anmalt",
          "expected", "voraussichtlich", "yet", "noch", "annu", "enna",
          "endnu", "enda"}) {
      (*m)[w] |= kCueFuture;
    }
    for (std::string_view w :
         {"interest", "interested", "interesse", "interessiert", "intresse",
          "intresserad", "interessert", "bereitschaft", "willing", "keen",
          "mochte", "vill", "onsker", "want", "wants", "goal", "ziel",
          "mal", "tavoite", "hope", "would"}) {
      (*m)[w] |= kCueInterest;
    }
    for (std::string_view w :
         {"ausbildung", "internship", "intern", "praktikum", "praktika",
          "praktikant", "praktik", "praktikplats", "larling", "apprentice",
          "apprenticeship", "lehrling", "azubi", "auszubildender", "summer",
          "sommer", "sommar", "sommarjobb", "sommarvikarie", "sommervikar",
          "ferienjob", "stagiaire", "stagiair", "harjoittelu",
          "harjoittelija", "laerling", "laering", "traineeship"}) {
      (*m)[w] |= kCueTraining;
    }
    for (std::string_view w :
         {"households", "household", "private", "privatkunden", "privatkunder",
          "privatpersoner", "consumers", "consumer", "b2c", "husholdninger",
          "hushall", "hushallen", "verbraucher", "endkunden", "privathushall",
          "privatkund", "privatkunde", "particuliers"}) {
      (*m)[w] |= kCueConsumer;
    }
    for (std::string_view w :
         {"b2b", "business", "businesses", "companies", "smb", "smbs", "sme",
          "smes", "bedrifter", "bedrift", "foretag", "foretagskunder",
          "virksomheder", "erhverv", "unternehmen", "firmenkunden", "gewerbe",
          "corporate", "enterprise", "enterprises", "saas", "owners", "managers",
          "firms", "retailers", "merchants", "clinics"}) {
      (*m)[w] |= kCueBusiness;
    }
    return m;
  }();
  return *kTable;
}

}  // namespace

const absl::flat_hash_map<std::string_view, uint16_t>& CueWords() {
  return CueTable();
}

uint16_t CueOf(std::string_view folded) {
  auto it = CueTable().find(folded);
  uint16_t c = it == CueTable().end() ? 0 : it->second;
  // German compounds: "Schnupperpraktikum", "Meistervorbereitung" etc.
  if (folded.size() > 10) {
    auto ends = [&](std::string_view s) {
      return folded.size() > s.size() &&
             folded.substr(folded.size() - s.size()) == s;
    };
    if (ends("praktikum") || ends("ausbildung")) c |= kCueTraining;
    if (ends("kurs") || ends("kurse") || ends("kursus")) c |= kCueCourse;
  }
  return c;
}

void ComputeCues(const TokenizedText& text, std::vector<uint16_t>* cues) {
  cues->resize(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    uint16_t c = text.tokens()[i].cues;
    // "haven't", "don't", "isn't": a lone "t" after an apostrophe.
    if (text.folded(i) == "t" && (text.tokens()[i].gap & kGapApos) && i > 0) {
      std::string_view prev = text.folded(i - 1);
      if (!prev.empty() && prev.back() == 'n') c |= kCueNegation;
    }
    (*cues)[i] = c;
  }
}

bool IsNegated(const TokenizedText& text, const std::vector<uint16_t>& cues,
               uint32_t begin) {
  const auto& toks = text.tokens();
  if (begin >= toks.size()) return false;
  for (int64_t i = static_cast<int64_t>(begin); i >= 0; --i) {
    if (i < static_cast<int64_t>(begin) && (cues[i] & kCueNegation)) {
      return true;
    }
    if (toks[i].gap & kClauseBreak) break;
    if (begin - i > 14) break;
  }
  return false;
}

bool LineNegated(const TokenizedText& text, const std::vector<uint16_t>& cues,
                 uint32_t begin) {
  const auto& toks = text.tokens();
  if (begin >= toks.size()) return false;
  uint32_t line = toks[begin].line;
  for (uint32_t i = text.FirstTokenOfLine(line);
       i < toks.size() && toks[i].line == line; ++i) {
    if (cues[i] & kCueNegation) return true;
    if ((cues[i] & kCueFuture) && text.folded(i) != "noch" &&
        text.folded(i) != "enda") {
      return true;
    }
  }
  return false;
}

uint16_t SegmentCues(const TokenizedText& text,
                     const std::vector<uint16_t>& cues, uint32_t begin,
                     uint32_t end) {
  const auto& toks = text.tokens();
  uint16_t c = 0;
  // Backwards to the segment start.
  for (int64_t i = static_cast<int64_t>(begin) - 1; i >= 0; --i) {
    if (toks[i + 1].gap & kSegmentBreak) break;
    if (begin - i > 16) break;
    c |= cues[i];
  }
  // Forwards to the segment end; a parenthesis right after the mention is
  // part of it ("Tableau (grunnkurs)").
  int depth = 0;
  for (size_t i = end; i < toks.size(); ++i) {
    uint16_t g = toks[i].gap;
    if (g & kGapParenOpen) ++depth;
    if (depth == 0 && (g & kSegmentBreak)) break;
    if (depth > 0 && (g & (kGapNewline | kGapSentence))) break;
    if (g & kGapParenClose) {
      if (depth == 0) break;
      --depth;
      if (depth == 0 && (g & kSegmentBreak & ~kGapParen)) break;
    }
    if (i - end > 8) break;
    c |= cues[i];
  }
  return c & ~kCueNegation;
}

}  // namespace clara::screening::engine
