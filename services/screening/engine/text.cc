#include "services/screening/engine/text.h"

#include <algorithm>

namespace clara::screening::engine {
namespace {

// Folded ASCII for U+00C0..U+017F (Latin-1 Supplement letters and Latin
// Extended-A); nullptr marks a non-letter.
constexpr const char* kLatinFold[0x180 - 0xC0] = {
    // C0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",
    "i",
    // D0
    "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y",
    "th", "ss",
    // E0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",
    "i",
    // F0
    "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y",
    "th", "y",
    // 100
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d",
    "d",
    // 110
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g",
    "g",
    // 120
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i",
    "i",
    // 130
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l",
    "l", "l",
    // 140
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o",
    "o",
    // 150
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s",
    "s", "s",
    // 160
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u",
    "u",
    // 170
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z",
    "s",
};

bool IsUpperLatin(uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return true;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return true;
  if (cp >= 0x100 && cp < 0x180) return (cp % 2) == 0;  // rough, good enough
  if (cp >= 0x410 && cp <= 0x42F) return true;
  return false;
}

// Appends the folded form of a letter/digit code point; returns false if the
// code point is not a word character.
bool AppendFolded(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z') {
      out->push_back(static_cast<char>(cp + 32));
      return true;
    }
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      out->push_back(static_cast<char>(cp));
      return true;
    }
    return false;
  }
  if (cp >= 0xC0 && cp < 0x180) {
    const char* f = kLatinFold[cp - 0xC0];
    if (f == nullptr) return false;
    out->append(f);
    return true;
  }
  if (cp >= 0x180 && cp < 0x250) {  // Latin Extended-B: keep as-is
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    return true;
  }
  if ((cp >= 0x370 && cp < 0x400) || (cp >= 0x400 && cp < 0x530)) {
    uint32_t c = cp;
    if (c >= 0x410 && c <= 0x42F) c += 0x20;  // Cyrillic lower-case
    if (c >= 0x391 && c <= 0x3A9) c += 0x20;  // Greek lower-case
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    return true;
  }
  return false;
}

uint16_t GapFlagFor(uint32_t cp, std::string_view text, size_t next) {
  switch (cp) {
    case '\n':
      return kGapNewline;
    case ' ':
    case '\t':
    case '\r':
    case 0xA0:
      return 0;
    case '.': {
      if (next >= text.size()) return kGapSentence;
      char c = text[next];
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') return kGapSentence;
      return kGapDot;
    }
    case '!':
    case '?':
    case ';':
      return kGapSentence;
    case ',':
      return kGapComma;
    case ':':
      return kGapColon;
    case '(':
    case '[':
      return kGapParen | kGapParenOpen;
    case ')':
    case ']':
      return kGapParen | kGapParenClose;
    case '/':
      return kGapSlash;
    case 0x2013:
    case 0x2014:
    case 0x2012:
    case 0x2015:
      return kGapDash;
    case 0xB7:
    case 0x2022:
    case '|':
    case 0x25AA:
    case 0x25CF:
    case 0x2023:
    case 0x25E6:
      return kGapBullet;
    case '+':
      return kGapPlus;
    case '&':
      return kGapAmp;
    case '\'':
    case 0x2019:
    case 0x2018:
      return kGapApos;
    case '-':
    case 0x2010:
    case 0x2011:
      return kGapHyphen;  // refined by the caller (spaces around -> dash)
    default:
      return kGapOther;
  }
}

}  // namespace

uint32_t DecodeUtf8(std::string_view s, size_t* i) {
  unsigned char c = static_cast<unsigned char>(s[*i]);
  if (c < 0x80) {
    ++*i;
    return c;
  }
  int len = 0;
  uint32_t cp = 0;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    ++*i;
    return 0xFFFD;
  }
  if (*i + len > s.size()) {
    ++*i;
    return 0xFFFD;
  }
  for (int k = 1; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[*i + k]);
    if ((cc & 0xC0) != 0x80) {
      ++*i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  *i += len;
  return cp;
}

