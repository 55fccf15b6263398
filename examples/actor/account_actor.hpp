// An account actor: one thread owns the balance, and everyone else talks to it by
// message. Nothing is shared, so nothing needs a lock.
//
//   client --mailbox (bounded)--> account thread --reply channel--> client
//
// The mailbox is bounded, so a flood of requests slows the senders instead of growing a
// queue. Every request carries the channel its reply goes to, and the client waits for
// that reply only so long: a slow account must not hang its callers.
//
// Where the reply goes is the whole difference between the two clients below. The
// careless one opens one reply channel and reuses it for every request. When a request
// times out, its reply still arrives later, and it is taken as the answer to the *next*
// request. The right one gives every request its own reply channel; a late reply lands
// in a channel nobody reads and is dropped with it.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <variant>

#include <weft/channel.hpp>
#include <weft/thread.hpp>

namespace example {

// What the account answers: whether it did what was asked, and the balance after it.
struct account_reply {
  bool accepted = false;
  long balance = 0;
};

using reply_channel = weft::channel<account_reply>;

struct deposit {
  long amount;
};
struct withdraw {
  long amount;
};
struct balance_query {};

struct account_message {
  std::variant<deposit, withdraw, balance_query> request;
  std::shared_ptr<reply_channel> reply_to;
};

// The actor. Its thread starts in the constructor and stops in stop() (or the
// destructor) once every message already in the mailbox has been answered.
class account_actor {
 public:
  account_actor(long opening_balance, std::chrono::milliseconds time_per_request)
      : balance_(opening_balance), time_per_request_(time_per_request), thread_([this] { serve(); }) {}

  account_actor(const account_actor&) = delete;
  account_actor& operator=(const account_actor&) = delete;
  ~account_actor() { stop(); }

  // Blocks while the mailbox is full. Throws weft::channel_closed after stop().
  void post(account_message message) { mailbox_.send(std::move(message)); }

  // Closes the mailbox and waits for the account thread to answer what is left in it.
  void stop() {
    mailbox_.close();
    if (thread_.joinable()) thread_.join();
  }

  // The balance as the account itself knows it. Only after stop(): the account thread
  // owns it while it runs.
  long audited_balance() const { return balance_; }

 private:
  void serve() {
    weft::this_thread::set_name("account");
    while (std::optional<account_message> message = mailbox_.recv()) {
      weft::this_thread::sleep_for(time_per_request_);  // writing the ledger
      const account_reply reply = std::visit([this](const auto& request) { return handle(request); }, message->request);
      // A full reply channel means its requester stopped listening; the reply is dropped.
      message->reply_to->try_send(reply);
    }
  }

  account_reply handle(const deposit& d) {
    balance_ += d.amount;
    return {true, balance_};
  }
  account_reply handle(const withdraw& w) {
    if (w.amount > balance_) return {false, balance_};
    balance_ -= w.amount;
    return {true, balance_};
  }
  account_reply handle(const balance_query&) const { return {true, balance_}; }

  long balance_;
  const std::chrono::milliseconds time_per_request_;
  weft::channel<account_message> mailbox_{8};
  weft::thread thread_;
};

enum class reply_routing { one_channel_per_client, one_channel_per_request };

// A caller's handle on the account: each call sends a request and waits up to `timeout`
// for its reply; nullopt means the account did not answer in time (the request may
// still be carried out).
class account_client {
 public:
  account_client(account_actor& account, reply_routing routing, std::chrono::milliseconds timeout)
      : account_(account), routing_(routing), timeout_(timeout) {}

  std::optional<account_reply> deposit(long amount) { return ask(example::deposit{amount}); }
  std::optional<account_reply> withdraw(long amount) { return ask(example::withdraw{amount}); }
  std::optional<account_reply> balance() { return ask(balance_query{}); }

 private:
  std::optional<account_reply> ask(std::variant<example::deposit, example::withdraw, balance_query> request) {
    std::shared_ptr<reply_channel> reply_to =
        routing_ == reply_routing::one_channel_per_request ? std::make_shared<reply_channel>(1) : shared_replies_;
    account_.post({request, reply_to});
    return reply_to->recv_for(timeout_).value;
  }

  account_actor& account_;
  const reply_routing routing_;
  const std::chrono::milliseconds timeout_;
  const std::shared_ptr<reply_channel> shared_replies_ = std::make_shared<reply_channel>(4);
};

}  // namespace example
