// The slow dependency of the cache example: a quote service on its own thread, asked over
// a channel. Each lookup takes 20ms, and before answering, the service tells its
// subscriber that the quote changed (so caches can drop what they hold). That callback
// runs on the service's thread: the service calls back into its client.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <weft/channel.hpp>
#include <weft/thread.hpp>

namespace example {

class quote_service {
 public:
  using change_listener = std::function<void(const std::string& symbol)>;

  quote_service() : thread_([this] { serve(); }) {}
  quote_service(const quote_service&) = delete;
  quote_service& operator=(const quote_service&) = delete;
  ~quote_service() {
    requests_.close();
    thread_.join();
  }

  // Set before the first fetch; called on the service's thread.
  void subscribe(change_listener listener) { listener_ = std::move(listener); }

  // Blocks for the lookup (a request and its reply over channels).
  int fetch(const std::string& symbol) {
    auto reply = std::make_shared<weft::channel<int>>(1);
    requests_.send({symbol, reply});
    return *reply->recv();
  }

 private:
  struct request {
    std::string symbol;
    std::shared_ptr<weft::channel<int>> reply;
  };

  void serve() {
    weft::this_thread::set_name("quotes");
    while (std::optional<request> r = requests_.recv()) {
      weft::this_thread::sleep_for(std::chrono::milliseconds(20));
      const int quote = ++quotes_[r->symbol];  // every lookup sees a new price
      if (listener_) listener_(r->symbol);
      r->reply->send(quote);
    }
  }

  change_listener listener_;
  std::map<std::string, int> quotes_;  // touched by the service's thread only
  weft::channel<request> requests_{4};
  weft::thread thread_;
};

}  // namespace example
