// Tests of json_api.h: query parsing, paging query strings, time parsing, error shape.
#include "tools/teamtailor-sim/json_api.h"

#include <gtest/gtest.h>

namespace clara::ttsim {
namespace {

TEST(ParseQueryTest, Table) {
  const struct {
    const char* name;
    std::multimap<std::string, std::string> params;
    int want_status;  // 0: ok
  } kCases[] = {
      {"empty", {}, 0},
      {"include list", {{"include", "stages,questions"}}, 0},
      {"filter", {{"filter[status]", "all"}}, 0},
      {"nested filter", {{"filter[updated-at][from]", "2025-01-01"}}, 0},
      {"page", {{"page[number]", "2"}, {"page[size]", "30"}}, 0},
      {"sparse fieldsets (not in the contract)", {{"fields[candidates]", "first-name,tags"}}, 400},
      {"page size zero", {{"page[size]", "0"}}, 400},
      {"page number text", {{"page[number]", "two"}}, 400},
      {"page offset", {{"page[offset]", "10"}}, 400},
      {"unknown param", {{"foo", "bar"}}, 400},
      {"broken brackets", {{"filter[status", "all"}}, 400},
      {"empty brackets", {{"filter[]", "x"}}, 400},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    Query q;
    std::optional<ApiError> e = ParseQuery(c.params, &q);
    if (c.want_status == 0) {
      EXPECT_FALSE(e.has_value()) << e->detail;
    } else {
      ASSERT_TRUE(e.has_value());
      EXPECT_EQ(e->status, c.want_status);
    }
  }
}

TEST(QueryStringTest, PercentEncodesBracketsAndKeepsFilters) {
  Query q;
  ASSERT_FALSE(ParseQuery({{"filter[updated-at][from]", "2025-01-01T00:00:00+01:00"},
                           {"include", "stages,questions"}},
                          &q));
  EXPECT_EQ(QueryString(q, 2, 30),
            "include=stages,questions&filter%5Bupdated-at%5D%5Bfrom%5D=2025-01-01T00%3A00%3A00%2B01%3A00"
            "&page%5Bnumber%5D=2&page%5Bsize%5D=30");
}

TEST(ParseIsoTimeTest, Table) {
  const struct {
    const char* text;
    std::optional<int64_t> unix_seconds;
  } kCases[] = {
      {"2025-03-03T08:00:00Z", 1740988800},
      {"2025-03-03T08:00:00.000+00:00", 1740988800},
      {"2025-03-03T09:00:00+01:00", 1740988800},
      {"2025-03-03", 1740960000},
      {"03/03/2025", std::nullopt},
      {"", std::nullopt},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.text);
    std::optional<absl::Time> t = ParseIsoTime(c.text);
    ASSERT_EQ(t.has_value(), c.unix_seconds.has_value());
    if (t) {
      EXPECT_EQ(absl::ToUnixSeconds(*t), *c.unix_seconds);
    }
  }
  EXPECT_EQ(FormatIsoTime(absl::FromUnixSeconds(1740988800)), "2025-03-03T08:00:00.000+00:00");
}

TEST(ErrorBodyTest, TeamtailorShape) {
  EXPECT_EQ(ErrorBody({Invalid("/data/attributes/email", "email", "can't be blank")}).dump(),
            R"({"errors":[{"title":"can't be blank","detail":"email - can't be blank","code":"100",)"
            R"("source":{"pointer":"/data/attributes/email"},"status":"422"}]})");
}

}  // namespace
}  // namespace clara::ttsim
