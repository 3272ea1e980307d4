// Shared by the harnesses: an invariant that must hold for every input. A
// violation aborts, which libFuzzer reports as a crash with the input saved.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#define FUZZ_CHECK(cond)                                                              \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      std::fprintf(stderr, "%s:%d: invariant violated: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                   \
    }                                                                                 \
  } while (0)

namespace clara::fuzz {

// The input as a string (the APIs under test take std::string).
inline std::string Bytes(const uint8_t* data, size_t size) { return std::string(reinterpret_cast<const char*>(data), size); }

// Splits at the first '\n': {first line, rest}. A seed is then readable text,
// e.g. a header on the first line and a body below it.
inline std::pair<std::string, std::string> FirstLineAndRest(const std::string& in) {
  const size_t nl = in.find('\n');
  if (nl == std::string::npos) return {in, ""};
  return {in.substr(0, nl), in.substr(nl + 1)};
}

}  // namespace clara::fuzz
