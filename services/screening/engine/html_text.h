// HTML job bodies (as Teamtailor returns them) to structured text blocks.
//
// Keeps just the structure rubric derivation needs: headings (h1-h6, or a
// paragraph that is only bold text), paragraphs, list items and table rows
// (with their cells, so an "Essential | Desirable" grid keeps its columns), with
// entities decoded and whitespace collapsed. Not a general HTML parser;
// malformed markup degrades to plain text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace clara::screening::engine {

struct HtmlBlock {
  enum class Type { kHeading, kParagraph, kListItem, kTableRow };
  Type type = Type::kParagraph;
  std::string text;  // a table row: its cells joined by " | "
  // Table rows only: each cell's text (empty cells kept, so columns line up)
  // and whether the row is made of <th> cells.
  std::vector<std::string> cells;
  bool header_row = false;
};

std::vector<HtmlBlock> HtmlToBlocks(std::string_view html);

// All blocks as plain text, one block per line.
std::string HtmlToText(std::string_view html);

// Decodes HTML character references (&amp; &nbsp; &#8211; &#x2013; &auml; …).
std::string DecodeEntities(std::string_view s);

}  // namespace clara::screening::engine
