#include "services/screening/engine/deidentify.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/screening/engine/lang_data.h"
#include "services/screening/engine/strings.h"
#include "services/screening/engine/text.h"

namespace clara::screening::engine {
namespace {

struct Span {
  size_t begin;
  size_t end;
  bool remove;  // delete instead of replacing with kRedacted
  std::string repl = {};  // with has_repl: this text instead of kRedacted
  bool has_repl = false;
};

// ---------------------------------------------------------------------------
// Personal data and grammatical gender, from data/lang/<code>/personal.tsv and
// gender.tsv (columns documented there). The C++ keeps only the mechanisms.

enum class Inline : uint8_t {
  kNone, kBorn, kStatus, kPronoun, kCitizen, kFaith, kWorship, kLink, kChild,
  kParent, kOld, kAged,
};

Inline InlineClass(std::string_view c) {
  static const auto* kMap = new absl::flat_hash_map<std::string, Inline>{
      {"born", Inline::kBorn},       {"status", Inline::kStatus},
      {"pronoun", Inline::kPronoun}, {"citizen", Inline::kCitizen},
      {"faith", Inline::kFaith},     {"worship", Inline::kWorship},
      {"link", Inline::kLink},       {"child", Inline::kChild},
      {"parent", Inline::kParent},   {"old", Inline::kOld},
      {"aged", Inline::kAged}};
  auto it = kMap->find(AV(c));
  return it == kMap->end() ? Inline::kNone : it->second;
}

// Lower-cases ASCII and Latin-1 letters in UTF-8, keeping accents and byte
// length ("Née" -> "née", "ÄRZTIN" -> "ärztin").
std::string LowerKeepAccents(std::string_view s) {
  std::string out(s);
  for (size_t i = 0; i < out.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < out.size()) {
      unsigned char d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
      ++i;
    }
  }
  return out;
}

std::string UpperKeepAccents(std::string_view s) {
  std::string out(s);
  for (size_t i = 0; i < out.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    if (c >= 'a' && c <= 'z') {
      out[i] = static_cast<char>(c - 32);
    } else if (c == 0xC3 && i + 1 < out.size()) {
      unsigned char d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0xA0 && d <= 0xBE && d != 0xB7) out[i + 1] = static_cast<char>(d - 0x20);
      ++i;
    }
  }
  return out;
}

std::vector<std::string> FoldedWords(std::string_view phrase) {
  std::vector<std::string> out;
  const std::string folded = FoldForMatch(phrase);  // outlives the split
  for (absl::string_view w : absl::StrSplit(AV(folded), ' ', absl::SkipEmpty())) {
    out.emplace_back(w);
  }
  return out;
}

struct Label {
  std::vector<std::string> words;  // folded
  std::string cls;
  bool bare = false;
};

struct Phrase {
  std::vector<std::string> words;  // folded
  Inline cls;
};

struct GenderRule {
  std::string from;  // lower case, accents kept
  std::string to;
  std::string lang;
  bool cap = false;
};

struct PersonalData {
  std::vector<Label> labels;  // longest first
  absl::flat_hash_map<std::string, std::vector<int>> label_by_first;
  absl::flat_hash_map<std::string, Inline> words;  // lower case, accents kept
  std::vector<std::pair<std::string, Inline>> prefixes;
  std::vector<Phrase> phrases;  // multi-word inline rows, longest first
  absl::flat_hash_set<std::string> number_words;
  absl::flat_hash_set<std::string> function_words;
  absl::flat_hash_set<std::string> photo_words;
  // Gender.
  absl::flat_hash_map<std::string, GenderRule> gender_words;
  std::vector<GenderRule> gender_suffixes;  // longest first
  absl::flat_hash_map<std::string, std::string> articles;  // lang + '\t' + word
  absl::flat_hash_set<std::string> keep;
};

