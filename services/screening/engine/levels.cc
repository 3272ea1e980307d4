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
  // Codes of the data schemes ("m3", "t4") by their letter.
  for (int sc = 0; sc < 8; ++sc) {
    if (w.size() >= 2 && LicenceCode(sc, w) != 0) return w[0];
  }
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
    if (w == "e" && (toks[i].gap & kGapPlus)) continue;  // "B+E"
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

// ---- Licence classes as a hierarchy ------------------------------------

namespace {

struct Scheme {
  std::string name;
  std::vector<std::string> codes;             // folded
  std::vector<LicenceCodes> implies;          // direct, per code
  std::vector<LicenceCodes> closure;          // transitive, incl. itself
};

struct Equipment {
  std::vector<std::string> words;  // folded
  int scheme = -1;
  LicenceCodes code = 0;
};

struct LicenceData {
  std::vector<Scheme> schemes;
  std::vector<std::pair<std::string, int>> families;  // family id -> scheme
  std::vector<LicenceCodes> generic;                   // per family
  std::vector<Equipment> equipment;
};

int CodeIndex(const Scheme& s, std::string_view folded) {
  for (size_t i = 0; i < s.codes.size(); ++i) {
    if (s.codes[i] == folded) return static_cast<int>(i);
  }
  return -1;
}

std::string FoldCode(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
  }
  return out;
}

const LicenceData& Licences() {
  static const LicenceData* kData = [] {
    auto* d = new LicenceData();
    auto scheme = [&](std::string_view name) -> Scheme& {
      for (Scheme& s : d->schemes) {
        if (s.name == name) return s;
      }
      d->schemes.push_back(Scheme{std::string(name), {}, {}, {}});
      return d->schemes.back();
    };
    const auto& rows = DataRows("licences.tsv");
    for (const auto& r : rows) {  // codes first, so implications may refer forward
      if (r.size() >= 3 && r[0] == "class") {
        Scheme& s = scheme(r[1]);
        if (s.codes.size() < 64 && CodeIndex(s, FoldCode(r[2])) < 0) {
          s.codes.push_back(FoldCode(r[2]));
          s.implies.push_back(0);
        }
      }
    }
    for (const auto& r : rows) {
      if (r.size() >= 3 && r[0] == "scheme") {
        scheme(r[2]);
        d->families.emplace_back(std::string(r[1]), -1);
        for (size_t i = 0; i < d->schemes.size(); ++i) {
          if (d->schemes[i].name == r[2]) d->families.back().second = static_cast<int>(i);
        }
      } else if (r.size() >= 4 && r[0] == "class") {
        Scheme& s = scheme(r[1]);
        int c = CodeIndex(s, FoldCode(r[2]));
        for (std::string_view w : Split(r[3], ' ')) {
          int to = CodeIndex(s, FoldCode(w));
          if (c >= 0 && to >= 0) s.implies[c] |= LicenceCodes{1} << to;
        }
      }
    }
    d->generic.assign(d->families.size(), 0);
    for (const auto& r : rows) {
      if (r.size() < 3 || r[0] != "generic") continue;
      for (size_t f = 0; f < d->families.size(); ++f) {
        if (d->families[f].first != r[1] || d->families[f].second < 0) continue;
        const Scheme& s = d->schemes[d->families[f].second];
        for (std::string_view w : Split(r[2], ' ')) {
          if (w == "*") {
            d->generic[f] |= s.codes.size() < 64 ? (LicenceCodes{1} << s.codes.size()) - 1
                                                 : ~LicenceCodes{0};
            continue;
          }
          int c = CodeIndex(s, FoldCode(w));
          if (c >= 0) d->generic[f] |= LicenceCodes{1} << c;
        }
      }
    }
    for (Scheme& s : d->schemes) {
      s.closure.assign(s.codes.size(), 0);
      for (size_t c = 0; c < s.codes.size(); ++c) {
        LicenceCodes cl = LicenceCodes{1} << c;
        for (bool grew = true; grew;) {
          LicenceCodes next = cl;
          for (size_t k = 0; k < s.codes.size(); ++k) {
            if (cl & (LicenceCodes{1} << k)) next |= s.implies[k];
          }
          grew = next != cl;
          cl = next;
        }
        s.closure[c] = cl;
      }
    }
    for (const LangRow& r : LangRows("licences.tsv")) {
      if (r.fields.size() < 3) continue;
      Equipment e;
      e.words = FoldWords(r.fields[0]);
      for (size_t i = 0; i < d->schemes.size(); ++i) {
        if (d->schemes[i].name != r.fields[1]) continue;
        int c = CodeIndex(d->schemes[i], FoldCode(r.fields[2]));
        if (c < 0) continue;
        e.scheme = static_cast<int>(i);
        e.code = LicenceCodes{1} << c;
      }
      if (e.scheme >= 0 && !e.words.empty()) d->equipment.push_back(std::move(e));
    }
    return d;
  }();
  return *kData;
}

// Equipment words of `scheme` starting at token i: their code and length.
LicenceCodes EquipmentAt(const TokenizedText& t, size_t i, int scheme, size_t* len) {
  for (const Equipment& e : Licences().equipment) {
    if (e.scheme != scheme || i + e.words.size() > t.size()) continue;
    bool ok = true;
    for (size_t k = 0; k < e.words.size() && ok; ++k) {
      ok = t.folded(i + k) == e.words[k] &&
           (k == 0 || !(t.tokens()[i + k].gap & (kGapNewline | kGapComma)));
    }
    if (ok) {
      *len = e.words.size();
      return e.code;
    }
  }
  return 0;
}

