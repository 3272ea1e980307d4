#include "services/screening/engine/date_ranges.h"

#include "services/screening/engine/lexicon.h"

#include <algorithm>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"

namespace clara::screening::engine {
namespace {

const absl::flat_hash_map<std::string_view, int>& Months() {
  static const auto* kMonths = new absl::flat_hash_map<std::string_view, int>{
      // English
      {"jan", 1}, {"january", 1}, {"feb", 2}, {"february", 2}, {"mar", 3},
      {"march", 3}, {"apr", 4}, {"april", 4}, {"may", 5}, {"jun", 6},
      {"june", 6}, {"jul", 7}, {"july", 7}, {"aug", 8}, {"august", 8},
      {"sep", 9}, {"sept", 9}, {"september", 9}, {"oct", 10}, {"october", 10},
      {"nov", 11}, {"november", 11}, {"dec", 12}, {"december", 12},
      // Swedish / Norwegian / Danish
      {"januari", 1}, {"februari", 2}, {"mars", 3}, {"maj", 5}, {"juni", 6},
      {"juli", 7}, {"augusti", 8}, {"okt", 10}, {"oktober", 10},
      {"januar", 1}, {"februar", 2}, {"marts", 3}, {"mai", 5},
      {"desember", 12}, {"des", 12},
      // German
      {"marz", 3}, {"maerz", 3}, {"mrz", 3}, {"dezember", 12}, {"dez", 12},
      {"jaenner", 1}, {"janner", 1},
      // Dutch
      {"maart", 3}, {"mrt", 3}, {"mei", 5}, {"augustus", 8},
      // French
      {"janvier", 1}, {"janv", 1}, {"fevrier", 2}, {"fevr", 2}, {"avril", 4},
      {"avr", 4}, {"juin", 6}, {"juillet", 7}, {"juil", 7}, {"aout", 8},
      {"septembre", 9}, {"octobre", 10}, {"novembre", 11}, {"decembre", 12},
      // Finnish
      {"tammikuu", 1}, {"helmikuu", 2}, {"maaliskuu", 3}, {"huhtikuu", 4},
      {"toukokuu", 5}, {"kesakuu", 6}, {"heinakuu", 7}, {"elokuu", 8},
      {"syyskuu", 9}, {"lokakuu", 10}, {"marraskuu", 11}, {"joulukuu", 12},
  };
  return *kMonths;
}

constexpr std::string_view kPresentWords[] = {
      "present", "now",   "current", "currently", "today",  "ongoing",
      "nu",      "na",    "heute",   "dato",      "jetzt",  "idag",
      "nyt",     "heden", "nykyaan", "nyt",       "aktuell", "laufend",
      "maintenant", "aujourd", "date", "pagaende", "pagar"};

constexpr std::string_view kConnectorWords[] = {
    "to", "till", "bis", "until", "through", "tom", "tot", "au", "til", "asti", "thru"};
constexpr std::string_view kSinceWords[] = {
    "seit", "since", "sedan", "siden", "fra", "from", "ab", "depuis", "sinds", "alkaen", "fran"};
constexpr std::string_view kFutureWords[] = {
    "expected", "voraussichtlich", "planned", "berakn", "beraknad", "forventet",
    "vorauss", "est", "estimated"};

bool IsPresentTok(const TokenizedText& t, uint32_t i) {
  return (t.tokens()[i].date_flags & kDatePresent) != 0;
}

int NumberValue(std::string_view w) {
  if (w.empty() || w.size() > 4) return -1;
  int v = 0;
  for (char c : w) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool IsYear(std::string_view w) {
  if (w.size() != 4) return false;
  int v = NumberValue(w);
  return v >= 1950 && v <= 2100;
}

struct Point {
  int year = 0;
  int month = 0;  // 0 = unknown
  uint32_t next = 0;  // token after the point
  bool present = false;
};

// Parses a date point at token i (within [i, te)).
bool ParsePoint(const TokenizedText& t, uint32_t i, uint32_t te, Point* p) {
  if (i >= te) return false;
  std::string_view w = t.folded(i);
  const auto& toks = t.tokens();
  if (toks[i].date_flags & kDatePresent) {
    p->present = true;
    p->next = i + 1;
    // "aujourd'hui", "d.d."
    if (w == "aujourd" && i + 1 < te && t.folded(i + 1) == "hui") p->next = i + 2;
    (void)IsPresentTok;
    return true;
  }
  if (toks[i].month != 0 && i + 1 < te && IsYear(t.folded(i + 1)) &&
      !(toks[i + 1].gap & kGapNewline)) {
    p->year = NumberValue(t.folded(i + 1));
    p->month = toks[i].month;
    p->next = i + 2;
    return true;
  }
  if (!(toks[i].flags & kTokNumeric)) return false;
  int v = NumberValue(w);
  if (v >= 1 && v <= 31 && w.size() <= 2) {
    // dd.mm.yyyy
    if (i + 2 < te && (toks[i + 1].gap & kGapDot) &&
        (toks[i + 2].gap & (kGapDot | kGapSentence)) &&
        NumberValue(t.folded(i + 1)) >= 1 && NumberValue(t.folded(i + 1)) <= 12 &&
        IsYear(t.folded(i + 2))) {
      p->year = NumberValue(t.folded(i + 2));
      p->month = NumberValue(t.folded(i + 1));
      p->next = i + 3;
      return true;
    }
    // mm/yyyy, mm.yyyy
    if (v <= 12 && i + 1 < te && (toks[i + 1].gap & (kGapSlash | kGapDot)) &&
        !(toks[i + 1].gap & ~(kGapSlash | kGapDot)) && IsYear(t.folded(i + 1))) {
      p->year = NumberValue(t.folded(i + 1));
      p->month = v;
      p->next = i + 2;
      return true;
    }
    return false;
  }
  if (IsYear(w)) {
    // yyyy-mm / yyyy.mm is rare in CVs; treat the year alone.
    p->year = v;
    p->month = 0;
    p->next = i + 1;
    return true;
  }
  return false;
}

}  // namespace

const absl::flat_hash_map<std::string_view, int>& MonthWords() { return Months(); }

std::vector<std::pair<std::string_view, uint8_t>> DateFlagWords() {
  std::vector<std::pair<std::string_view, uint8_t>> out;
  for (auto w : kPresentWords) out.push_back({w, kDatePresent});
  for (auto w : kConnectorWords) out.push_back({w, kDateConnector});
  for (auto w : kSinceWords) out.push_back({w, kDateSince});
  for (auto w : kFutureWords) out.push_back({w, kDateFuture});
  return out;
}

void FindDateRanges(const TokenizedText& t, uint32_t tb, uint32_t te,
                    int today_month, std::vector<DateRangeHit>* out) {
  const auto& toks = t.tokens();
  uint32_t i = tb;
  while (i < te) {
    // "seit 03/2019", "since 2021" at the start of a line.
    if ((toks[i].date_flags & kDateSince) &&
        (i == tb || (toks[i].gap & kGapNewline))) {
      Point p;
      if (ParsePoint(t, i + 1, te, &p) && !p.present) {
        int start = p.year * 12 + (p.month ? p.month - 1 : 0);
        if (start <= today_month) {
          out->push_back({{start, today_month}, i, p.next, true});
          i = p.next;
          continue;
        }
      }
    }
    Point a;
    if (!ParsePoint(t, i, te, &a) || a.present) {
      ++i;
      continue;
    }
    uint32_t j = a.next;
    bool connected = false;
    if (j < te && (toks[j].gap & (kGapDash | kGapHyphen)) &&
        !(toks[j].gap & kGapNewline)) {
      connected = true;
    } else if (j + 1 < te && (toks[j].date_flags & kDateConnector) &&
               !(toks[j].gap & kGapNewline)) {
      connected = true;
      ++j;
    }
    if (!connected) {
      i = a.next;
      continue;
    }
    if (j < te && (toks[j].date_flags & kDateFuture)) ++j;
    Point b;
    if (!ParsePoint(t, j, te, &b)) {
      i = a.next;
      continue;
    }
    int start = a.year * 12 + (a.month ? a.month - 1 : 0);
    int end = b.present ? today_month
                        : b.year * 12 + (b.month ? b.month - 1 : 11);
    bool open = b.present;
    if (end > today_month) {
      end = today_month;
      open = true;
    }
    if (start <= end) {
      out->push_back({{start, end}, i, b.next, open});
    }
    i = b.next;
  }
}

int MergedMonths(std::vector<MonthSpan> spans) {
  if (spans.empty()) return 0;
  std::sort(spans.begin(), spans.end(), [](const MonthSpan& a, const MonthSpan& b) {
    return a.start != b.start ? a.start < b.start : a.end < b.end;
  });
  int total = 0;
  MonthSpan cur = spans[0];
  for (size_t i = 1; i < spans.size(); ++i) {
    if (spans[i].start <= cur.end) {
      cur.end = std::max(cur.end, spans[i].end);
    } else {
      total += cur.months();
      cur = spans[i];
    }
  }
  total += cur.months();
  return total;
}

}  // namespace clara::screening::engine
