#include "services/screening/engine/html_text.h"
#include "services/screening/engine/strings.h"

#include <cctype>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"

namespace clara::screening::engine {
namespace {

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  // Non-breaking spaces (U+00A0) to plain spaces.
  std::string res;
  for (size_t i = 0; i < out.size(); ++i) {
    if (static_cast<unsigned char>(out[i]) == 0xC2 && i + 1 < out.size() &&
        static_cast<unsigned char>(out[i + 1]) == 0xA0) {
      res.push_back(' ');
      ++i;
    } else {
      res.push_back(out[i]);
    }
  }
  return res;
}

}  // namespace

std::string DecodeEntities(std::string_view s) {
  static const auto* kNamed = new absl::flat_hash_map<std::string_view, uint32_t>{
      {"amp", '&'},     {"lt", '<'},      {"gt", '>'},      {"quot", '"'},
      {"apos", '\''},   {"nbsp", 0xA0},   {"ndash", 0x2013}, {"mdash", 0x2014},
      {"auml", 0xE4},   {"ouml", 0xF6},   {"uuml", 0xFC},   {"Auml", 0xC4},
      {"Ouml", 0xD6},   {"Uuml", 0xDC},   {"szlig", 0xDF},  {"aring", 0xE5},
      {"Aring", 0xC5},  {"oslash", 0xF8}, {"Oslash", 0xD8}, {"aelig", 0xE6},
      {"AElig", 0xC6},  {"eacute", 0xE9}, {"egrave", 0xE8}, {"rsquo", 0x2019},
      {"lsquo", 0x2018}, {"rdquo", 0x201D}, {"ldquo", 0x201C}, {"hellip", 0x2026},
      {"bull", 0x2022}, {"middot", 0xB7}, {"euro", 0x20AC}};
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out.push_back('&');
      continue;
    }
    std::string_view name = s.substr(i + 1, semi - i - 1);
    uint32_t cp = 0;
    if (!name.empty() && name[0] == '#') {
      bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      for (size_t k = hex ? 2 : 1; k < name.size(); ++k) {
        char c = name[k];
        int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                : hex && std::isxdigit(static_cast<unsigned char>(c))
                    ? 10 + (std::tolower(c) - 'a')
                    : -1;
        if (d < 0) {
          cp = 0;
          break;
        }
        cp = cp * (hex ? 16 : 10) + d;
      }
    } else {
      auto it = kNamed->find(name);
      if (it != kNamed->end()) cp = it->second;
    }
    if (cp == 0 || cp > 0x10FFFF) {
      out.push_back('&');
      continue;
    }
    AppendUtf8(cp, &out);
    i = semi;
  }
  return out;
}

std::vector<HtmlBlock> HtmlToBlocks(std::string_view html) {
  std::vector<HtmlBlock> blocks;
  std::string cur;
  std::string bold;  // text inside <strong>/<b> in the current block
  HtmlBlock::Type type = HtmlBlock::Type::kParagraph;
  int bold_depth = 0;
  std::vector<std::string> cells;  // the current table row's cells
  size_t cell_start = std::string::npos;
  bool th_seen = false;
  auto flush = [&]() {
    std::string text = CollapseSpaces(DecodeEntities(cur));
    std::string b = CollapseSpaces(DecodeEntities(bold));
    if (type == HtmlBlock::Type::kTableRow) {
      if (cell_start != std::string::npos) cells.push_back(cur.substr(cell_start));
      bool any = false;
      for (std::string& c : cells) {
        c = CollapseSpaces(DecodeEntities(c));
        any |= !c.empty();
      }
      if (any) {
        HtmlBlock blk;
        blk.type = type;
        blk.header_row = th_seen;
        blk.cells = std::move(cells);
        for (const std::string& c : blk.cells) {
          if (!blk.text.empty()) blk.text.append(" | ");
          blk.text.append(c);
        }
        blocks.push_back(std::move(blk));
      }
      text.clear();
    }
    cells.clear();
    cell_start = std::string::npos;
    th_seen = false;
    if (!text.empty()) {
      HtmlBlock blk;
      blk.type = type;
      // A paragraph that is only bold and short reads as a heading.
      if (type == HtmlBlock::Type::kParagraph && b == text) {
        size_t words = 1;
        for (char c : text) words += c == ' ';
        if (words <= 8) blk.type = HtmlBlock::Type::kHeading;
      }
      blk.text = std::move(text);
      blocks.push_back(std::move(blk));
    }
    cur.clear();
    bold.clear();
    type = HtmlBlock::Type::kParagraph;
  };
  size_t i = 0;
  while (i < html.size()) {
    if (html[i] != '<') {
      cur.push_back(html[i]);
      if (bold_depth > 0) bold.push_back(html[i]);
      ++i;
      continue;
    }
    size_t close = html.find('>', i);
    if (close == std::string_view::npos) {
      cur.append(html.substr(i));
      break;
    }
    std::string_view tag = html.substr(i + 1, close - i - 1);
    i = close + 1;
    bool end_tag = !tag.empty() && tag[0] == '/';
    if (end_tag) tag.remove_prefix(1);
    size_t name_end = 0;
    while (name_end < tag.size() &&
           std::isalnum(static_cast<unsigned char>(tag[name_end]))) {
      ++name_end;
    }
    std::string name(tag.substr(0, name_end));
    for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (name == "strong" || name == "b") {
      bold_depth += end_tag ? -1 : 1;
      if (bold_depth < 0) bold_depth = 0;
      continue;
    }
    if (name == "br") {
      cur.push_back(' ');
      continue;
    }
    if ((name == "td" || name == "th") && type == HtmlBlock::Type::kTableRow) {
      if (cell_start != std::string::npos) cells.push_back(cur.substr(cell_start));
      cur.push_back(' ');
      cell_start = end_tag ? std::string::npos : cur.size();
      if (!end_tag && name == "th") th_seen = true;
      continue;
    }
    bool heading = name.size() == 2 && name[0] == 'h' && name[1] >= '1' &&
                   name[1] <= '6';
    if (heading || name == "p" || name == "div" || name == "li" ||
        name == "ul" || name == "ol" || name == "tr" || name == "section") {
      flush();
      if (!end_tag) {
        if (heading) type = HtmlBlock::Type::kHeading;
        if (name == "li") type = HtmlBlock::Type::kListItem;
        if (name == "tr") type = HtmlBlock::Type::kTableRow;
      }
      continue;
    }
    // Other inline tags (em, span, a, u) are dropped.
  }
  flush();
  return blocks;
}

std::string HtmlToText(std::string_view html) {
  std::string out;
  for (const HtmlBlock& b : HtmlToBlocks(html)) {
    if (!out.empty()) out.push_back('\n');
    out.append(b.text);
  }
  return out;
}

}  // namespace clara::screening::engine
