#include "services/screening/engine/requirements.h"

#include <algorithm>
#include <cctype>

#include "absl/container/flat_hash_set.h"
#include "services/screening/engine/html_text.h"
#include "services/screening/engine/lang_data.h"
#include "services/screening/engine/strings.h"

namespace clara::screening::engine {
namespace {

struct Phrase {
  std::vector<std::string> words;  // folded tokens
  SectionKind kind = SectionKind::kUnknown;
  bool back = false;  // a predicative cue that speaks of the whole item
};

struct Vocab {
  std::vector<Phrase> sections;
  std::vector<Phrase> cues;     // modality: kMust / kNice
  std::vector<std::string> signals;  // requirement nouns, matched as prefixes
  std::vector<std::string> experience;  // experience words, matched as prefixes
  std::vector<std::vector<std::string>> availability;  // last word matched as a prefix
  std::vector<std::vector<std::string>> traits;        // last word matched as a prefix
  absl::flat_hash_set<std::string> common_words;  // from ESCO labels
};

SectionKind KindOf(std::string_view s) {
  if (s == "must") return SectionKind::kMust;
  if (s == "nice") return SectionKind::kNice;
  if (s == "tasks") return SectionKind::kTasks;
  if (s == "offer") return SectionKind::kOffer;
  if (s == "about") return SectionKind::kAbout;
  if (s == "apply") return SectionKind::kApply;
  return SectionKind::kUnknown;
}

std::vector<std::string> FoldedWords(std::string_view text) {
  TokenizedText t;
  t.Reset(text);
  std::vector<std::string> out;
  for (size_t i = 0; i < t.size(); ++i) out.emplace_back(t.folded(i));
  return out;
}

const Vocab& V() {
  static const Vocab* kVocab = [] {
    auto* v = new Vocab();
    for (const LangRow& r : LangRows("sections.tsv")) {
      if (r.fields.size() < 2 || KindOf(r.fields[1]) == SectionKind::kUnknown) continue;
      Phrase p{FoldedWords(r.fields[0]), KindOf(r.fields[1])};
      if (!p.words.empty()) v->sections.push_back(std::move(p));
    }
    for (const LangRow& r : LangRows("modality.tsv")) {
      if (r.fields.size() < 2) continue;
      if (r.fields[1] == "signal" || r.fields[1] == "experience") {
        std::string f = FoldForMatch(r.fields[0]);
        if (f.empty()) continue;
        if (r.fields[1] == "experience") v->experience.push_back(f);
        v->signals.push_back(std::move(f));
        continue;
      }
      if (r.fields[1] == "trait") {
        std::vector<std::string> w = FoldedWords(r.fields[0]);
        if (!w.empty()) v->traits.push_back(std::move(w));
        continue;
      }
      if (r.fields[1] == "availability") {
        std::vector<std::string> w = FoldedWords(r.fields[0]);
        if (!w.empty()) v->availability.push_back(std::move(w));
        continue;
      }
      SectionKind k = KindOf(r.fields[1]);
      if (k != SectionKind::kMust && k != SectionKind::kNice) continue;
      Phrase p{FoldedWords(r.fields[0]), k, r.fields.size() > 2 && r.fields[2] == "back"};
      if (!p.words.empty()) v->cues.push_back(std::move(p));
    }
    for (const LangRow& r : LangRows("common_words.tsv")) {
      for (std::string& w : FoldedWords(r.fields[0])) v->common_words.insert(std::move(w));
    }
    return v;
  }();
  return *kVocab;
}

bool MatchAt(const TokenizedText& t, size_t i, const Phrase& p) {
  if (i + p.words.size() > t.size()) return false;
  for (size_t k = 0; k < p.words.size(); ++k) {
    if (t.folded(i + k) != p.words[k]) return false;
  }
  return true;
}

struct CueHit {
  size_t begin, end;  // tokens
  SectionKind kind;
  bool back;
};

std::vector<CueHit> FindCues(const TokenizedText& t) {
  std::vector<CueHit> hits;
  for (size_t i = 0; i < t.size(); ++i) {
    const Phrase* best = nullptr;
    for (const Phrase& p : V().cues) {
      if ((best == nullptr || p.words.size() > best->words.size() ||
           (p.words.size() == best->words.size() && p.kind == SectionKind::kNice)) &&
          MatchAt(t, i, p)) {
        best = &p;
      }
    }
    if (best != nullptr) {
      hits.push_back({i, i + best->words.size(), best->kind, best->back});
      i += best->words.size() - 1;
    }
  }
  return hits;
}

// Parentheses do not open a clause: "(e.g. …) would be a plus" is one.
constexpr uint16_t kClauseGap = kGapComma | kGapDash | kGapSentence | kGapNewline | kGapColon;

bool IsContentToken(const TokenizedText& t, size_t i) {
  std::string_view w = t.folded(i);
  if (w.size() < 2 && !(t.tokens()[i].flags & kTokNumeric)) return false;
  return !IsFunctionWord(w);
}

struct Modality {
  SectionKind whole = SectionKind::kUnknown;  // kMust / kNice / kUnknown
  size_t split_byte = std::string_view::npos; // nice from here on …
  size_t resume_byte = std::string_view::npos; // … to here, when a clause follows
};

Modality AnalyzeModality(std::string_view item) {
  TokenizedText t;
  t.Reset(item);
  Modality m;
  std::vector<CueHit> hits = FindCues(t);
  const CueHit* nice = nullptr;
  bool must = false;
  for (const CueHit& h : hits) {
    if (h.kind == SectionKind::kNice && nice == nullptr) nice = &h;
    if (h.kind == SectionKind::kMust) must = true;
  }
  if (nice == nullptr) {
    m.whole = must ? SectionKind::kMust : SectionKind::kUnknown;
    return m;
  }
  // The clause the cue sits in: from the last clause break at or before it.
  size_t cs = 0;
  for (size_t i = nice->begin; i > 0; --i) {
    if (t.tokens()[i].gap & kClauseGap) {
      cs = i;
      break;
    }
  }
  if (cs == 0 || nice->back) {
    m.whole = SectionKind::kNice;
    return m;
  }
  // A later clause that says something of its own ("…, ideally on
  // PostgreSQL") is nice on its own; one that only qualifies what came
  // before ("…, but it's not required") makes the whole item nice.
  size_t ce = t.size();
  for (size_t i = nice->end; i < t.size(); ++i) {
    if (t.tokens()[i].gap & kClauseGap) {
      ce = i;
      break;
    }
  }
  bool content_before = false;
  for (size_t i = 0; i < cs && !content_before; ++i) content_before = IsContentToken(t, i);
  int content = 0;
  for (size_t i = cs; i < ce; ++i) {
    if (i >= nice->begin && i < nice->end) continue;
    if (IsContentToken(t, i)) ++content;
  }
  if (content > 0 && content_before) {
    m.whole = must ? SectionKind::kMust : SectionKind::kUnknown;
    m.split_byte = t.tokens()[cs].begin;
    // A clause after the nice one with content of its own keeps the
    // section's modality ("…, am liebsten als X, und arbeiten sicher mit Y").
    if (ce < t.size()) {
      bool content_after = false;
      for (size_t i = ce; i < t.size() && !content_after; ++i) content_after = IsContentToken(t, i);
      if (content_after) m.resume_byte = t.tokens()[ce].begin;
    }
  } else {
    m.whole = SectionKind::kNice;
  }
  return m;
}

// An abbreviation's full stop ("e.g.", "z. B.", "bijv.", "fx.") ends no
// sentence: the word before it is short or holds a dot itself.
bool AbbreviationDot(std::string_view text, size_t dot) {
  size_t b = dot;
  while (b > 0 && text[b - 1] != ' ') --b;
  std::string_view word = text.substr(b, dot - b);
  return word.size() <= 2 || word.find('.') != std::string_view::npos ||
         (word.size() <= 5 && std::all_of(word.begin(), word.end(), [](char c) {
            return c >= 'a' && c <= 'z';
          }) && dot + 2 < text.size() && std::islower(static_cast<unsigned char>(text[dot + 2])));
}

std::vector<std::string_view> Sentences(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || ((text[i] == '.' || text[i] == ';' || text[i] == '!' || text[i] == '?') &&
                             (i + 1 == text.size() || text[i + 1] == ' ') &&
                             !(text[i] == '.' && AbbreviationDot(text, i)))) {
      std::string_view s = Strip(text.substr(start, i - start));
      if (s.size() > 3) out.push_back(s);
      start = i + 1;
    }
  }
  return out;
}

