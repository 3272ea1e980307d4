#include "services/screening/engine/document.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "services/screening/engine/lang_data.h"
#include "services/screening/engine/lexicon.h"

namespace clara::screening::engine {
namespace {

Section SectionNamed(std::string_view name) {
  static constexpr std::pair<std::string_view, Section> kNames[] = {
      {"experience", Section::kExperience}, {"education", Section::kEducation},
      {"skills", Section::kSkills},         {"languages", Section::kLanguages},
      {"courses", Section::kCourses},       {"licences", Section::kLicences},
      {"projects", Section::kProjects},     {"summary", Section::kSummary},
      {"interests", Section::kInterests},   {"other", Section::kOther},
      {"personal", Section::kPersonal},     {"none", Section::kUnknown}};
  for (const auto& [n, sec] : kNames) {
    if (n == name) return sec;
  }
  return Section::kOther;
}

// Résumé heading words of every language (data/lang/*/resume_sections.tsv),
// folded; the first language to name a word decides its section.
const absl::flat_hash_map<std::string_view, Section>& HeaderWords() {
  static const auto* kWords = [] {
    const auto& rows = LangRows("resume_sections.tsv");
    auto* storage = new std::vector<std::string>();
    storage->reserve(rows.size());
    auto* m = new absl::flat_hash_map<std::string_view, Section>();
    for (const LangRow& r : rows) {
      if (r.fields.size() < 2) continue;
      storage->push_back(FoldForMatch(r.fields[0]));
      if (storage->back().empty() || storage->back().find(' ') != std::string::npos) continue;
      m->emplace(storage->back(), SectionNamed(r.fields[1]));
    }
    return m;
  }();
  return *kWords;
}

bool IsHeaderLine(const TokenizedText& t, uint32_t line, Section* s) {
  const auto& toks = t.tokens();
  uint32_t a = t.FirstTokenOfLine(line);
  uint32_t b = t.FirstTokenOfLine(line + 1);
  uint32_t n = b - a;
  if (n == 0 || n > 5) return false;
  if (toks[a].gap & (kGapBullet | kGapDash)) return false;
  bool all_upper = true;
  for (uint32_t i = a; i < b; ++i) {
    if (toks[i].flags & kTokHasDigit) return false;
    if (!(toks[i].flags & kTokAllUpper) && (toks[i].flags & kTokHasLetter)) {
      all_upper = false;
    }
  }
  // Headers don't end in a sentence-like tail with commas.
  for (uint32_t i = a + 1; i < b; ++i) {
    if (toks[i].gap & (kGapComma | kGapSentence)) return false;
  }
  bool found = false;
  Section best = Section::kUnknown;
  for (uint32_t i = a; i < b; ++i) {
    if (toks[i].header == 0) continue;
    Section sec = static_cast<Section>(toks[i].header - 1);
    // "Career break" is an entry, not a header.
    if (t.folded(i) == "career" && i + 1 < b && t.folded(i + 1) == "break") {
      return false;
    }
    if (found && best == Section::kLicences) continue;
    found = true;
    best = sec;
  }
  if (!found) {
    // An unknown upper-case line is a header only if it has a word: "B",
    // "C1 / CE" or "EU" under a known header are its content, not a new
    // section.
    bool word = false;
    for (uint32_t i = a; i < b && !word; ++i) word = t.folded(i).size() >= 3;
    if (all_upper && n <= 4 && word) {
      *s = Section::kOther;
      return true;
    }
    return false;
  }
  if (!all_upper && (n > 4 || toks[a].header == 0)) {
    return false;
  }
  *s = best;
  return true;
}

// Date words ("present", "bis", "seit", "expected", data/lang/*/dates.tsv)
// do not make a date line an entry title.
bool IsDateWord(const Token& tok) {
  return (tok.date_flags & (kDatePresent | kDateConnector | kDateSince |
                            kDateFuture | kDateSinceAfter)) != 0;
}

}  // namespace

const absl::flat_hash_map<std::string_view, Section>& HeaderWordTable() {
  return HeaderWords();
}

Section HeaderSection(const TokenizedText& t, uint32_t line) {
  Section s = Section::kUnknown;
  if (!IsHeaderLine(t, line, &s)) return Section::kUnknown;
  return s;
}

void AnalyzedSource::Analyze(SourceKind k, std::string_view source_id,
                             std::string_view t, const Taxonomy& taxonomy,
                             int today_month) {
  kind = k;
  id = source_id;
  text = t;
  tokens.Reset(t);
  lang = DetectLanguage(tokens);
  ComputeCues(tokens, lang, &cues);
  const uint32_t nlines = tokens.line_count();
  lines.assign(nlines, LineInfo());
  entries.clear();
  matches.clear();
  mentions.clear();
  has_stuffing = false;
  const auto& toks = tokens.tokens();

  // Pass 1: headers, sections, list-likeness, date anchors.
  struct Anchor {
    uint32_t line;
    MonthSpan span;
    bool substantive;
  };
  thread_local std::vector<Anchor> anchors;
  thread_local std::vector<DateRangeHit> hits;
  anchors.clear();
  Section cur = Section::kUnknown;
  std::vector<uint32_t>& section_start = section_start_scratch_;
  section_start.assign(nlines, 0);
  uint32_t cur_start = 0;
  for (uint32_t l = 0; l < nlines; ++l) {
    uint32_t a = tokens.FirstTokenOfLine(l);
    uint32_t b = tokens.FirstTokenOfLine(l + 1);
    Section s;
    if (k == SourceKind::kResume && IsHeaderLine(tokens, l, &s)) {
      cur = s;
      cur_start = l;
      lines[l].header = true;
      lines[l].section = s;
      section_start[l] = l;
      continue;
    }
    lines[l].section = cur;
    section_start[l] = cur_start;
    if (a == b) continue;
    int seps = 0;
    for (uint32_t i = a + 1; i < b; ++i) {
      if (toks[i].gap & (kGapComma | kGapBullet)) ++seps;
    }
    int segments = seps + 1;
    if (segments >= 4 && static_cast<double>(b - a) / segments <= 3.5) {
      lines[l].list_like = true;
    }
    if (cur == Section::kSkills) lines[l].list_like = true;
    if (segments >= 20) {
      lines[l].stuffed = true;
      has_stuffing = true;
    }
    if (k != SourceKind::kResume) continue;
    bool bullet = (toks[a].gap & (kGapBullet | kGapDash)) != 0;
    if (bullet) continue;
    bool datey = false;
    for (uint32_t i = a; i < b && !datey; ++i) {
      datey = (toks[i].flags & kTokHasDigit) != 0;
    }
    if (!datey) continue;  // every range has a year
    hits.clear();
    FindDateRanges(tokens, a, b, today_month, &hits);
    if (hits.empty()) continue;
    int words = 0;
    for (uint32_t i = a; i < b; ++i) {
      if (i >= hits[0].tok_begin && i < hits[0].tok_end) continue;
      if ((toks[i].flags & kTokHasLetter) && !IsDateWord(toks[i])) {
        ++words;
      }
    }
    // A range inside a long prose line ("… roles that I combined during
    // 2024–2025") is not a dated entry.
    bool at_edge = hits[0].tok_begin == a || hits[0].tok_end == b;
    if (b - a > 16 && !at_edge) continue;
    anchors.push_back({l, hits[0].span, words >= 2});
  }

  // Pass 2: entries per section, with the section's layout style.
  auto prev_nonempty = [&](uint32_t l) -> int64_t {
    for (int64_t x = static_cast<int64_t>(l) - 1; x >= 0; --x) {
      if (tokens.FirstTokenOfLine(x) != tokens.FirstTokenOfLine(x + 1)) return x;
    }
    return -1;
  };
  auto next_nonempty = [&](uint32_t l) -> uint32_t {
    for (uint32_t x = l + 1; x < nlines; ++x) {
      if (tokens.FirstTokenOfLine(x) != tokens.FirstTokenOfLine(x + 1)) return x;
    }
    return l;
  };
  size_t ai = 0;
  while (ai < anchors.size()) {
    uint32_t sec_start = section_start[anchors[ai].line];
    size_t aj = ai;
    while (aj < anchors.size() && section_start[anchors[aj].line] == sec_start) ++aj;
    // Style: 'A' title above the date, 'D' date above the title.
    char style = 'A';
    for (size_t x = ai; x < aj; ++x) {
      if (anchors[x].substantive) continue;
      int64_t p = prev_nonempty(anchors[x].line);
      style = (p < 0 || static_cast<uint32_t>(p) <= sec_start) ? 'D' : 'A';
      break;
    }
    size_t first_entry = entries.size();
    for (size_t x = ai; x < aj; ++x) {
      const Anchor& an = anchors[x];
      ResumeEntry e;
      e.span = an.span;
      e.date_line = an.line;
      e.section = lines[an.line].section;
      if (an.substantive) {
        e.title_line = an.line;
        e.first_line = an.line;
      } else if (style == 'A') {
        int64_t p = prev_nonempty(an.line);
        bool ok = p >= 0 && static_cast<uint32_t>(p) > sec_start &&
                  !lines[p].header &&
                  (x == ai || static_cast<uint32_t>(p) > anchors[x - 1].line);
        e.title_line = ok ? static_cast<uint32_t>(p) : an.line;
        e.first_line = e.title_line;
      } else {
        e.title_line = next_nonempty(an.line);
        if (x + 1 < aj && e.title_line >= anchors[x + 1].line) e.title_line = an.line;
        e.first_line = an.line;
      }
      entries.push_back(e);
    }
    // Section end: the line before the next header.
    uint32_t sec_end = nlines - 1;
    for (uint32_t l = anchors[aj - 1].line + 1; l < nlines; ++l) {
      if (lines[l].header) {
        sec_end = l - 1;
        break;
      }
    }
    for (size_t x = first_entry; x < entries.size(); ++x) {
      entries[x].last_line = x + 1 < entries.size()
                                 ? entries[x + 1].first_line - 1
                                 : sec_end;
      if (entries[x].last_line < entries[x].date_line) {
        entries[x].last_line = entries[x].date_line;
      }
    }
    ai = aj;
  }
  for (size_t x = 0; x < entries.size(); ++x) {
    ResumeEntry& e = entries[x];
    for (uint32_t l = e.first_line; l <= e.last_line && l < nlines; ++l) {
      lines[l].entry = static_cast<int>(x);
    }
    lines[e.title_line].entry_title = true;
    lines[e.date_line].entry_title = true;
    for (uint32_t l : {e.title_line, e.date_line}) {
      for (uint32_t i = tokens.FirstTokenOfLine(l); i < tokens.FirstTokenOfLine(l + 1); ++i) {
        if (cues[i] & kCueTraining) e.training = true;
      }
    }
  }

  // Mentions.
  taxonomy.FindMatches(tokens, lang, &matches);
  mentions.reserve(matches.size());
  for (const TermMatch& m : matches) {
    Mention mn;
    mn.term = m.term;
    mn.begin = m.begin;
    mn.end = m.end;
    mn.cues = SegmentCues(tokens, cues, m.begin, m.end);
    mn.negated = IsNegated(tokens, cues, m.begin);
    if (taxonomy.term(m.term).kind == TermKind::kLicence &&
        LineNegated(tokens, cues, m.begin)) {
      mn.negated = true;
    }
    const LineInfo& li = lines[toks[m.begin].line];
    switch (li.section) {
      case Section::kInterests:
      case Section::kPersonal:
        mn.context = Context::kIgnored;
        break;
      case Section::kEducation:
      case Section::kCourses:
      case Section::kLicences:
        mn.context = Context::kCourse;
        break;
      case Section::kSkills:
      case Section::kLanguages:
        mn.context = Context::kList;
        break;
      default:
        mn.context = li.list_like ? Context::kList : Context::kProse;
    }
    if (li.stuffed) mn.context = Context::kStuffed;
    mn.entry = li.entry;
    mn.in_title = li.entry_title;
    mentions.push_back(mn);
  }
}

}  // namespace clara::screening::engine
