// Lock hygiene: a cache in front of a slow dependency (quote_service.hpp).
//
// A cache has a mutex to guard its map. The tempting refresh holds that mutex across the
// call to the dependency: "nobody else can refresh the same entry meanwhile". But every
// reader of the cache now waits for the slow call too, and if the dependency calls back
// into the cache (here: its change notification, which takes the cache's mutex), the two
// wait for each other forever.
//
// The guidance: never hold a lock across a blocking call. Copy what you need under the
// lock, call outside it, and take the lock again to store the result.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <weft/mutex.hpp>

#include "cache/quote_service.hpp"

namespace example {

enum class refresh_style { lock_held_across_call, call_outside_lock };

class quote_cache {
 public:
  quote_cache(quote_service& service, refresh_style style) : service_(service), style_(style) {
    service_.subscribe([this](const std::string& symbol) { invalidate(symbol); });
  }

  // The cached quote, fetched from the service if the cache has none.
  int get(const std::string& symbol) {
    if (style_ == refresh_style::lock_held_across_call) {
      std::lock_guard lock(mutex_);
      auto it = quotes_.find(symbol);
      if (it == quotes_.end()) it = quotes_.emplace(symbol, service_.fetch(symbol)).first;
      return it->second;
    }
    {
      std::lock_guard lock(mutex_);
      if (auto it = quotes_.find(symbol); it != quotes_.end()) return it->second;
    }
    const int fresh = service_.fetch(symbol);  // no lock held
    std::lock_guard lock(mutex_);
    return quotes_.insert_or_assign(symbol, fresh).first->second;
  }

  // Drops the cached quote; the next get() fetches it again.
  void invalidate(const std::string& symbol) {
    std::lock_guard lock(mutex_);
    quotes_.erase(symbol);
  }

 private:
  quote_service& service_;
  const refresh_style style_;
  weft::mutex mutex_;
  std::map<std::string, int> quotes_;
};

}  // namespace example
