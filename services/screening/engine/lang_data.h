// The engine's language data: closed word classes per language, kept as TSV
// files under services/screening/engine/data/lang/<code>/ and embedded at
// build time (no file I/O at run time). A language is a folder of data;
// adding one touches no C++ (see README "Adding a language").
//
// File format: UTF-8, one row a line, fields separated by TABs; lines starting
// with '#' and blank lines are skipped. Every file starts with a comment
// naming its source. Each module documents the columns of the files it reads.
//
//   for (const LangRow& r : LangRows("modality.tsv")) {
//     // r.lang == "sv", r.fields == {"gärna", "nice"}
//   }
#pragma once

#include <string_view>
#include <vector>

namespace clara::screening::engine {

struct LangRow {
  std::string_view lang;                 // folder name: "en", "sv", …
  std::vector<std::string_view> fields;  // trimmed, at least one, non-empty first
};

// Every row of data/lang/*/<name>, languages in folder-name order, rows in
// file order. Built once; the views point into static storage.
const std::vector<LangRow>& LangRows(std::string_view name);

// The languages that have a data folder ("da", "de", "en", …), sorted.
const std::vector<std::string_view>& DataLanguages();

// Every row of a data file outside lang/ (e.g. "esco/occupations.tsv"); empty
// when the file does not exist.
const std::vector<std::vector<std::string_view>>& DataRows(std::string_view path);

// True if `folded` (a folded token) is a closed-class word of any data
// language (function_words.tsv: articles, pronouns, prepositions, …).
bool IsFunctionWord(std::string_view folded);

}  // namespace clara::screening::engine
