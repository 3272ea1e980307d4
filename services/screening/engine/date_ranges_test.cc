#include "services/screening/engine/date_ranges.h"

#include <cstdlib>
#include <map>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "services/screening/engine/lang_data.h"

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

// Every data language, the same kinds of lines: named months (with and
// without accents, abbreviated, inflected), numeric months, two-digit years,
// open ends written as words or phrases, "since" before and after the year.
TEST(DateRangesTest, EveryLanguage) {
  const struct {
    const char* lang;
    const char* line;
    int start;
    int end;
    bool open;
  } kCases[] = {
      {"en", "Sept 2019 – Present", M(2019, 9), M(2026, 11), true},
      {"en", "2018-date", M(2018, 1), M(2026, 11), true},
      {"en", "2016 – to date", M(2016, 1), M(2026, 11), true},
      {"en", "11/22 – now", M(2022, 11), M(2026, 11), true},
      {"en", "Feb '19 – Aug '22", M(2019, 2), M(2022, 8), false},
      {"en", "From March 2015 to July 2016", M(2015, 3), M(2016, 7), false},
      {"en", "since 2024", M(2024, 1), M(2026, 11), true},
      {"sv", "aug. 2020 – i dag", M(2020, 8), M(2026, 11), true},
      {"sv", "Sedan februari 2022", M(2022, 2), M(2026, 11), true},
      {"sv", "okt 2019 – pågående", M(2019, 10), M(2026, 11), true},
      {"no", "2021–d.d.", M(2021, 1), M(2026, 11), true},
      {"no", "des. 2017 – dags dato", M(2017, 12), M(2026, 11), true},
      {"no", "mars 2020 – i dag", M(2020, 3), M(2026, 11), true},
      {"da", "marts 2016 – d.d.", M(2016, 3), M(2026, 11), true},
      {"da", "Siden maj 2023", M(2023, 5), M(2026, 11), true},
      {"fi", "huhtikuu 2017 – nykyään", M(2017, 4), M(2026, 11), true},
      {"fi", "tammikuuta 2015 – joulukuuta 2018", M(2015, 1), M(2018, 12), false},
      {"fi", "kesäkuu 2020 – nyt", M(2020, 6), M(2026, 11), true},
      {"fi", "syyskuusta 2021 alkaen", M(2021, 9), M(2026, 11), true},
      {"fi", "2022 lähtien", M(2022, 1), M(2026, 11), true},
      {"de", "seit 07/2021", M(2021, 7), M(2026, 11), true},
      {"de", "04.2016 – heute", M(2016, 4), M(2026, 11), true},
      {"de", "Jänner 2010 – Feber 2012", M(2010, 1), M(2012, 2), false},
      {"de", "10/2014 bis dato", M(2014, 10), M(2026, 11), true},
      {"nl", "sinds 2020", M(2020, 1), M(2026, 11), true},
      {"nl", "mrt 2018 – huidig", M(2018, 3), M(2026, 11), true},
      {"nl", "oktober 2015 tot heden", M(2015, 10), M(2026, 11), true},
      {"fr", "de mars 2012 à décembre 2015", M(2012, 3), M(2015, 12), false},
      {"fr", "Depuis octobre 2022", M(2022, 10), M(2026, 11), true},
      {"fr", "févr. 2019 – aujourd'hui", M(2019, 2), M(2026, 11), true},
      {"fr", "decembre 2017 – à ce jour", M(2017, 12), M(2026, 11), true},
      {"es", "desde 2019", M(2019, 1), M(2026, 11), true},
      {"es", "2015 - actualidad", M(2015, 1), M(2026, 11), true},
      {"es", "sept. 2016 – la actualidad", M(2016, 9), M(2026, 11), true},
      {"es", "marzo 2014 – diciembre 2017", M(2014, 3), M(2017, 12), false},
      {"es", "setiembre 2018 hasta la fecha", M(2018, 9), M(2026, 11), true},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(std::string(c.lang) + ": " + c.line);
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

// Each data language has month names 1..12 and at least one "present"
// word; no word names two different months.
TEST(DateRangesTest, DataFiles) {
  std::map<std::string, std::set<int>> months;
  std::map<std::string, int> present;
  std::map<std::string, int> month_of;
  for (const LangRow& r : LangRows("dates.tsv")) {
    ASSERT_GE(r.fields.size(), 2u) << r.lang << ": " << r.fields[0];
    const std::string cls(r.fields[1]);
    EXPECT_TRUE(cls == "month" || cls == "present" || cls == "to" || cls == "since" ||
                cls == "since_after" || cls == "future")
        << r.lang << ": " << r.fields[0] << " " << cls;
    if (cls == "present") ++present[std::string(r.lang)];
    if (cls != "month") continue;
    ASSERT_EQ(r.fields.size(), 3u) << r.lang << ": " << r.fields[0];
    int m = std::atoi(std::string(r.fields[2]).c_str());
    EXPECT_TRUE(m >= 1 && m <= 12) << r.lang << ": " << r.fields[0];
    months[std::string(r.lang)].insert(m);
    std::string folded = FoldForMatch(r.fields[0]);
    auto [it, fresh] = month_of.emplace(folded, m);
    EXPECT_EQ(it->second, m) << folded;
  }
  for (std::string_view lang : DataLanguages()) {
    SCOPED_TRACE(lang);
    EXPECT_EQ(months[std::string(lang)].size(), 12u);
    EXPECT_GT(present[std::string(lang)], 0);
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
      "09.00 – 11.30",            // times, not mm.yy
      "Jan '20",                  // a two-digit year alone is no range
      "seit 05/21",               // nor after "seit"
      "2019 a new team of 12",    // "a" joins dates only
      "en cours de 2024",
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
