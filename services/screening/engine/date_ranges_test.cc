#include "services/screening/engine/date_ranges.h"

#include "gtest/gtest.h"

namespace clara::screening::engine {
namespace {

const int kToday = MonthIndex(absl::CivilDay(2026, 11, 15));

int M(int year, int month) { return year * 12 + month - 1; }

TEST(DateRangesTest, Formats) {
  const struct {
    const char* line;
    int start;
    int end;
    bool open;
  } kCases[] = {
      // English
      {"Apr 2021 – present", M(2021, 4), M(2026, 11), true},
      {"Senior Engineer, Acme — Jan 2018 – Mar 2021", M(2018, 1), M(2021, 3), false},
      {"2018-2020", M(2018, 1), M(2020, 12), false},
      {"2019 – 2021 (weekends)", M(2019, 1), M(2021, 12), false},
      {"03/2019 – 05/2021", M(2019, 3), M(2021, 5), false},
      {"Oct 2023 – expected 2027", M(2023, 10), M(2026, 11), true},
      {"September 2015 to June 2017", M(2015, 9), M(2017, 6), false},
      {"2023 – now", M(2023, 1), M(2026, 11), true},
      // Scandinavian
      {"jan 2020 – nu", M(2020, 1), M(2026, 11), true},
      {"2019 – nå", M(2019, 1), M(2026, 11), true},
      {"Okt 2022 – nå", M(2022, 10), M(2026, 11), true},
      {"maj 2016 – dec 2020", M(2016, 5), M(2020, 12), false},
      {"marts 2018 – dato", M(2018, 3), M(2026, 11), true},
      // German
      {"seit 03/2019", M(2019, 3), M(2026, 11), true},
      {"01.2018 – heute", M(2018, 1), M(2026, 11), true},
      {"März 2017 – Dezember 2020", M(2017, 3), M(2020, 12), false},
      {"09/2009 – heute", M(2009, 9), M(2026, 11), true},
      {"01.03.2019 – 31.05.2021", M(2019, 3), M(2021, 5), false},
      // Dutch / French / Finnish
      {"mei 2019 – heden", M(2019, 5), M(2026, 11), true},
      {"juin 2018 – aujourd'hui", M(2018, 6), M(2026, 11), true},
      {"maaliskuu 2020 – nyt", M(2020, 3), M(2026, 11), true},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.line);
    TokenizedText t;
    t.Reset(c.line);
    std::vector<DateRangeHit> hits;
    FindDateRanges(t, 0, static_cast<uint32_t>(t.size()), kToday, &hits);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].span.start, c.start);
    EXPECT_EQ(hits[0].span.end, c.end);
    EXPECT_EQ(hits[0].open_end, c.open);
  }
}

TEST(DateRangesTest, NotRanges) {
  const char* kCases[] = {
      "Python 3.11 and PostgreSQL 15",
      "on-call rotation since 2023",  // "since" only opens a range at line start
      "Born 14.02.1968",
      "06.00–14.30 / 14.30–23.00",
      "60+ calls on call days, 12–18 months",
      "Geburtsdatum: 14.02.1968",
  };
  for (const char* line : kCases) {
    SCOPED_TRACE(line);
    TokenizedText t;
    t.Reset(line);
    std::vector<DateRangeHit> hits;
    FindDateRanges(t, 0, static_cast<uint32_t>(t.size()), kToday, &hits);
    EXPECT_TRUE(hits.empty());
  }
}

TEST(DateRangesTest, MergesOverlaps) {
  const struct {
    std::vector<MonthSpan> spans;
    int months;
  } kCases[] = {
      {{}, 0},
      {{{M(2024, 2), M(2025, 7)}}, 18},
      // Part-time jobs overlapping: 18 months, not 28.
      {{{M(2024, 2), M(2025, 7)}, {M(2024, 9), M(2025, 6)}}, 18},
      // Gap is not counted and not penalised.
      {{{M(2018, 8), M(2022, 6)}, {M(2024, 3), M(2026, 11)}}, 47 + 33},
      // Adjacent, unsorted.
      {{{M(2024, 4), M(2026, 11)}, {M(2023, 1), M(2024, 3)}}, 47},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.months);
    EXPECT_EQ(MergedMonths(c.spans), c.months);
  }
}

}  // namespace
}  // namespace clara::screening::engine
