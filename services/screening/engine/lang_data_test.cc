// The language data files: every language has every file, every row is
// well-formed, and every file names its source.
#include "services/screening/engine/lang_data.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "gtest/gtest.h"

namespace clara::screening::engine {
namespace {

const char* const kFiles[] = {"sections.tsv", "modality.tsv", "function_words.tsv", "numbers.tsv",
                              "levels.tsv", "resume_sections.tsv"};

TEST(LangDataTest, NineLanguagesEachWithEveryFile) {
  std::set<std::string> langs(DataLanguages().begin(), DataLanguages().end());
  for (const char* l : {"da", "de", "en", "es", "fi", "fr", "nl", "no", "sv"}) {
    EXPECT_TRUE(langs.contains(l)) << l;
  }
  for (const char* f : kFiles) {
    std::set<std::string> have;
    for (const LangRow& r : LangRows(f)) have.insert(std::string(r.lang));
    EXPECT_EQ(have, langs) << f;
  }
}

TEST(LangDataTest, RowsUseKnownClasses) {
  const std::set<std::string> sections = {"must", "nice", "tasks", "offer", "about", "apply"};
  const std::set<std::string> modality = {"must", "nice", "signal", "experience", "availability", "trait"};
  for (const LangRow& r : LangRows("sections.tsv")) {
    ASSERT_GE(r.fields.size(), 2u) << r.lang << ": " << r.fields[0];
    EXPECT_TRUE(sections.contains(std::string(r.fields[1]))) << r.lang << ": " << r.fields[0];
  }
  for (const LangRow& r : LangRows("modality.tsv")) {
    ASSERT_GE(r.fields.size(), 2u) << r.lang << ": " << r.fields[0];
    EXPECT_TRUE(modality.contains(std::string(r.fields[1]))) << r.lang << ": " << r.fields[0];
    if (r.fields.size() > 2) EXPECT_EQ(r.fields[2], "back") << r.lang << ": " << r.fields[0];
  }
  for (const LangRow& r : LangRows("numbers.tsv")) {
    ASSERT_EQ(r.fields.size(), 2u) << r.lang << ": " << r.fields[0];
    std::string v(r.fields[1]);
    EXPECT_TRUE(v == "year" || v == "month" || std::stoi(v) > 0) << r.lang << ": " << r.fields[0];
  }
  for (const LangRow& r : LangRows("function_words.tsv")) EXPECT_EQ(r.fields.size(), 1u) << r.fields[0];
}

TEST(LangDataTest, EveryDataFileNamesItsSource) {
  const std::filesystem::path dir = std::filesystem::path(CLARA_SOURCE_DIR) / "services/screening/engine/data";
  int files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.path().extension() != ".tsv") continue;
    ++files;
    std::ifstream in(e.path());
    std::string first;
    std::getline(in, first);
    EXPECT_EQ(first.rfind("# Source:", 0), 0u) << e.path();
  }
  EXPECT_GE(files, 36);
}

TEST(LangDataTest, UnknownFilesAreEmpty) {
  EXPECT_TRUE(LangRows("no-such-file.tsv").empty());
  EXPECT_TRUE(DataRows("no/such.tsv").empty());
}

}  // namespace
}  // namespace clara::screening::engine
