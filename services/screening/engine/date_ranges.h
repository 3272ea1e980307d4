// Date ranges in résumés: "Apr 2021 – present", "2018-2020",
// "03/2019 – 05/2021", "05/21 – now", "Jan '20 – Mar '23", "jan 2020 – nu",
// "2019–d.d.", "seit 03/2020", "01.2018 – heute", "depuis septembre 2019",
// "2017 - actualidad", "elokuu 2018 – nykyään", "2019 alkaen".
//
// The words (month names, "present" words, "to" and "since" words) are data:
// data/lang/<code>/dates.tsv, columns word, class (month | present | to |
// since | since_after | future) and the month number; several-word entries
// ("i dag", "d.d.", "la fecha") are phrases. This file keeps the mechanism.
//
// Months are counted as an index (year * 12 + month - 1) and ranges are
// inclusive, so "Feb 2024 – Jul 2025" is 18 months. Open ends resolve to the
// injected `today`; a year without a month starts in January and ends in
// December; nothing extends past today. Two-digit years ("05/21", "'20")
// are read only as a side of a range.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
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

// Month names (all data languages, folded) -> 1..12, for the lexicon.
const std::vector<std::pair<std::string, int>>& MonthWords();
// Folded single date words -> DateFlag bits (lexicon.h), for the lexicon;
// the first word of every date phrase carries kDatePhrase.
const std::vector<std::pair<std::string, uint8_t>>& DateFlagWords();

// Total months covered by `spans` with overlaps merged.
int MergedMonths(std::vector<MonthSpan> spans);

}  // namespace clara::screening::engine
