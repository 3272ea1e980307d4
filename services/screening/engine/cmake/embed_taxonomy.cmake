# Generates a C++ source embedding the taxonomy TSV files, so the library
# does no file I/O at run time.
#   cmake -DOUT=taxonomy_data.cc "-DFILES=a.tsv|b.tsv" -P embed_taxonomy.cmake
string(REPLACE "|" ";" files "${FILES}")
set(body "")
set(count 0)
foreach(f IN LISTS files)
  file(READ "${f}" data)
  get_filename_component(name "${f}" NAME)
  string(APPEND body "    // ${name}\n    R\"CLARATSV(${data})CLARATSV\",\n")
  math(EXPR count "${count} + 1")
endforeach()
file(WRITE "${OUT}.tmp"
"// Generated from services/screening/engine/taxonomy/*.tsv; do not edit.
#include <cstddef>
#include <string_view>

namespace clara::screening::engine {

extern const std::string_view kTaxonomyFiles[] = {
${body}};
extern const size_t kTaxonomyFileCount = ${count};

}  // namespace clara::screening::engine
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