const PersonalData& Personal() {
  static const PersonalData* kData = [] {
    auto* d = new PersonalData();
    for (const LangRow& r : LangRows("personal.tsv")) {
      if (r.fields.size() < 2) continue;
      std::string_view phrase = r.fields[0], cls = r.fields[1];
      Inline in = InlineClass(cls);
      if (in == Inline::kNone) {
        Label l{FoldedWords(phrase), std::string(cls),
                r.fields.size() > 2 && r.fields[2] == "bare"};
        if (l.words.empty()) continue;
        if (cls == "photo" && l.words.size() == 1) d->photo_words.insert(l.words[0]);
        d->labels.push_back(std::move(l));
        continue;
      }
      if (phrase.find(' ') != std::string_view::npos) {
        d->phrases.push_back({FoldedWords(phrase), in});
      } else if (!phrase.empty() && phrase.back() == '*') {
        d->prefixes.emplace_back(LowerKeepAccents(phrase.substr(0, phrase.size() - 1)), in);
      } else {
        d->words.emplace(LowerKeepAccents(phrase), in);
      }
    }
    std::stable_sort(d->labels.begin(), d->labels.end(), [](const Label& a, const Label& b) {
      return a.words.size() > b.words.size();
    });
    for (size_t i = 0; i < d->labels.size(); ++i) {
      d->label_by_first[d->labels[i].words[0]].push_back(static_cast<int>(i));
    }
    std::stable_sort(d->phrases.begin(), d->phrases.end(), [](const Phrase& a, const Phrase& b) {
      return a.words.size() > b.words.size();
    });
    for (const LangRow& r : LangRows("numbers.tsv")) {
      if (r.fields.size() >= 2 && !r.fields[1].empty() &&
          std::isdigit(static_cast<unsigned char>(r.fields[1][0]))) {
        for (const std::string& w : FoldedWords(r.fields[0])) d->number_words.insert(w);
      }
    }
    for (const LangRow& r : LangRows("function_words.tsv")) {
      for (const std::string& w : FoldedWords(r.fields[0])) d->function_words.insert(w);
    }
    for (const LangRow& r : LangRows("gender.tsv")) {
      if (r.fields.size() < 2) continue;
      std::string_view kind = r.fields[0];
      std::string from = LowerKeepAccents(r.fields[1]);
      if (kind == "keep") {
        d->keep.insert(from);
        continue;
      }
      if (r.fields.size() < 3) continue;
      GenderRule g{from, LowerKeepAccents(r.fields[2]), std::string(r.lang),
                   r.fields.size() > 3 && r.fields[3] == "cap"};
      if (kind == "word") {
        d->gender_words.emplace(from, std::move(g));
      } else if (kind == "suffix") {
        d->gender_suffixes.push_back(std::move(g));
      } else if (kind == "article") {
        d->articles.emplace(std::string(r.lang) + "\t" + from, g.to);
      }
    }
    std::stable_sort(d->gender_suffixes.begin(), d->gender_suffixes.end(),
                     [](const GenderRule& a, const GenderRule& b) {
                       return a.from.size() > b.from.size();
                     });
    return d;
  }();
  return *kData;
}

// The inline class of token i (one word, lower case with accents).
Inline WordClass(const TokenizedText& t, size_t i) {
  const PersonalData& d = Personal();
  std::string lower = LowerKeepAccents(t.raw(i));
  auto it = d.words.find(lower);
  if (it != d.words.end()) return it->second;
  for (const auto& [p, c] : d.prefixes) {
    if (lower.size() >= p.size() && lower.compare(0, p.size(), p) == 0) return c;
  }
  return Inline::kNone;
}

// Length in tokens of the multi-word inline phrase of class c at i, or 0.
size_t PhraseAt(const TokenizedText& t, size_t i, Inline c) {
  for (const Phrase& p : Personal().phrases) {
    if (p.cls != c || i + p.words.size() > t.size()) continue;
    bool ok = true;
    for (size_t k = 0; k < p.words.size() && ok; ++k) {
      ok = t.folded(i + k) == p.words[k] &&
           (k == 0 || !(t.tokens()[i + k].gap & kSegmentBreak));
    }
    if (ok) return p.words.size();
  }
  return 0;
}

