#include "services/screening/engine/date_ranges.h"

#include <algorithm>
#include <cstdlib>
#include <string_view>

#include "services/screening/engine/lang_data.h"
#include "services/screening/engine/lexicon.h"

namespace clara::screening::engine {
namespace {

struct DatePhrase {
  std::vector<std::string> words;  // folded
  uint8_t flag = 0;                // kDatePresent or kDateConnector
};

struct DateData {
  std::vector<std::pair<std::string, int>> months;
  std::vector<std::pair<std::string, uint8_t>> flags;
  std::vector<DatePhrase> phrases;
};

uint8_t DateClassFlag(std::string_view c) {
  if (c == "present") return kDatePresent;
  if (c == "to") return kDateConnector;
  if (c == "since") return kDateSince;
  if (c == "since_after") return kDateSinceAfter;
  if (c == "future") return kDateFuture;
  return 0;
}

// Built from data/lang/*/dates.tsv; rows with an unknown class or a month
// number outside 1..12 are skipped (lang_data_test checks the files).
const DateData& Data() {
  static const DateData* kData = [] {
    auto* d = new DateData();
    for (const LangRow& r : LangRows("dates.tsv")) {
      if (r.fields.size() < 2) continue;
      std::vector<std::string> words = FoldWords(r.fields[0]);
      if (words.empty()) continue;
      if (r.fields[1] == "month") {
        int m = r.fields.size() > 2 ? std::atoi(std::string(r.fields[2]).c_str()) : 0;
        if (m < 1 || m > 12 || words.size() != 1) continue;
        d->months.emplace_back(words[0], m);
        continue;
      }
      uint8_t f = DateClassFlag(r.fields[1]);
      if (f == 0) continue;
      if (words.size() == 1) {
        d->flags.emplace_back(words[0], f);
      } else {
        d->flags.emplace_back(words[0], kDatePhrase);
        d->phrases.push_back({std::move(words), f});
      }
    }
    return d;
  }();
  return *kData;
}

// Length in tokens of a date phrase of class `flag` starting at token i, or 0.
uint32_t PhraseAt(const TokenizedText& t, uint32_t i, uint32_t te, uint8_t flag) {
  if (!(t.tokens()[i].date_flags & kDatePhrase)) return 0;
  for (const DatePhrase& p : Data().phrases) {
    if (p.flag != flag || i + p.words.size() > te) continue;
    bool ok = true;
    for (size_t k = 0; k < p.words.size() && ok; ++k) {
      ok = t.folded(i + k) == p.words[k] &&
           (k == 0 || !(t.tokens()[i + k].gap & kGapNewline));
    }
    if (ok) return static_cast<uint32_t>(p.words.size());
  }
  return 0;
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

// "21" in "05/21", "'20": this century unless that is more than a year
// ahead of today.
int TwoDigitYear(std::string_view w, int today_month) {
  int v = NumberValue(w);
  int year = 2000 + v;
  return year > today_month / 12 + 1 ? year - 100 : year;
}

struct Point {
  int year = 0;
  int month = 0;  // 0 = unknown
  uint32_t next = 0;  // token after the point
  bool present = false;
  bool weak = false;  // two-digit year: only as a side of a range
};

// Parses a date point at token i (within [i, te)).
bool ParsePoint(const TokenizedText& t, uint32_t i, uint32_t te,
                int today_month, Point* p) {
  if (i >= te) return false;
  std::string_view w = t.folded(i);
  const auto& toks = t.tokens();
  if (toks[i].date_flags & kDatePresent) {
    p->present = true;
    p->next = i + 1;
    return true;
  }
  if (uint32_t n = PhraseAt(t, i, te, kDatePresent)) {
    p->present = true;
    p->next = i + n;
    return true;
  }
  if (toks[i].month != 0 && i + 1 < te && !(toks[i + 1].gap & kGapNewline)) {
    std::string_view y = t.folded(i + 1);
    if (IsYear(y)) {
      p->year = NumberValue(y);
      p->month = toks[i].month;
      p->next = i + 2;
      return true;
    }
    // "Jan '20"
    if (y.size() == 2 && (toks[i + 1].flags & kTokNumeric) &&
        (toks[i + 1].gap & kGapApos)) {
      p->year = TwoDigitYear(y, today_month);
      p->month = toks[i].month;
      p->next = i + 2;
      p->weak = true;
      return true;
    }
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
    // mm/yy (slash only: "09.00" is a time)
    if (v <= 12 && i + 1 < te && toks[i + 1].gap == kGapSlash &&
        t.folded(i + 1).size() == 2 && (toks[i + 1].flags & kTokNumeric)) {
      p->year = TwoDigitYear(t.folded(i + 1), today_month);
      p->month = v;
      p->next = i + 2;
      p->weak = true;
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

// After point `a` ending before token j: a dash or a "to" word (or both:
// "2018 – to date", "2019 – bis heute"), then the end point. Returns the
// token where the end point starts, or 0 when the point is not followed by
// a range separator.
uint32_t RangeSeparator(const TokenizedText& t, uint32_t j, uint32_t te) {
  const auto& toks = t.tokens();
  if (j >= te || (toks[j].gap & kGapNewline)) return 0;
  bool connected = false;
  if (toks[j].gap & (kGapDash | kGapHyphen)) connected = true;
  // Up to two "to" words ("jusqu'à", "hasta la fecha" is a phrase).
  for (int k = 0; k < 2 && j + 1 < te; ++k) {
    if (!(toks[j].date_flags & kDateConnector)) break;
    if (k > 0 && (toks[j].gap & ~(kGapApos)) != 0) break;
    connected = true;
    ++j;
  }
  if (!connected) return 0;
  if (j < te && (toks[j].date_flags & kDateFuture)) ++j;
  return j;
}

}  // namespace

const std::vector<std::pair<std::string, int>>& MonthWords() {
  return Data().months;
}

const std::vector<std::pair<std::string, uint8_t>>& DateFlagWords() {
  return Data().flags;
}

void FindDateRanges(const TokenizedText& t, uint32_t tb, uint32_t te,
                    int today_month, std::vector<DateRangeHit>* out) {
  const auto& toks = t.tokens();
  auto index = [](const Point& p, bool end) {
    return p.year * 12 + (p.month ? p.month - 1 : (end ? 11 : 0));
  };
  uint32_t i = tb;
  while (i < te) {
    // "seit 03/2019", "since 2021" at the start of a line; "from 2018 to
    // 2020" is a closed range and read below.
    if ((toks[i].date_flags & kDateSince) &&
        (i == tb || (toks[i].gap & kGapNewline))) {
      Point p;
      if (ParsePoint(t, i + 1, te, today_month, &p) && !p.present && !p.weak &&
          RangeSeparator(t, p.next, te) == 0) {
        int start = index(p, false);
        if (start <= today_month) {
          out->push_back({{start, today_month}, i, p.next, true});
          i = p.next;
          continue;
        }
      }
    }
    Point a;
    if (!ParsePoint(t, i, te, today_month, &a) || a.present) {
      ++i;
      continue;
    }
    // "2019 alkaen".
    if (!a.weak && a.next < te && (toks[a.next].date_flags & kDateSinceAfter) &&
        !(toks[a.next].gap & kGapNewline)) {
      int start = index(a, false);
      if (start <= today_month) {
        out->push_back({{start, today_month}, i, a.next + 1, true});
      }
      i = a.next + 1;
      continue;
    }
    uint32_t j = RangeSeparator(t, a.next, te);
    Point b;
    if (j == 0 || !ParsePoint(t, j, te, today_month, &b)) {
      i = a.next;
      continue;
    }
    int start = index(a, false);
    int end = b.present ? today_month : index(b, true);
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