std::string_view TrimClause(std::string_view s) {
  s = Strip(s);
  while (!s.empty() && (s.back() == ',' || s.back() == ';' || s.back() == ':' || s.back() == '-')) {
    s.remove_suffix(1);
    s = Strip(s);
  }
  // A trailing dash in UTF-8 ("–", "—").
  while (s.size() >= 3 && (s.substr(s.size() - 3) == "\xE2\x80\x93" || s.substr(s.size() - 3) == "\xE2\x80\x94")) {
    s.remove_suffix(3);
    s = Strip(s);
  }
  return s;
}

// Adds `item` under a section of modality `section_must`, splitting off a
// trailing nice-to-have clause.
void AddItem(std::string_view item, bool section_must, RequirementLine::Origin origin,
             std::vector<RequirementLine>* out) {
  item = Strip(item);
  if (item.size() <= 2) return;
  Modality m = AnalyzeModality(item);
  if (m.split_byte != std::string_view::npos) {
    size_t nice_end = m.resume_byte == std::string_view::npos ? item.size() : m.resume_byte;
    std::string_view head = TrimClause(item.substr(0, m.split_byte));
    std::string_view nice = TrimClause(item.substr(m.split_byte, nice_end - m.split_byte));
    std::string_view rest = nice_end < item.size() ? TrimClause(item.substr(nice_end)) : std::string_view();
    // The clause after the nice one is a requirement of the section's own
    // ("…, am liebsten als X, und arbeiten sicher mit Y").
    if (!head.empty()) out->push_back({std::string(head), section_must, origin});
    if (!nice.empty()) out->push_back({std::string(nice), false, origin});
    if (!rest.empty()) AddItem(rest, section_must, origin, out);
    return;
  }
  bool must = section_must && m.whole != SectionKind::kNice;
  out->push_back({std::string(item), must, origin});
}