// The label starting at token i (within [i, end)), or nullptr.
const Label* LabelAt(const TokenizedText& t, size_t i, size_t end) {
  const PersonalData& d = Personal();
  auto it = d.label_by_first.find(AV(t.folded(i)));
  if (it == d.label_by_first.end()) return nullptr;
  for (int li : it->second) {
    const Label& l = d.labels[li];
    if (i + l.words.size() > end) continue;
    bool ok = true;
    for (size_t k = 1; k < l.words.size() && ok; ++k) {
      ok = t.folded(i + k) == l.words[k] && !(t.tokens()[i + k].gap & kSegmentBreak);
    }
    if (ok) return &l;
  }
  return nullptr;
}

bool IsNumberish(const TokenizedText& t, size_t i) {
  return (t.tokens()[i].flags & kTokNumeric) ||
         Personal().number_words.contains(AV(t.folded(i)));
}

// Token i begins a sentence: a new line or segment, or a sentence end that is
// not an ordinal day ("3. april 1965").
bool StartsSentence(const TokenizedText& t, size_t i) {
  if (i == 0) return true;
  const Token& k = t.tokens()[i];
  if (k.gap & (kGapNewline | kGapBullet)) return true;
  if (!(k.gap & kGapSentence)) return false;
  const Token& p = t.tokens()[i - 1];
  return !((p.flags & kTokNumeric) && p.end - p.begin <= 2);
}

// The neutral form of a gendered title (and its language), or false.
bool NeutralTitle(const TokenizedText& t, size_t i, std::string* out, std::string* lang) {
  const PersonalData& d = Personal();
  const Token& tok = t.tokens()[i];
  if (!(tok.flags & kTokHasLetter) || (tok.flags & kTokHasDigit)) return false;
  std::string_view raw = t.raw(i);
  std::string lower = LowerKeepAccents(raw);
  if (d.keep.contains(lower)) return false;
  bool upper = (tok.flags & kTokAllUpper) && raw.size() > 1;
  auto it = d.gender_words.find(lower);
  if (it != d.gender_words.end()) {
    std::string to = it->second.to;
    if (upper) {
      to = UpperKeepAccents(to);
    } else if (tok.flags & kTokCapitalized) {
      size_t n = (static_cast<unsigned char>(to[0]) < 0x80) ? 1 : 2;
      to = UpperKeepAccents(to.substr(0, n)) + to.substr(n);
    }
    *out = to;
    *lang = it->second.lang;
    return true;
  }
  for (const GenderRule& g : d.gender_suffixes) {
    if (lower.size() < g.from.size() + 3) continue;
    if (lower.compare(lower.size() - g.from.size(), g.from.size(), g.from) != 0) continue;
    if (g.cap && !(tok.flags & (kTokCapitalized | kTokAllUpper))) continue;
    *out = std::string(raw.substr(0, raw.size() - g.from.size()));
    out->append(upper ? UpperKeepAccents(g.to) : g.to);
    *lang = g.lang;
    return true;
  }
  return false;
}

bool IsStreetSuffixToken(std::string_view w) {
  static constexpr std::string_view kSuffixes[] = {
      "gatan", "gata", "vagen", "vag", "straat", "strasse", "weg", "allee",
      "alle", "gade", "gate", "veien", "vei", "vej", "tie", "katu", "road",
      "street", "avenue", "lane", "plein", "laan", "gracht", "platz",
      "chaussee", "ringen", "torget", "torg", "backe", "damm", "ufer",
      "gasse", "markt", "stigen", "str", "st", "rd", "ave", "vegen", "veg"};
  for (std::string_view s : kSuffixes) {
    if (w.size() >= s.size() && w.substr(w.size() - s.size()) == s) {
      // Short generic suffixes only as whole words.
      if (s.size() <= 3 && w.size() != s.size()) continue;
      return true;
    }
  }
  return false;
}

bool IsStreetPrefix(std::string_view w) {
  return w == "ul" || w == "rua" || w == "carrer" || w == "calle" ||
         w == "via" || w == "rue" || w == "avenida" || w == "anschrift" ||
         w == "adresse" || w == "address" || w == "adress" || w == "osoite";
}

