#include "services/screening/engine/text.h"

#include <array>

#include <algorithm>

#include "services/screening/engine/lexicon.h"
#include "services/screening/engine/word_table.h"

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

// Folded form of ASCII word characters, 0 for separators.
constexpr std::array<char, 128> MakeAsciiFold() {
  std::array<char, 128> t{};
  for (int c = 0; c < 128; ++c) {
    if (c >= 'A' && c <= 'Z') t[c] = static_cast<char>(c + 32);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) t[c] = static_cast<char>(c);
  }
  return t;
}
constexpr std::array<char, 128> kAsciiFold = MakeAsciiFold();

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

namespace {

// Folds one non-ASCII code point into `out` (up to 2 bytes); 0 if it is
// not a word character.
int FoldCp(uint32_t cp, char* out) {
  std::string tmp;
  if (cp >= 0xC0 && cp < 0x180) {
    const char* f = kLatinFold[cp - 0xC0];
    if (f == nullptr) return 0;
    int n = 0;
    while (f[n] != 0) {
      out[n] = f[n];
      ++n;
    }
    return n;
  }
  if (!AppendFolded(cp, &tmp)) return 0;
  for (size_t k = 0; k < tmp.size(); ++k) out[k] = tmp[k];
  return static_cast<int>(tmp.size());
}

constexpr uint64_t kFnvOffset = 1469598103934665603ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;

}  // namespace

void TokenizedText::Reset(std::string_view text, bool annotate) {
  text_ = text;
  tokens_.clear();
  line_starts_.clear();
  line_first_token_.clear();
  // Folding never makes a token longer than its UTF-8 bytes (+2 for "++").
  folded_.resize(text.size() + 8);
  char* fp = folded_.data();
  size_t fpos = 0;
  tokens_.reserve(text.size() / 5 + 8);
  line_starts_.push_back(0);
  line_first_token_.push_back(0);

  const size_t n = text.size();
  uint16_t gap = 0;
  bool pending_hyphen = false;
  bool space_before_hyphen = false;
  bool prev_space = true;
  uint32_t line = 0;
  size_t i = 0;
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    // Is a word starting here?
    char first[4];
    int first_len = 0;
    size_t after_first = i + 1;
    uint32_t cp = c;
    if (c < 0x80) {
      if (kAsciiFold[c] != 0) {
        first[0] = kAsciiFold[c];
        first_len = 1;
      }
    } else {
      after_first = i;
      cp = DecodeUtf8(text, &after_first);
      first_len = FoldCp(cp, first);
    }
    if (first_len == 0) {
      // Separator.
      if (cp == '\n') {
        ++line;
        line_starts_.push_back(static_cast<uint32_t>(after_first));
        line_first_token_.push_back(static_cast<uint32_t>(tokens_.size()));
      }
      uint16_t f = GapFlagFor(cp, text, after_first);
      if (f == kGapHyphen) {
        if (pending_hyphen) gap |= kGapDash;
        pending_hyphen = true;
        space_before_hyphen = prev_space;
        prev_space = false;
      } else {
        if (pending_hyphen && f != 0) {
          gap |= space_before_hyphen ? kGapDash : kGapHyphen;
          pending_hyphen = false;
        }
        gap |= f;
        prev_space = (f == 0 || f == kGapNewline);
      }
      i = after_first;
      continue;
    }
    // A token.
    Token cur;
    cur.begin = static_cast<uint32_t>(i);
    cur.fbegin = static_cast<uint32_t>(fpos);
    cur.line = line;
    if (pending_hyphen) {
      gap |= (space_before_hyphen || prev_space) ? kGapDash : kGapHyphen;
      pending_hyphen = false;
    }
    cur.gap = gap;
    gap = 0;
    bool any_upper = false, any_lower = false;
    bool first_upper = IsUpperLatin(cp);
    uint8_t flags = 0;
    uint64_t h = kFnvOffset;
    auto take = [&](const char* f, int len, uint32_t code) {
      for (int k = 0; k < len; ++k) {
        fp[fpos++] = f[k];
        h = (h ^ static_cast<unsigned char>(f[k])) * kFnvPrime;
      }
      if (code >= '0' && code <= '9') {
        flags |= kTokHasDigit;
      } else {
        flags |= kTokHasLetter;
        if (IsUpperLatin(code)) {
          any_upper = true;
        } else {
          any_lower = true;
        }
      }
    };
    take(first, first_len, cp);
    i = after_first;
    while (i < n) {
      unsigned char d = static_cast<unsigned char>(text[i]);
      if (d < 0x80) {
        char f = kAsciiFold[d];
        if (f == 0) break;
        fp[fpos++] = f;
        h = (h ^ static_cast<unsigned char>(f)) * kFnvPrime;
        if (d <= '9') {
          flags |= kTokHasDigit;
        } else {
          flags |= kTokHasLetter;
          if (d <= 'Z') {
            any_upper = true;
          } else {
            any_lower = true;
          }
        }
        ++i;
        continue;
      }
      size_t j = i;
      uint32_t ncp = DecodeUtf8(text, &j);
      char buf[4];
      int len = FoldCp(ncp, buf);
      if (len == 0) break;
      take(buf, len, ncp);
      i = j;
    }
    // "C++", "C#", "F#": glue to a short token when no word follows.
    if (i < n && fpos - cur.fbegin <= 3 &&
        ((text[i] == '+' && i + 1 < n && text[i + 1] == '+') || text[i] == '#')) {
      size_t glue = text[i] == '#' ? 1 : 2;
      size_t k = i + glue;
      bool next_word = false;
      if (k < n) {
        unsigned char e = static_cast<unsigned char>(text[k]);
        if (e < 0x80) {
          next_word = kAsciiFold[e] != 0;
        } else {
          size_t kk = k;
          char buf[4];
          next_word = FoldCp(DecodeUtf8(text, &kk), buf) != 0;
        }
      }
      if (!next_word) {
        for (size_t g = 0; g < glue; ++g) {
          fp[fpos++] = text[i + g];
          h = (h ^ static_cast<unsigned char>(text[i + g])) * kFnvPrime;
        }
        i += glue;
      }
    }
    cur.end = static_cast<uint32_t>(i);
    cur.flen = static_cast<uint16_t>(std::min<size_t>(fpos - cur.fbegin, 0xFFFF));
    if (any_upper && !any_lower) flags |= kTokAllUpper;
    if (first_upper) flags |= kTokCapitalized;
    if (!(flags & kTokHasLetter) && (flags & kTokHasDigit)) flags |= kTokNumeric;
    cur.flags = flags;
    cur.hash = h;
    if (annotate) AnnotateToken(std::string_view(fp + cur.fbegin, cur.flen), &cur);
    tokens_.push_back(cur);
    prev_space = false;
  }
  folded_.resize(fpos);
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
  t.Reset(text, /*annotate=*/false);
  std::string out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (i) out.push_back(' ');
    out.append(t.folded(i));
  }
  return out;
}

std::vector<std::string> FoldWords(std::string_view text) {
  TokenizedText t;
  t.Reset(text, /*annotate=*/false);
  std::vector<std::string> out;
  out.reserve(t.size());
  for (size_t i = 0; i < t.size(); ++i) out.emplace_back(t.folded(i));
  return out;
}

}  // namespace clara::screening::engine
