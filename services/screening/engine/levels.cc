#include "services/screening/engine/levels.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "services/screening/engine/lang_data.h"
#include "services/screening/engine/strings.h"
#include "services/screening/engine/text.h"

namespace clara::screening::engine {
namespace {

// Level words of every language, folded (data/lang/*/levels.tsv). Single
// words only: the tokenizer looks levels up word by word.
const absl::flat_hash_map<std::string_view, int>& LevelWords() {
  static const auto* kWords = [] {
    auto* storage = new std::vector<std::string>();
    auto* m = new absl::flat_hash_map<std::string_view, int>();
    const auto& rows = LangRows("levels.tsv");
    storage->reserve(rows.size());
    for (const LangRow& r : rows) {
      int level = 0;
      if (r.fields.size() < 2 || !absl::SimpleAtoi(AV(r.fields[1]), &level) || level < 1 || level > 6) continue;
      std::string w = FoldForMatch(r.fields[0]);
      if (w.empty() || w.find(' ') != std::string::npos) continue;
      storage->push_back(std::move(w));
      (*m)[storage->back()] = level;
    }
    return m;
  }();
  return *kWords;
}

}  // namespace

const absl::flat_hash_map<std::string_view, int>& LevelWordTable() {
  static const auto* kAll = [] {
    auto* m = new absl::flat_hash_map<std::string_view, int>(LevelWords());
    (*m)["sehr"] = 0;
    (*m)["solid"] = 0;
    return m;
  }();
  return *kAll;
}

int LevelOfWord(std::string_view folded, bool requirement) {
  if (requirement) {
    if (folded == "well" || folded == "strong" || folded == "excellent" ||
        folded == "fluent" || folded == "obehindrat") {
      return 5;
    }
    if (folded == "understand") return 0;
  } else if (folded == "sehr" || folded == "solid") {
    return 0;  // "sehr gute" is read from "gute"
  }
  auto it = LevelWords().find(folded);
  return it == LevelWords().end() ? 0 : it->second;
}

std::string ClassSetToString(ClassSet s) {
  std::string out;
  for (int i = 0; i < 26; ++i) {
    if (s & (1u << i)) {
      if (!out.empty()) out.push_back('+');
      out.push_back(static_cast<char>('A' + i));
    }
  }
  return out;
}

char LicenceClassOf(std::string_view w) {
  if (w.empty() || w.size() > 3) return 0;
  char c = w[0];
  if (c < 'a' || c > 'e') return 0;
  if (w.size() == 1) return c;
  // a1..a4, b1..b6, be, c1, c1e, ce, d1, de, am
  for (size_t i = 1; i < w.size(); ++i) {
    char d = w[i];
    if (!((d >= '1' && d <= '6') || d == 'e' || d == 'm')) return 0;
  }
  if (w == "am") return 'a';
  return c;
}

namespace {

bool IsFiller(std::string_view w) {
  return w == "och" || w == "and" || w == "und" || w == "og" || w == "en" ||
         w == "et" || w == "ja" || w == "for" || w == "fur" || w == "klasse" ||
         w == "class" || w == "klass" || w == "kategori" || w == "category" ||
         w == "kategorie" || w == "kat" || w == "der" || w == "the" ||
         w == "truck" || w == "trucks" || w == "enligt" || w == "tlp10" ||
         w == "licence" || w == "license" || w == "truckkort" || w == "i" ||
         w == "of" || w == "or" || w == "eller" || w == "oder" || w == "bzw" ||
         w == "klassen" || w == "classes" || w == "kort" || w == "einen" ||
         w == "gultigen" || w == "valid" || w == "b-truck";
}

}  // namespace

ClassSet ClassesNear(const TokenizedText& t, uint32_t begin, uint32_t end) {
  const auto& toks = t.tokens();
  ClassSet s = 0;
  // "B-körkort", "B körkort".
  if (begin > 0 && !(toks[begin].gap & (kGapNewline | kGapComma | kGapSentence))) {
    char c = LicenceClassOf(t.folded(begin - 1));
    if (c) s |= ClassBit(c);
  }
  size_t limit = std::min<size_t>(toks.size(), end + 10);
  for (size_t i = end; i < limit; ++i) {
    if (toks[i].gap & (kGapNewline | kGapSentence)) break;
    std::string_view w = t.folded(i);
    char c = LicenceClassOf(w);
    if (c) {
      s |= ClassBit(c);
      continue;
    }
    if (IsFiller(w)) continue;
    if (w.size() > 2 && w.substr(w.size() - 2) == "es") continue;  // "classes"
    break;
  }
  return s;
}

ClassSet ClassesOnLine(const TokenizedText& t, uint32_t line) {
  const auto& toks = t.tokens();
  ClassSet s = 0;
  uint32_t i = t.FirstTokenOfLine(line);
  bool started = false;
  for (; i < toks.size() && toks[i].line == line; ++i) {
    std::string_view w = t.folded(i);
    char c = LicenceClassOf(w);
    if (c) {
      s |= ClassBit(c);
      started = true;
      continue;
    }
    if (IsFiller(w)) continue;
    if (started) break;
  }
  return s;
}

}  // namespace clara::screening::engine