bool IsUrlHost(std::string_view chunk) {
  static constexpr std::string_view kTlds[] = {
      ".com", ".net", ".org", ".io", ".dev", ".se", ".de", ".no", ".dk",
      ".fi", ".nl", ".fr", ".eu", ".me", ".info", ".co", ".uk", ".at",
      ".ch", ".pl", ".es", ".it", ".be"};
  if (chunk.find("://") != std::string_view::npos) return true;
  if (chunk.substr(0, 4) == "www.") return true;
  size_t slash = chunk.find('/');
  std::string_view host = chunk.substr(0, slash);
  for (std::string_view t : kTlds) {
    if (host.size() > t.size() + 1 &&
        host.substr(host.size() - t.size()) == t &&
        (slash != std::string_view::npos || host.find("linkedin") != std::string_view::npos ||
         host.find("github") != std::string_view::npos)) {
      return true;
    }
  }
  return false;
}

void FindEmailsAndUrls(std::string_view text, std::vector<Span>* spans) {
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' ||
                               text[i] == '\t' || text[i] == '\r')) {
      ++i;
    }
    size_t b = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\n' &&
           text[i] != '\t' && text[i] != '\r') {
      ++i;
    }
    std::string_view chunk = text.substr(b, i - b);
    // Trim wrapping punctuation.
    size_t lb = 0, le = chunk.size();
    while (lb < le && (chunk[lb] == '(' || chunk[lb] == '<' || chunk[lb] == '"')) ++lb;
    while (le > lb && (chunk[le - 1] == ')' || chunk[le - 1] == '>' ||
                       chunk[le - 1] == ',' || chunk[le - 1] == '.' ||
                       chunk[le - 1] == ';' || chunk[le - 1] == '"')) {
      --le;
    }
    std::string_view core = chunk.substr(lb, le - lb);
    if (core.empty()) continue;
    bool email = core.find('@') != std::string_view::npos &&
                 core.find('.', core.find('@')) != std::string_view::npos;
    if (email || IsUrlHost(core)) {
      spans->push_back({b + lb, b + le, false});
    }
  }
}

void FindPhones(std::string_view text, std::vector<Span>* spans) {
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    bool start = c == '+' || c == '0' ||
                 (c == '(' && i + 1 < text.size() && text[i + 1] == '0');
    bool boundary = i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1]));
    if (!start || !boundary) {
      ++i;
      continue;
    }
    size_t j = i;
    int digits = 0;
    size_t last_digit = i;
    while (j < text.size() && j - i < 24) {
      char d = text[j];
      if (d >= '0' && d <= '9') {
        ++digits;
        last_digit = j;
      } else if (!(d == ' ' || d == '-' || d == '(' || d == ')' || d == '/' ||
                   d == '+' || d == '.')) {
        break;
      }
      ++j;
    }
    bool next_alnum = last_digit + 1 < text.size() &&
                      std::isalnum(static_cast<unsigned char>(text[last_digit + 1]));
    if (digits >= 8 && !next_alnum) {
      spans->push_back({i, last_digit + 1, false});
      i = last_digit + 1;
    } else {
      ++i;
    }
  }
}

}  // namespace

