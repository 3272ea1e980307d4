// A small open-addressing hash table keyed by folded words.
//
// The tokenizer computes each token's 64-bit FNV-1a hash once while folding;
// the lexicon and the taxonomy vocabulary are probed with that hash, so a
// token costs one hash computation however many tables it is looked up in.
// Build once, then read-only (thread-safe for readers).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clara::screening::engine {

inline uint64_t WordHash(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

template <typename V>
class WordTable {
 public:
  // Returns the value slot for `key`, inserting a default one if absent.
  V& operator[](std::string_view key) {
    if ((n_ + 1) * 2 > slots_.size()) Grow();
    uint64_t h = WordHash(key);
    size_t mask = slots_.size() - 1;
    for (size_t i = Mix(h) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (!s.used) {
        s.used = true;
        s.hash = h;
        s.off = static_cast<uint32_t>(arena_.size());
        s.len = static_cast<uint32_t>(key.size());
        arena_.append(key);
        ++n_;
        return s.value;
      }
      if (s.hash == h && Key(s) == key) return s.value;
    }
  }

  const V* Find(std::string_view key, uint64_t h) const {
    if (slots_.empty()) return nullptr;
    size_t mask = slots_.size() - 1;
    for (size_t i = Mix(h) & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (!s.used) return nullptr;
      if (s.hash == h && Key(s) == key) return &s.value;
    }
  }
  const V* Find(std::string_view key) const { return Find(key, WordHash(key)); }
  size_t size() const { return n_; }

  template <typename F>
  void ForEach(F f) const {
    for (const Slot& s : slots_) {
      if (s.used) f(Key(s), s.value);
    }
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t off = 0;
    uint32_t len = 0;
    bool used = false;
    V value{};
  };
  static size_t Mix(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return static_cast<size_t>(h);
  }
  std::string_view Key(const Slot& s) const {
    return std::string_view(arena_).substr(s.off, s.len);
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot());
    size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (!s.used) continue;
      size_t i = Mix(s.hash) & mask;
      while (slots_[i].used) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  std::string arena_;
  size_t n_ = 0;
};

}  // namespace clara::screening::engine