// A table whose header names must/nice columns ("Essential | Desirable"):
// each row's first cell is a requirement, its modality the column marked.
struct TableState {
  bool active = false;
  std::vector<SectionKind> columns;
};

bool Marked(std::string_view cell) {
  cell = Strip(cell);
  if (cell.empty()) return false;
  std::string f = FoldForMatch(cell);
  return f != "no" && f != "nej" && f != "nein" && f != "non" && f != "ei" && f != "nee" && f != "-";
}

}  // namespace

SectionKind ClassifyHeading(std::string_view heading) {
  TokenizedText t;
  t.Reset(heading);
  const Phrase* best = nullptr;
  for (size_t i = 0; i < t.size(); ++i) {
    for (const Phrase& p : V().sections) {
      if ((best == nullptr || p.words.size() > best->words.size()) && MatchAt(t, i, p)) best = &p;
    }
  }
  return best == nullptr ? SectionKind::kUnknown : best->kind;
}

SectionKind ItemModality(std::string_view item) {
  Modality m = AnalyzeModality(item);
  if (m.split_byte != std::string_view::npos) return m.whole == SectionKind::kUnknown ? SectionKind::kMust : m.whole;
  return m.whole;
}

bool HasRequirementNoun(std::string_view item) {
  TokenizedText t;
  t.Reset(item);
  for (size_t i = 0; i < t.size(); ++i) {
    std::string_view w = t.folded(i);
    for (const std::string& s : V().signals) {
      if (StartsWith(w, s)) return true;
    }
  }
  return false;
}

bool HasRequirementSignal(std::string_view item) {
  TokenizedText t;
  t.Reset(item);
  if (!FindCues(t).empty()) return true;
  for (size_t i = 0; i < t.size(); ++i) {
    std::string_view w = t.folded(i);
    for (const std::string& s : V().signals) {
      if (StartsWith(w, s)) return true;
    }
  }
  return false;
}