std::string ScrubText(std::string_view text, const Identifiers& ids) {
  std::vector<Span> spans;
  TokenizedText t;
  t.Reset(text);
  const auto& toks = t.tokens();
  const size_t n = toks.size();

  absl::flat_hash_set<std::string> names;
  for (const std::string& nm : ids.names) {
    TokenizedText nt;
    nt.Reset(nm);
    for (size_t k = 0; k < nt.size(); ++k) {
      if (nt.folded(k).size() >= 2) names.insert(std::string(nt.folded(k)));
    }
  }
  auto redact = [&](size_t first, size_t last) {  // tokens, inclusive
    spans.push_back({toks[first].begin, toks[last].end, false});
  };

  // Labelled personal data ("Statsborgerskap: norsk", "Fecha de nacimiento
  // 14/03/1990 | Nacionalidad …"): a line or "|"/"·" segment that starts with
  // a label and a colon (or with a bare label) is removed; a line made only of
  // such segments is removed whole, and a label alone on its line takes the
  // short line after it ("Date of birth\n14/06/1990").
  bool drop_next_line = false;
  for (uint32_t l = 0; l < t.line_count(); ++l) {
    uint32_t a = t.FirstTokenOfLine(l), b = t.FirstTokenOfLine(l + 1);
    auto [lb, le] = t.LineSpan(l);
    size_t line_end = le < text.size() ? le + 1 : le;
    if (a == b) continue;
    if (drop_next_line) {
      drop_next_line = false;
      if (b - a <= 5) {
        spans.push_back({lb, line_end, true});
        continue;
      }
    }
    std::vector<std::pair<uint32_t, uint32_t>> labelled;
    bool all = true, label_only = false;
    for (uint32_t s = a; s < b;) {
      uint32_t e = s + 1;
      while (e < b && !(toks[e].gap & kGapBullet)) ++e;
      const Label* lab = LabelAt(t, s, e);
      bool hit = false;
      if (lab != nullptr) {
        size_t v = s + lab->words.size();
        // Further labels joined by "/" ("Religion/Konfession:").
        while (v < e && (toks[v].gap & kGapSlash) && LabelAt(t, v, e) != nullptr) {
          v += LabelAt(t, v, e)->words.size();
        }
        bool colon = v < e ? (toks[v].gap & kGapColon) != 0
                           : text.substr(toks[v - 1].end, (e < b ? toks[e].begin : le) - toks[v - 1].end)
                                     .find(':') != std::string_view::npos;
        hit = colon || lab->bare;
        if (hit && v == e && s == a && e == b) label_only = true;
      }
      if (hit) {
        labelled.emplace_back(s, e);
      } else {
        all = false;
      }
      s = e;
    }
    // "[Photo]", "Foto", "Bewerbungsfoto" on a line of their own.
    if (!all && b - a <= 2) {
      all = true;
      bool photo = false;
      for (uint32_t i = a; i < b; ++i) photo |= Personal().photo_words.contains(AV(t.folded(i)));
      all = photo;
    }
    if (all) {
      spans.push_back({lb, line_end, true});
      drop_next_line = label_only;
    } else {
      for (auto [s, e] : labelled) redact(s, e - 1);
    }
  }

  FindEmailsAndUrls(text, &spans);
  FindPhones(text, &spans);

  const PersonalData& pd = Personal();
  // A name part that is also a common word ("El", "van", "De") counts only
  // beside another part of the name ("El Idrissi"), so "con el PMS" stays.
  auto name_at = [&](size_t k) {
    std::string_view f = t.folded(k);
    if (!names.contains(AV(f))) return false;
    if (!pd.function_words.contains(AV(f)) && f.size() > 2) return true;
    auto strong = [&](size_t j) {
      std::string_view g = t.folded(j);
      return names.contains(AV(g)) && !pd.function_words.contains(AV(g)) && g.size() > 2;
    };
    return (k > 0 && !(toks[k].gap & kSegmentBreak) && strong(k - 1)) ||
           (k + 1 < n && !(toks[k + 1].gap & kSegmentBreak) && strong(k + 1));
  };
  for (size_t i = 0; i < n; ++i) {
    std::string_view w = t.folded(i);
    // Names (not a month before a year: "Jan 2021", "May 2020").
    if (name_at(i)) {
      bool date = i + 1 < n && (toks[i + 1].flags & kTokNumeric) && t.folded(i + 1).size() == 4;
      if (!date) redact(i, i);
      continue;
    }
    // Multi-word phrases: "mother of two", "34 years old".
    if (size_t m = PhraseAt(t, i, Inline::kParent)) {
      size_t last = i + m - 1;
      if (last + 1 < n && IsNumberish(t, last + 1) && !(toks[last + 1].gap & kSegmentBreak)) ++last;
      redact(i, last);
      i = last;
      continue;
    }
    if ((toks[i].flags & kTokNumeric) && i + 1 < n) {
      size_t m = PhraseAt(t, i + 1, Inline::kOld);
      if (m == 0 && WordClass(t, i + 1) == Inline::kOld) m = 1;
      if (m > 0 && !(toks[i + 1].gap & kClauseBreak)) {
        redact(i, i + m);
        i += m;
        continue;
      }
    }
    Inline c = WordClass(t, i);
    switch (c) {
      case Inline::kPronoun:
        if (!((toks[i].flags & kTokAllUpper) && w.size() > 2)) redact(i, i);
        continue;
      case Inline::kStatus:
      case Inline::kFaith:
        redact(i, i);
        continue;
      case Inline::kChild:
        // "two children", "zwei Kinder", "3 kids".
        if (i > 0 && IsNumberish(t, i - 1) && !(toks[i].gap & kSegmentBreak)) redact(i - 1, i);
        continue;
      case Inline::kAged: {
        // "aged 34", "âgée de 34 ans".
        for (size_t j = i + 1; j < n && j <= i + 2 && !(toks[j].gap & kSegmentBreak); ++j) {
          if (toks[j].flags & kTokNumeric) {
            redact(i, j);
            i = j;
            break;
          }
        }
        continue;
      }
      case Inline::kCitizen: {
        // "polsk statsborger", "Spanish and Moroccan citizen".
        size_t first = i;
        for (size_t k = i; k > 0 && i - k < 3; --k) {
          if (toks[k].gap & (kSegmentBreak | kGapParen)) break;
          size_t p = k - 1;
          std::string_view pw = t.folded(p);
          bool cap = (toks[p].flags & kTokCapitalized) && !StartsSentence(t, p);
          bool link = WordClass(t, p) == Inline::kLink && p > 0 &&
                      (toks[p - 1].flags & kTokCapitalized);
          bool adjacent = p + 1 == i && !pd.function_words.contains(AV(pw)) &&
                          !(toks[p].flags & kTokHasDigit);
          if (!(cap || link || adjacent)) break;
          first = p;
        }
        redact(first, i);
        continue;
      }
      case Inline::kWorship: {
        // "St Mary's Church", "Masjid Al-Noor", "Kirchengemeinde St. Marien":
        // the place of worship with the proper name around it.
        auto capital = [&](size_t k) {
          return (toks[k].flags & (kTokCapitalized | kTokAllUpper)) != 0;
        };
        // A link word ("of", "van de") belongs to the name when a capitalised
        // word follows it in the direction of travel.
        auto name_part = [&](size_t k, int dir) {
          if (capital(k)) return true;
          if (t.folded(k) == "s" && (toks[k].gap & kGapApos)) return true;
          for (size_t j = k; j < n && WordClass(t, j) == Inline::kLink;) {
            if (j == 0 && dir < 0) return false;
            j = dir > 0 ? j + 1 : j - 1;
            if (j < n && capital(j)) return true;
          }
          return false;
        };
        // "St. Josef": an abbreviation's dot does not end the name.
        auto joined = [&](size_t k) {  // token k continues the name before it
          uint16_t g = toks[k].gap;
          if ((g & kGapSentence) && !(g & ~static_cast<uint16_t>(kGapSentence | kGapDot)) &&
              capital(k - 1) && t.folded(k - 1).size() <= 3) {
            return true;
          }
          return !(g & (kSegmentBreak | kGapParen));
        };
        size_t first = i, last = i;
        while (first > 0 && i - first < 4 && joined(first) && name_part(first - 1, -1)) {
          --first;
        }
        while (first < i && WordClass(t, first) == Inline::kLink) ++first;
        while (last + 1 < n && last - i < 5 && joined(last + 1) && name_part(last + 1, +1)) {
          ++last;
        }
        while (last > i && WordClass(t, last) == Inline::kLink) --last;
        redact(first, last);
        i = last;
        continue;
      }
      case Inline::kBorn: {
        // "born in 1972 in Tangier", "née le 3 mars 1990 à Lyon", "född 1965 i
        // Umeå", "Born and raised in Leeds.": the birth statement is the rest
        // of its sentence; a verb-final one ("Ich bin 1990 in Köln geboren.")
        // the whole sentence.
        size_t sb = i;
        while (sb > 0 && !StartsSentence(t, sb)) --sb;
        size_t se = i;
        while (se + 1 < n && !StartsSentence(t, se + 1)) ++se;
        size_t first = i;
        if (se == i && i > sb) {
          first = sb;
        } else {
          for (size_t k = i; k > sb && i - k < 5; --k) {
            if (toks[k - 1].flags & kTokHasDigit) first = k - 1;
          }
        }
        bool detail = StartsSentence(t, i);
        for (size_t k = first; k <= se && !detail; ++k) {
          if (k == i || k == sb) continue;
          detail = (toks[k].flags & (kTokHasDigit | kTokCapitalized)) != 0;
        }
        if (detail) {
          redact(first, se);
          i = se;
        }
        continue;
      }
      default:
        break;
    }
    // A personal label inside a line ("… de nationalité française et
    // marocaine", "British nationality"): the label, the capitalised words
    // before it and the rest of its clause (at most five words).
    if (const Label* lab = LabelAt(t, i, n);
        lab != nullptr && !StartsSentence(t, i) &&
        (lab->cls == "nationality" || lab->cls == "citizenship" || lab->cls == "birthplace" ||
         lab->cls == "origin" || (lab->cls == "dob" && lab->words.size() > 1))) {
      size_t first = i;
      while (first > 0 && i - first < 3 && !(toks[first].gap & kSegmentBreak) &&
             (toks[first - 1].flags & kTokCapitalized) && !StartsSentence(t, first - 1)) {
        --first;
      }
      size_t last = i + lab->words.size() - 1;
      while (last + 1 < n && last + 1 < i + lab->words.size() + 5 &&
             !(toks[last + 1].gap & (kSegmentBreak | kGapParen))) {
        ++last;
      }
      redact(first, last);
      i = last;
      continue;
    }
    // Grammatical gender of titles: "Sachbearbeiterin" -> "Sachbearbeiter",
    // "zur Kauffrau" -> "zum Kaufmann", "une infirmière" -> "un infirmier".
    std::string neutral, lang;
    if (NeutralTitle(t, i, &neutral, &lang)) {
      if (i > 0 && !(toks[i].gap & ~static_cast<uint16_t>(kGapApos))) {
        auto art = pd.articles.find(lang + "\t" + LowerKeepAccents(t.raw(i - 1)));
        if (art != pd.articles.end()) {
          std::string to = art->second;
          if (toks[i - 1].flags & kTokAllUpper && t.raw(i - 1).size() > 1) {
            to = UpperKeepAccents(to);
          } else if (toks[i - 1].flags & kTokCapitalized) {
            to = UpperKeepAccents(to.substr(0, 1)) + to.substr(1);
          }
          spans.push_back({toks[i - 1].begin, toks[i - 1].end, false, to, true});
        }
      }
      spans.push_back({toks[i].begin, toks[i].end, false, neutral, true});
      continue;
    }
    // Street addresses: "Hornsgatan 112, 117 26 Stockholm" up to the next
    // "·", "|" or spaced dash.
    bool street = false;
    size_t sb = i;
    bool digit_next = i + 1 < toks.size() && (toks[i + 1].flags & kTokHasDigit);
    bool cap = digit_next && ((toks[i].flags & kTokCapitalized) ||
               (i > 0 && (toks[i - 1].flags & kTokCapitalized) &&
                toks[i].gap == 0 && toks[i - 1].line == toks[i].line));
    if (IsStreetSuffixToken(w) && cap && t.folded(i + 1 < toks.size() ? i + 1 : i).size() <= 5 &&
        i + 1 < toks.size() && (toks[i + 1].flags & kTokHasDigit) &&
        !(toks[i + 1].gap & (kGapNewline | kGapComma))) {
      street = true;
      // Walk back over "Karl-Heine-" / "Lechhauser " parts.
      while (sb > 0 && !(toks[sb].gap & (kGapNewline | kGapComma | kGapBullet |
                                         kGapDash | kGapColon | kGapSentence)) &&
             (toks[sb - 1].flags & kTokCapitalized) && i - sb < 3) {
        --sb;
      }
    } else if (IsStreetPrefix(w) && i + 2 < toks.size() &&
               !(toks[i + 1].gap & kGapNewline) &&
               (toks[i].gap & (kGapNewline)) ) {
      street = true;
    }
    if (street) {
      size_t j = i + 1;
      size_t end = toks[i].end;
      while (j < toks.size() &&
             !(toks[j].gap & (kGapNewline | kGapBullet | kGapDash))) {
        end = toks[j].end;
        ++j;
      }
      spans.push_back({toks[sb].begin, end, false});
      i = j - 1;
      continue;
    }
  }
  // Postcode lines: "44135 Dortmund", "117 26 Stockholm".
  for (uint32_t l = 0; l < t.line_count(); ++l) {
    uint32_t a = t.FirstTokenOfLine(l), b = t.FirstTokenOfLine(l + 1);
    if (b - a < 2 || b - a > 4) continue;
    if (!(toks[a].flags & kTokNumeric)) continue;
    size_t digits = t.folded(a).size();
    if (digits == 3 && b - a >= 3 && (toks[a + 1].flags & kTokNumeric)) digits = 5;
    if (digits < 4 || digits > 5) continue;
    if (!(toks[b - 1].flags & kTokCapitalized)) continue;
    if (toks[a + 1].gap != 0) continue;
    bool dash = false;
    for (uint32_t i = a + 1; i < b; ++i) dash |= (toks[i].gap & (kGapDash | kGapHyphen)) != 0;
    if (dash) continue;
    spans.push_back({toks[a].begin, toks[b - 1].end, false});
  }

  if (spans.empty()) return std::string(text);
  std::sort(spans.begin(), spans.end(), [](const Span& x, const Span& y) {
    return x.begin != y.begin ? x.begin < y.begin : x.end > y.end;
  });
  // Merge overlapping spans; removal wins, then redaction over a rewritten title.
  std::vector<Span> merged;
  for (const Span& s : spans) {
    // Redactions separated only by spaces or hyphens become one token, so the
    // number of name parts ("Ole Martin Bakken") does not show.
    if (!merged.empty() && !s.remove && !s.has_repl && !merged.back().remove &&
        !merged.back().has_repl && s.begin >= merged.back().end &&
        text.substr(merged.back().end, s.begin - merged.back().end)
                .find_first_not_of(" -\t") == std::string_view::npos) {
      merged.back().end = std::max(merged.back().end, s.end);
      continue;
    }
    if (!merged.empty() && s.begin < merged.back().end) {
      Span& m = merged.back();
      if (m.has_repl && s.has_repl && s.begin == m.begin && s.end == m.end) continue;
      m.end = std::max(m.end, s.end);
      m.remove = m.remove || s.remove;
      m.has_repl = false;
      continue;
    }
    merged.push_back(s);
  }
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  for (const Span& s : merged) {
    out.append(text.substr(pos, s.begin - pos));
    if (s.has_repl) {
      out.append(s.repl);
    } else if (!s.remove) {
      out.append(kRedacted);
    }
    pos = s.end;
  }
  out.append(text.substr(pos));
  return out;
}

