// One lookup per token for every closed word class the engine uses.
//
// Cue words (negation, qualifiers), month names, language-level words,
// résumé header words, stop words for language detection and date words
// ("present", "nu", "heute", "seit") live in their own modules; this
// lexicon merges them into one hash table so the tokenizer annotates each
// token with a single lookup instead of one per class. Cue and date words
// come from data/lang/<code>/cues.tsv and dates.tsv; the table is built
// once, on first use.
#pragma once

#include <cstdint>
#include <string_view>

namespace clara::screening::engine {

struct Token;

// Date word classes (data/lang/<code>/dates.tsv).
enum DateFlag : uint8_t {
  kDatePresent = 1,      // present, now, nu, nå, heute, dato
  kDateConnector = 2,    // to, till, bis, until
  kDateSince = 4,        // since, seit, sedan, siden
  kDateFuture = 8,       // expected, voraussichtlich
  kDatePhrase = 16,      // first word of a date phrase ("i dag", "la fecha")
  kDateSinceAfter = 32,  // "2019 alkaen", "2019 lähtien"
};

// Fills the closed-class fields of `token` from its folded form (and its
// precomputed hash).
void AnnotateToken(std::string_view folded, Token* token);

}  // namespace clara::screening::engine