bool IsCommonWord(std::string_view folded, std::string_view stem) {
  const auto& common = V().common_words;
  return common.contains(AV(folded)) || (!stem.empty() && common.contains(AV(stem)));
}

// True if one of `phrases` starts at a token among the first `max_start`
// of `item`. The last word of a phrase is a prefix from five letters on
// ("flexib", "disponib", "motivat"); shorter ones ("kan", "can", "gern")
// must match whole.
static bool PhraseAmongFirst(std::string_view item, const std::vector<std::vector<std::string>>& phrases,
                             size_t max_start) {
  TokenizedText t;
  t.Reset(item);
  for (size_t i = 0; i < t.size() && i < max_start; ++i) {
    for (const auto& words : phrases) {
      if (i + words.size() > t.size()) continue;
      bool ok = true;
      for (size_t k = 0; k < words.size() && ok; ++k) {
        std::string_view w = t.folded(i + k);
        ok = k + 1 < words.size() || words[k].size() < 5 ? w == words[k] : StartsWith(w, words[k]);
      }
      if (ok) return true;
    }
  }
  return false;
}

bool AsksForTrait(std::string_view item) { return PhraseAmongFirst(item, V().traits, SIZE_MAX); }

bool AsksForAvailability(std::string_view item) { return PhraseAmongFirst(item, V().availability, 3); }

bool AsksForExperience(std::string_view item) {
  TokenizedText t;
  t.Reset(item);
  for (size_t i = 0; i < t.size(); ++i) {
    for (const std::string& e : V().experience) {
      if (StartsWith(t.folded(i), e)) return true;
    }
  }
  return false;
}

