// Date ranges in résumés: "Apr 2021 – present", "2018-2020",
// "03/2019 – 05/2021", "jan 2020 – nu", "2019 – nå", "seit 03/2019",
// "01.2018 – heute", "März 2017 – Dezember 2020".
//
// Months are counted as an index (year * 12 + month - 1) and ranges are
// inclusive, so "Feb 2024 – Jul 2025" is 18 months. Open ends ("present",
// "now", "nu", "nå", "heute", "dato") resolve to the injected `today`; a
// year without a month starts in January and ends in December; nothing
// extends past today.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/civil_time.h"
#include "services/screening/engine/text.h"

namespace clara::screening::engine {

struct MonthSpan {
  int start = 0;  // year * 12 + month - 1
  int end = 0;    // inclusive
  int months() const { return end - start + 1; }
};

struct DateRangeHit {
  MonthSpan span;
  uint32_t tok_begin = 0;  // tokens [tok_begin, tok_end) of the range text
  uint32_t tok_end = 0;
  bool open_end = false;
};

inline int MonthIndex(absl::CivilDay day) {
  return static_cast<int>(day.year()) * 12 + day.month() - 1;
}

// Appends the date ranges found among tokens [tb, te) of `text`.
void FindDateRanges(const TokenizedText& text, uint32_t tb, uint32_t te,
                    int today_month, std::vector<DateRangeHit>* out);

// Month names (all supported languages) and date words, for the lexicon.
const absl::flat_hash_map<std::string_view, int>& MonthWords();
std::vector<std::pair<std::string_view, uint8_t>> DateFlagWords();

// Total months covered by `spans` with overlaps merged.
int MergedMonths(std::vector<MonthSpan> spans);

}  // namespace clara::screening::engine