v1::CandidateEvidence DeidentifyCandidate(const RawCandidate& raw) {
  Identifiers ids;
  for (const std::string* n : {&raw.first_name, &raw.last_name}) {
    for (absl::string_view part : absl::StrSplit(*n, absl::ByAnyChar(" -"))) {
      if (part.size() >= 2) ids.names.emplace_back(part);
    }
  }
  ids.others.push_back(raw.email);
  ids.others.push_back(raw.phone);
  for (const std::string& o : raw.other_identifiers) ids.others.push_back(o);

  auto scrub = [&](std::string_view s) {
    std::string out = ScrubText(s, ids);
    // Identifiers given verbatim (LinkedIn URL, address) are removed too.
    for (const std::string& o : ids.others) {
      if (o.size() < 5) continue;
      size_t p = 0;
      while ((p = out.find(o, p)) != std::string::npos) {
        out.replace(p, o.size(), kRedacted);
        p += kRedacted.size();
      }
    }
    return out;
  };
  v1::CandidateEvidence ev;
  ev.set_resume_text(scrub(raw.resume_text));
  ev.set_pitch(scrub(raw.pitch));
  ev.set_cover_letter(scrub(raw.cover_letter));
  for (const v1::CandidateAnswer& a : raw.answers) {
    v1::CandidateAnswer* out = ev.add_answers();
    *out = a;
    if (a.value_case() == v1::CandidateAnswer::kText) {
      out->set_text(scrub(a.text()));
    }
  }
  return ev;
}

}  // namespace clara::screening::engine
