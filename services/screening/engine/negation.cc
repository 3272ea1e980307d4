#include "services/screening/engine/negation.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "services/screening/engine/lang_data.h"
#include "services/screening/engine/strings.h"

namespace clara::screening::engine {
namespace {

struct CuePhrase {
  std::vector<std::string> words;  // folded
  uint16_t bits = 0;
  int lang = -1;  // Lang, or -1 for every language
};

struct CueData {
  std::vector<std::pair<std::string, uint16_t>> words;  // with markers
  absl::flat_hash_map<std::string, uint16_t> table;     // without markers
  std::vector<std::pair<std::string, uint16_t>> suffixes;
  std::vector<CuePhrase> phrases;  // several words, or one restricted word
  absl::flat_hash_map<std::string, std::vector<size_t>> by_first;  // -> phrases
};

uint16_t CueClassBits(std::string_view c) {
  if (c == "negation") return kCueNegation;
  if (c == "qualifier") return kCueQualifier;
  if (c == "course") return kCueCourse;
  if (c == "plan") return kCueFuture;
  if (c == "yet") return kCueFuture | kCueYet;
  if (c == "interest") return kCueInterest;
  if (c == "training") return kCueTraining;
  if (c == "consumer") return kCueConsumer;
  if (c == "business") return kCueBusiness;
  return 0;
}

// Built from data/lang/*/cues.tsv; rows with an unknown class are skipped
// (lang_data_test checks the files).
const CueData& Data() {
  static const CueData* kData = [] {
    auto* d = new CueData();
    absl::flat_hash_map<std::string, uint16_t> words;
    for (const LangRow& r : LangRows("cues.tsv")) {
      if (r.fields.size() < 2) continue;
      uint16_t bits = CueClassBits(r.fields[1]);
      if (bits == 0) continue;
      std::string_view word = r.fields[0];
      if (word.front() == '*') {
        std::vector<std::string> f = FoldWords(word.substr(1));
        if (f.size() == 1) d->suffixes.emplace_back(f[0], bits);
        continue;
      }
      std::vector<std::string> f = FoldWords(word);
      if (f.empty()) continue;
      int lang = -1;
      if (r.fields.size() > 2 && r.fields[2] == "only") {
        Lang l = LangFromCode(r.lang);
        // A folder the detector does not know ("es") cannot restrict.
        if (LangCode(l) == r.lang) lang = static_cast<int>(l);
      }
      if (f.size() == 1 && lang < 0) {
        words[f[0]] |= bits;
        d->table[f[0]] |= bits;
        continue;
      }
      words[f[0]] |= lang < 0 ? kCuePhrase : kCueLangOnly;
      d->phrases.push_back({std::move(f), bits, lang});
    }
    for (size_t p = 0; p < d->phrases.size(); ++p) {
      d->by_first[d->phrases[p].words[0]].push_back(p);
    }
    d->words.assign(words.begin(), words.end());
    std::sort(d->words.begin(), d->words.end());
    return d;
  }();
  return *kData;
}

void ApplyCues(const TokenizedText& text, int lang, std::vector<uint16_t>* cues) {
  cues->resize(text.size());
  const auto& toks = text.tokens();
  for (size_t i = 0; i < text.size(); ++i) {
    (*cues)[i] |= toks[i].cues & ~kCueMarkers;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    uint16_t c = toks[i].cues;
    // "haven't", "don't", "isn't": a lone "t" after an apostrophe.
    if (text.folded(i) == "t" && (toks[i].gap & kGapApos) && i > 0) {
      std::string_view prev = text.folded(i - 1);
      if (!prev.empty() && prev.back() == 'n') (*cues)[i] |= kCueNegation;
    }
    if (!(c & kCueMarkers)) continue;
    auto it = Data().by_first.find(AV(text.folded(i)));
    if (it == Data().by_first.end()) continue;
    for (size_t pi : it->second) {
      const CuePhrase& p = Data().phrases[pi];
      if (p.lang >= 0 && p.lang != lang) continue;
      if (i + p.words.size() > text.size()) continue;
      bool ok = true;
      for (size_t k = 0; k < p.words.size() && ok; ++k) {
        ok = text.folded(i + k) == p.words[k] &&
             (k == 0 || !(toks[i + k].gap & kClauseBreak));
      }
      if (!ok) continue;
      for (size_t k = 0; k < p.words.size(); ++k) (*cues)[i + k] |= p.bits;
    }
  }
}

}  // namespace

const std::vector<std::pair<std::string, uint16_t>>& CueWords() {
  return Data().words;
}

uint16_t CueSuffixOf(std::string_view folded) {
  uint16_t c = 0;
  // Compounds: "Schnupperpraktikum", "Staplerkurs", "työharjoittelu".
  if (folded.size() > 10) {
    for (const auto& [suffix, bits] : Data().suffixes) {
      if (folded.size() > suffix.size() &&
          folded.substr(folded.size() - suffix.size()) == suffix) {
        c |= bits;
      }
    }
  }
  return c;
}

uint16_t CueOf(std::string_view folded) {
  const CueData& d = Data();
  auto it = d.table.find(AV(folded));
  return (it == d.table.end() ? 0 : it->second) | CueSuffixOf(folded);
}

void ComputeCues(const TokenizedText& text, Lang lang,
                 std::vector<uint16_t>* cues) {
  cues->assign(text.size(), 0);
  ApplyCues(text, static_cast<int>(lang), cues);
}

void ComputeCues(const TokenizedText& text, std::vector<uint16_t>* cues) {
  cues->assign(text.size(), 0);
  ApplyCues(text, -1, cues);
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
  // Verb-final negation ("Mit DATEV habe ich bisher nicht gearbeitet.",
  // "SAP heb ik niet gebruikt", "Kafka har jag inte jobbat med"): a negation
  // later in the same segment, at most two words before its end.
  for (size_t j = begin + 1; j < toks.size() && j <= begin + 9; ++j) {
    if (toks[j].gap & kSegmentBreak) break;
    if (!(cues[j] & kCueNegation)) continue;
    if (cues[j - 1] & kCueYet) return false;  // "noch nicht": a plan, not a negation
    size_t rest = 0;
    for (size_t e = j + 1; e < toks.size() && !(toks[e].gap & kSegmentBreak); ++e) ++rest;
    return rest <= 2;
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
    if ((cues[i] & kCueFuture) && !(cues[i] & kCueYet)) return true;
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