// The code at token i ("c1e", or "c1" "+" "e" -> C1E), and its length.
LicenceCodes CodeAt(const TokenizedText& t, size_t i, int scheme, size_t* len) {
  std::string_view w = t.folded(i);
  LicenceCodes c = LicenceCode(scheme, w);
  if (c == 0) return 0;
  *len = 1;
  if (i + 1 < t.size() && t.folded(i + 1) == "e" &&
      (t.tokens()[i + 1].gap & (kGapPlus | kGapHyphen))) {
    std::string joined = std::string(w) + "e";
    if (LicenceCodes ce = LicenceCode(scheme, joined)) {
      *len = 2;
      return ce;
    }
  }
  return c;
}

}  // namespace

int LicenceSchemeOf(std::string_view family_id) {
  for (const auto& [f, s] : Licences().families) {
    if (f == family_id) return s;
  }
  return -1;
}

LicenceCodes LicenceCode(int scheme, std::string_view folded) {
  const auto& ss = Licences().schemes;
  if (scheme < 0 || static_cast<size_t>(scheme) >= ss.size()) return 0;
  int c = CodeIndex(ss[scheme], folded);
  return c < 0 ? 0 : LicenceCodes{1} << c;
}

LicenceCodes CodesNear(const TokenizedText& t, uint32_t begin, uint32_t end,
                       int scheme) {
  if (scheme < 0) return 0;
  const auto& toks = t.tokens();
  LicenceCodes s = 0;
  size_t len = 0;
  // "CE-körkort", "pallet truck licence" (the equipment may overlap the
  // keyword: "truck licence").
  if (begin > 0 && !(toks[begin].gap & (kGapNewline | kGapComma | kGapSentence))) {
    if (LicenceCodes c = CodeAt(t, begin - 1, scheme, &len)) s |= c;
    for (uint32_t back = 1; back <= 2 && back <= begin; ++back) {
      if (LicenceCodes c = EquipmentAt(t, begin - back, scheme, &len)) {
        if (begin - back + len <= end) s |= c;
      }
    }
  }
  // Inside the keyword ("CE-körkort", "permis B").
  for (size_t i = begin; i < end; ++i) {
    if (LicenceCodes c = CodeAt(t, i, scheme, &len)) s |= c;
  }
  size_t limit = std::min<size_t>(toks.size(), end + 10);
  for (size_t i = end; i < limit;) {
    if (toks[i].gap & (kGapNewline | kGapSentence)) break;
    std::string_view w = t.folded(i);
    if (LicenceCodes c = CodeAt(t, i, scheme, &len)) {
      s |= c;
      // "A1–A4": every sub-class in between.
      std::string_view a = w;
      if (len == 1 && i + 1 < limit && (toks[i + 1].gap & (kGapDash | kGapHyphen)) &&
          a.size() == 2 && a[1] >= '0' && a[1] <= '9') {
        std::string_view b = t.folded(i + 1);
        if (b.size() == 2 && b[0] == a[0] && b[1] > a[1] && b[1] <= '9' &&
            LicenceCode(scheme, b) != 0) {
          for (char d = a[1]; d <= b[1]; ++d) {
            s |= LicenceCode(scheme, std::string{a[0], d});
          }
          len = 2;
        }
      }
      i += len;
      continue;
    }
    if (LicenceCodes c = EquipmentAt(t, i, scheme, &len)) {
      s |= c;
      i += len;
      continue;
    }
    if (IsFiller(w)) {
      ++i;
      continue;
    }
    if (w.size() > 2 && w.substr(w.size() - 2) == "es") {  // "classes"
      ++i;
      continue;
    }
    break;
  }
  return s;
}

LicenceCodes CodesOnLine(const TokenizedText& t, uint32_t line, int scheme) {
  if (scheme < 0) return 0;
  const auto& toks = t.tokens();
  LicenceCodes s = 0;
  bool started = false;
  size_t len = 0;
  for (size_t i = t.FirstTokenOfLine(line); i < toks.size() && toks[i].line == line;) {
    if (LicenceCodes c = CodeAt(t, i, scheme, &len)) {
      s |= c;
      started = true;
      i += len;
      continue;
    }
    if (IsFiller(t.folded(i))) {
      ++i;
      continue;
    }
    if (started) break;
    ++i;
  }
  return s;
}

LicenceCodes ImpliedCodes(int scheme, LicenceCodes held) {
  const auto& ss = Licences().schemes;
  if (scheme < 0 || static_cast<size_t>(scheme) >= ss.size()) return held;
  LicenceCodes out = held;
  const Scheme& s = ss[scheme];
  for (size_t c = 0; c < s.codes.size(); ++c) {
    if (held & (LicenceCodes{1} << c)) out |= s.closure[c];
  }
  return out;
}

LicenceCodes GenericCodes(std::string_view family_id) {
  const LicenceData& d = Licences();
  for (size_t f = 0; f < d.families.size(); ++f) {
    if (d.families[f].first == family_id) return d.generic[f];
  }
  return 0;
}

std::string LicenceCodesToString(int scheme, LicenceCodes codes) {
  const auto& ss = Licences().schemes;
  if (scheme < 0 || static_cast<size_t>(scheme) >= ss.size()) return "";
  std::string out;
  const Scheme& s = ss[scheme];
  for (size_t c = 0; c < s.codes.size(); ++c) {
    if (!(codes & (LicenceCodes{1} << c))) continue;
    if (!out.empty()) out.push_back('+');
    // Class codes are upper-case ("C1E"); equipment names stay as words.
    bool upper = s.codes[c].size() <= 3;
    for (char ch : s.codes[c]) {
      out.push_back(upper && ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 32) : ch);
    }
  }
  return out;
}

}  // namespace clara::screening::engine