std::vector<std::string> NamedWords(std::string_view item) {
  TokenizedText t;
  t.Reset(item);
  std::vector<std::string> out;
  for (size_t i = 0; i < t.size(); ++i) {
    const Token& tk = t.tokens()[i];
    std::string_view raw = item.substr(tk.begin, tk.end - tk.begin);
    int upper = 0;
    for (char c : raw) upper += c >= 'A' && c <= 'Z';
    bool inner = raw.size() > 1 && std::any_of(raw.begin() + 1, raw.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (upper >= 2 && inner && raw.size() >= 3 && !IsFunctionWord(t.folded(i))) {
      out.emplace_back(t.folded(i));
    }
  }
  return out;
}

std::vector<std::string> ContentWords(std::string_view item) {
  TokenizedText t;
  t.Reset(item);
  std::vector<uint8_t> cue(t.size(), 0);
  for (const CueHit& h : FindCues(t)) {
    for (size_t i = h.begin; i < h.end; ++i) cue[i] = 1;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < t.size(); ++i) {
    std::string_view w = t.folded(i);
    if (cue[i] || w.size() < 4 || (t.tokens()[i].flags & kTokHasDigit) || IsFunctionWord(w)) continue;
    bool signal = false;
    for (const std::string& s : V().signals) signal |= StartsWith(w, s);
    if (signal) continue;
    if (std::find(out.begin(), out.end(), w) == out.end()) out.emplace_back(w);
  }
  return out;
}

std::vector<RequirementLine> ExtractRequirements(std::string_view body_html) {
  std::vector<HtmlBlock> blocks = HtmlToBlocks(body_html);
  // A short paragraph ending in ':' right before a list is that list's heading.
  for (size_t i = 0; i + 1 < blocks.size(); ++i) {
    HtmlBlock& b = blocks[i];
    if (b.type == HtmlBlock::Type::kParagraph && !b.text.empty() && b.text.back() == ':' &&
        blocks[i + 1].type == HtmlBlock::Type::kListItem && b.text.size() < 80) {
      b.type = HtmlBlock::Type::kHeading;
    }
  }
  std::vector<RequirementLine> out;
  SectionKind section = SectionKind::kUnknown;
  TableState table;
  for (size_t bi = 0; bi < blocks.size(); ++bi) {
    const HtmlBlock& blk = blocks[bi];
    if (blk.type == HtmlBlock::Type::kHeading) {
      section = ClassifyHeading(blk.text);
      table = {};
      continue;
    }
    if (blk.type == HtmlBlock::Type::kTableRow) {
      // Header row: which columns are must / nice.
      std::vector<SectionKind> cols;
      bool any = false;
      for (const std::string& c : blk.cells) {
        SectionKind k = ClassifyHeading(c);
        if (k != SectionKind::kMust && k != SectionKind::kNice) k = SectionKind::kUnknown;
        any |= k != SectionKind::kUnknown && &c != &blk.cells.front();
        cols.push_back(k);
      }
      if (any) {
        table.active = true;
        table.columns = std::move(cols);
        continue;
      }
      if (blk.cells.empty()) continue;
      const std::string& label = blk.cells.front();
      if (table.active) {
        SectionKind row = SectionKind::kUnknown;
        for (size_t c = 1; c < blk.cells.size() && c < table.columns.size(); ++c) {
          if (table.columns[c] != SectionKind::kUnknown && Marked(blk.cells[c])) {
            row = row == SectionKind::kMust ? row : table.columns[c];
          }
        }
        if (row != SectionKind::kUnknown) AddItem(label, row == SectionKind::kMust, RequirementLine::Origin::kTable, &out);
        continue;
      }
      // A table without a must/nice header is read as a list.
      if (section == SectionKind::kMust || section == SectionKind::kNice) {
        AddItem(label, section == SectionKind::kMust, RequirementLine::Origin::kTable, &out);
      }
      continue;
    }
    if (section == SectionKind::kTasks || section == SectionKind::kOffer || section == SectionKind::kAbout ||
        section == SectionKind::kApply) {
      continue;
    }
    if (section == SectionKind::kMust || section == SectionKind::kNice) {
      bool must = section == SectionKind::kMust;
      if (blk.type == HtmlBlock::Type::kListItem) {
        AddItem(blk.text, must, RequirementLine::Origin::kSection, &out);
      } else {
        for (std::string_view s : Sentences(blk.text)) AddItem(s, must, RequirementLine::Origin::kSection, &out);
      }
      continue;
    }
    // An unknown heading or none: a list reads as requirements when most of
    // its items carry a requirement signal; prose sentences count when they
    // carry a modality cue.
    if (blk.type == HtmlBlock::Type::kListItem) {
      size_t e = bi;
      while (e < blocks.size() && blocks[e].type == HtmlBlock::Type::kListItem) ++e;
      size_t signals = 0;
      for (size_t k = bi; k < e; ++k) signals += HasRequirementSignal(blocks[k].text);
      bool requirements = signals * 2 > (e - bi);
      for (size_t k = bi; k < e; ++k) {
        // In a list that reads as tasks, only an item that is a requirement
        // on its own words (a cue and a requirement noun) counts.
        if (requirements || (ItemModality(blocks[k].text) != SectionKind::kUnknown &&
                             HasRequirementNoun(blocks[k].text))) {
          AddItem(blocks[k].text, true, RequirementLine::Origin::kSection, &out);
        }
      }
      bi = e - 1;
      continue;
    }
    for (std::string_view s : Sentences(blk.text)) {
      TokenizedText t;
      t.Reset(s);
      if (!FindCues(t).empty()) AddItem(s, true, RequirementLine::Origin::kProse, &out);
    }
  }
  if (!out.empty()) return out;
  // Nothing recognisable: every list item and requirement-like sentence
  // outside sections that are clearly not requirements.
  section = SectionKind::kUnknown;
  for (const HtmlBlock& blk : blocks) {
    if (blk.type == HtmlBlock::Type::kHeading) {
      section = ClassifyHeading(blk.text);
      continue;
    }
    if (section == SectionKind::kOffer || section == SectionKind::kAbout || section == SectionKind::kApply ||
        section == SectionKind::kTasks) {
      continue;
    }
    if (blk.type == HtmlBlock::Type::kListItem) {
      AddItem(blk.text, true, RequirementLine::Origin::kFallback, &out);
    } else {
      for (std::string_view s : Sentences(blk.text)) {
        if (HasRequirementSignal(s)) AddItem(s, true, RequirementLine::Origin::kFallback, &out);
      }
    }
  }
  return out;
}

}  // namespace clara::screening::engine
