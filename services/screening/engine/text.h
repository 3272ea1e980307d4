// Case- and accent-folding tokenizer for the scoring engine.
//
// Every token keeps its byte offsets in the original text (so evidence quotes
// are verbatim substrings) and a folded, lower-case ASCII form ("Führerschein"
// -> "fuhrerschein", "Wójcik" -> "wojcik") in one shared buffer. The gap in
// front of each token is summarised as flags (newline, sentence end, comma,
// dash, bullet, ...) so later stages reason about clauses and list items
// without re-scanning bytes. A TokenizedText is reused between calls to avoid
// allocation on the hot path.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clara::screening::engine {

// What separated a token from the previous one (bit flags).
enum GapFlag : uint16_t {
  kGapNewline = 1 << 0,
  kGapSentence = 1 << 1,  // ". " "!" "?" ";"
  kGapComma = 1 << 2,
  kGapDash = 1 << 3,    // "–", "—" or " - "
  kGapColon = 1 << 4,
  kGapParen = 1 << 5,   // ( ) [ ]
  kGapSlash = 1 << 6,
  kGapBullet = 1 << 7,  // · • | ▪ ●
  kGapHyphen = 1 << 8,  // "-" between word characters
  kGapPlus = 1 << 9,
  kGapDot = 1 << 10,    // "." without following space ("01.2018", "node.js")
  kGapApos = 1 << 11,
  kGapAmp = 1 << 12,
  kGapOther = 1 << 13,
  kGapParenClose = 1 << 14,
  kGapParenOpen = 1 << 15,
};

// Gaps that end a clause (negation scope).
inline constexpr uint16_t kClauseBreak =
    kGapNewline | kGapSentence | kGapDash | kGapBullet;
// Gaps that end a list item / segment (qualifier scope).
inline constexpr uint16_t kSegmentBreak = kClauseBreak | kGapComma | kGapColon;

enum TokenFlag : uint8_t {
  kTokAllUpper = 1 << 0,    // every letter upper-case (and >= 1 letter)
  kTokCapitalized = 1 << 1,
  kTokNumeric = 1 << 2,     // digits only
  kTokHasDigit = 1 << 3,
  kTokHasLetter = 1 << 4,
};

struct Token {
  uint64_t hash = 0;   // WordHash of the folded form (word_table.h)
  uint32_t begin = 0;  // byte offsets in the original text
  uint32_t end = 0;
  uint32_t fbegin = 0;  // offset of the folded form in the folded buffer
  uint32_t line = 0;    // 0-based line number
  uint16_t flen = 0;
  uint16_t gap = 0;  // GapFlag bits for the separator before this token
  uint8_t flags = 0;
  // Closed word classes, filled by one lexicon lookup (lexicon.h).
  uint8_t month = 0;       // 1..12 for month names
  uint16_t cues = 0;       // Cue bits (negation.h)
  uint8_t level = 0;       // language level word 1..6 (levels.h)
  uint8_t stop_lang = 0;   // Lang + 1 for language-specific stop words
  uint8_t header = 0;      // Section + 1 for résumé header words
  uint8_t date_flags = 0;  // DateFlag bits (lexicon.h)
};

class TokenizedText {
 public:
  // Tokenizes `text`, which must outlive this object's use of it.
  void Reset(std::string_view text) { Reset(text, true); }
  // With annotate = false the closed-class fields (lexicon.h) stay empty:
  // for folding while the lexicon itself is being built from data.
  void Reset(std::string_view text, bool annotate);

  std::string_view text() const { return text_; }
  const std::vector<Token>& tokens() const { return tokens_; }
  size_t size() const { return tokens_.size(); }
  std::string_view folded(size_t i) const {
    const Token& t = tokens_[i];
    return std::string_view(folded_).substr(t.fbegin, t.flen);
  }
  std::string_view raw(size_t i) const {
    const Token& t = tokens_[i];
    return text_.substr(t.begin, t.end - t.begin);
  }
  // Byte range [begin, end) of line `line` (without the newline).
  std::pair<uint32_t, uint32_t> LineSpan(uint32_t line) const;
  uint32_t line_count() const {
    return static_cast<uint32_t>(line_starts_.size());
  }
  // First token index whose line >= line (tokens().size() if none).
  uint32_t FirstTokenOfLine(uint32_t line) const;
  // The raw separator bytes between token i-1 and token i.
  std::string_view GapText(size_t i) const;

 private:
  std::string_view text_;
  std::string folded_;
  std::vector<Token> tokens_;
  std::vector<uint32_t> line_starts_;
  std::vector<uint32_t> line_first_token_;
};

// Folds a whole string to the tokenizer's folded form with single spaces
// between tokens ("Power BI / Tableau" -> "power bi tableau"). Does not use
// the lexicon, so closed-class tables may call it while being built.
std::string FoldForMatch(std::string_view text);

// The folded words of `text`, split where the tokenizer would split them
// ("Aujourd'hui" -> {"aujourd", "hui"}, "d.d." -> {"d", "d"}), without the
// lexicon: closed-class tables are built from data with it while the lexicon
// itself is being built.
std::vector<std::string> FoldWords(std::string_view text);

// Decodes one UTF-8 code point at `i` (advancing i); invalid bytes yield
// U+FFFD and advance by one.
uint32_t DecodeUtf8(std::string_view s, size_t* i);

// Largest index <= pos that is on a UTF-8 code point boundary.
size_t Utf8Floor(std::string_view s, size_t pos);

// Number of code points in s.
size_t Utf8Length(std::string_view s);

}  // namespace clara::screening::engine
