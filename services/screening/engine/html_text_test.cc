#include "services/screening/engine/html_text.h"

#include "gtest/gtest.h"

namespace clara::screening::engine {
namespace {

TEST(HtmlTextTest, Blocks) {
  auto blocks = HtmlToBlocks(
      "<p><strong>Acme</strong> builds&nbsp;things &amp; more.</p>"
      "<h3>What we are looking for</h3><ul><li>Python &ndash; 3 years</li>"
      "<li>SQL<br>daily</li></ul><p><strong>Nice to have</strong></p>");
  ASSERT_EQ(blocks.size(), 5u);
  EXPECT_EQ(blocks[0].type, HtmlBlock::Type::kParagraph);
  EXPECT_EQ(blocks[0].text, "Acme builds things & more.");
  EXPECT_EQ(blocks[1].type, HtmlBlock::Type::kHeading);
  EXPECT_EQ(blocks[2].type, HtmlBlock::Type::kListItem);
  EXPECT_EQ(blocks[2].text, "Python – 3 years");
  EXPECT_EQ(blocks[3].text, "SQL daily");
  // A bold-only paragraph reads as a heading.
  EXPECT_EQ(blocks[4].type, HtmlBlock::Type::kHeading);
}

TEST(HtmlTextTest, Entities) {
  const struct {
    const char* in;
    const char* out;
  } kCases[] = {
      {"Gr&ouml;&szlig;e", "Größe"},  {"&#8211;", "–"},      {"&#x2013;", "–"},
      {"a &lt;b&gt;", "a <b>"},       {"&unknown; &", "&unknown; &"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.in);
    EXPECT_EQ(DecodeEntities(c.in), c.out);
  }
}

TEST(HtmlTextTest, PlainText) {
  EXPECT_EQ(HtmlToText("<h3>A</h3><ul><li>b</li><li>c</li></ul>"), "A\nb\nc");
  EXPECT_EQ(HtmlToText("no markup"), "no markup");
  EXPECT_EQ(HtmlToText("<p>broken <b"), "broken <b");
}

}  // namespace
}  // namespace clara::screening::engine
