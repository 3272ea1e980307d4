# Generates a C++ source embedding the engine's data files (data/**/*.tsv), so
# the library does no file I/O at run time and a language is a folder of data.
#   cmake -DOUT=lang_data.cc -DBASE=<data dir> "-DFILES=a.tsv|b.tsv" -P embed_data.cmake
# Each file is named by its path relative to BASE ("lang/sv/modality.tsv").
string(REPLACE "|" ";" files "${FILES}")
set(body "")
set(count 0)
foreach(f IN LISTS files)
  file(READ "${f}" data)
  file(RELATIVE_PATH name "${BASE}" "${f}")
  string(APPEND body "    {\"${name}\", R\"CLARATSV(${data})CLARATSV\"},\n")
  math(EXPR count "${count} + 1")
endforeach()
file(WRITE "${OUT}.tmp"
"// Generated from services/screening/engine/data/; do not edit.
#include <cstddef>
#include <string_view>
#include <utility>

namespace clara::screening::engine {

extern const std::pair<std::string_view, std::string_view> kDataFiles[] = {
${body}    {\"\", \"\"}};
extern const size_t kDataFileCount = ${count};

}  // namespace clara::screening::engine
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