size_t Utf8Floor(std::string_view s, size_t pos) {
  if (pos >= s.size()) return s.size();
  while (pos > 0 && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

void TokenizedText::Reset(std::string_view text) {
  text_ = text;
  folded_.clear();
  tokens_.clear();
  line_starts_.clear();
  line_first_token_.clear();
  folded_.reserve(text.size() + 16);
  tokens_.reserve(text.size() / 5 + 8);
  line_starts_.push_back(0);
  line_first_token_.push_back(0);

  uint16_t gap = 0;
  bool space_before_hyphen = false;
  bool pending_hyphen = false;
  bool in_token = false;
  Token cur;
  bool any_lower = false;
  bool any_upper = false;
  bool first_upper = false;
  uint32_t line = 0;
  bool prev_space = true;

  auto finish = [&](uint32_t end) {
    cur.end = end;
    cur.flen = static_cast<uint16_t>(
        std::min<size_t>(folded_.size() - cur.fbegin, 0xFFFF));
    uint8_t flags = cur.flags;
    if (any_upper && !any_lower) flags |= kTokAllUpper;
    if (first_upper) flags |= kTokCapitalized;
    if (!(flags & kTokHasLetter) && (flags & kTokHasDigit)) flags |= kTokNumeric;
    cur.flags = flags;
    tokens_.push_back(cur);
    in_token = false;
  };

  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    uint32_t cp = DecodeUtf8(text, &i);
    size_t mark = folded_.size();
    bool word = AppendFolded(cp, &folded_);
    if (word) {
      if (!in_token) {
        if (pending_hyphen) {
          bool space_after = prev_space;
          gap |= (space_before_hyphen || space_after) ? kGapDash : kGapHyphen;
          pending_hyphen = false;
        }
        cur = Token();
        cur.begin = static_cast<uint32_t>(start);
        cur.fbegin = static_cast<uint32_t>(mark);
        cur.line = line;
        cur.gap = gap;
        gap = 0;
        any_lower = any_upper = false;
        first_upper = IsUpperLatin(cp);
        in_token = true;
      }
      if (cp >= '0' && cp <= '9') {
        cur.flags |= kTokHasDigit;
      } else {
        cur.flags |= kTokHasLetter;
        if (IsUpperLatin(cp)) {
          any_upper = true;
        } else {
          any_lower = true;
        }
      }
      prev_space = false;
      continue;
    }
    // Separator.
    if (in_token) {
      // "C++", "C#", "F#": glue to a short preceding token.
      if ((cp == '+' && i < text.size() && text[i] == '+') || cp == '#') {
        size_t len = i - start + (cp == '+' ? 1 : 0);
        bool next_word = false;
        size_t j = start + len;
        if (j < text.size()) {
          size_t k = j;
          uint32_t n = DecodeUtf8(text, &k);
          std::string tmp;
          next_word = AppendFolded(n, &tmp);
        }
        if (!next_word && cur.fbegin + 3 >= folded_.size()) {
          folded_.append(cp == '#' ? "#" : "++");
          i = start + len;
          finish(static_cast<uint32_t>(i));
          prev_space = false;
          continue;
        }
      }
      finish(static_cast<uint32_t>(start));
    }
    if (cp == '\n') {
      ++line;
      line_starts_.push_back(static_cast<uint32_t>(i));
      line_first_token_.push_back(static_cast<uint32_t>(tokens_.size()));
    }
    uint16_t f = GapFlagFor(cp, text, i);
    if (f == kGapHyphen) {
      if (pending_hyphen) {
        gap |= kGapDash;
      }
      pending_hyphen = true;
      space_before_hyphen = prev_space;
      prev_space = false;
      continue;
    }
    if (pending_hyphen && f != 0) {
      gap |= space_before_hyphen ? kGapDash : kGapHyphen;
      pending_hyphen = false;
    }
    gap |= f;
    prev_space = (f == 0 || f == kGapNewline);
  }
  if (in_token) finish(static_cast<uint32_t>(text.size()));
}

std::pair<uint32_t, uint32_t> TokenizedText::LineSpan(uint32_t line) const {
  if (line >= line_starts_.size()) {
    return {static_cast<uint32_t>(text_.size()),
            static_cast<uint32_t>(text_.size())};
  }
  uint32_t b = line_starts_[line];
  uint32_t e = line + 1 < line_starts_.size()
                   ? line_starts_[line + 1] - 1
                   : static_cast<uint32_t>(text_.size());
  if (e > b && text_[e - 1] == '\r') --e;
  return {b, e};
}

uint32_t TokenizedText::FirstTokenOfLine(uint32_t line) const {
  if (line >= line_first_token_.size()) {
    return static_cast<uint32_t>(tokens_.size());
  }
  return line_first_token_[line];
}

std::string_view TokenizedText::GapText(size_t i) const {
  uint32_t b = i == 0 ? 0 : tokens_[i - 1].end;
  uint32_t e = i < tokens_.size() ? tokens_[i].begin
                                  : static_cast<uint32_t>(text_.size());
  return text_.substr(b, e - b);
}

std::string FoldForMatch(std::string_view text) {
  TokenizedText t;
  t.Reset(text);
  std::string out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (i) out.push_back(' ');
    out.append(t.folded(i));
  }
  return out;
}

}  // namespace clara::screening::engine
