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
    if ((entries_.size() + 1) * 2 > slots_.size()) Grow();
    uint64_t h = WordHash(key);
    size_t mask = slots_.size() - 1;
    for (size_t i = Mix(h) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.idx == 0) {
        Entry e;
        e.hash = h;
        e.off = static_cast<uint32_t>(arena_.size());
        e.len = static_cast<uint32_t>(key.size());
        arena_.append(key);
        entries_.push_back(e);
        s.tag = static_cast<uint32_t>(h >> 32);
        s.idx = static_cast<uint32_t>(entries_.size());
        return entries_.back().value;
      }
      if (s.tag == static_cast<uint32_t>(h >> 32)) {
        Entry& e = entries_[s.idx - 1];
        if (e.hash == h && Key(e) == key) return e.value;
      }
    }
  }

  const V* Find(std::string_view key, uint64_t h) const {
    if (slots_.empty()) return nullptr;
    size_t mask = slots_.size() - 1;
    uint32_t tag = static_cast<uint32_t>(h >> 32);
    for (size_t i = Mix(h) & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.idx == 0) return nullptr;
      if (s.tag == tag) {
        const Entry& e = entries_[s.idx - 1];
        if (e.hash == h && Key(e) == key) return &e.value;
      }
    }
  }
  const V* Find(std::string_view key) const { return Find(key, WordHash(key)); }
  size_t size() const { return entries_.size(); }

  template <typename F>
  void ForEach(F f) const {
    for (const Entry& e : entries_) f(Key(e), e.value);
  }

 private:
  // 8-byte slots keep the probe array small and cache-resident; entries
  // hold the full hash, key and value.
  struct Slot {
    uint32_t tag = 0;  // high half of the hash
    uint32_t idx = 0;  // 1-based index into entries_, 0 = empty
  };
  struct Entry {
    uint64_t hash = 0;
    uint32_t off = 0;
    uint32_t len = 0;
    V value{};
  };
  static size_t Mix(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return static_cast<size_t>(h);
  }
  std::string_view Key(const Entry& e) const {
    return std::string_view(arena_).substr(e.off, e.len);
  }
  void Grow() {
    slots_.assign(slots_.empty() ? 64 : slots_.size() * 2, Slot());
    size_t mask = slots_.size() - 1;
    for (size_t k = 0; k < entries_.size(); ++k) {
      size_t i = Mix(entries_[k].hash) & mask;
      while (slots_[i].idx != 0) i = (i + 1) & mask;
      slots_[i].tag = static_cast<uint32_t>(entries_[k].hash >> 32);
      slots_[i].idx = static_cast<uint32_t>(k + 1);
    }
  }
  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
  std::string arena_;
};

}  // namespace clara::screening::engine
