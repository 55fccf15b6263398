// A tiny bank: accounts with a balance, transfers between them, and an auditor that
// sums every balance. Written against weft's shims, so the same code runs on real
// threads (weft::shims) or under the simulator (weft::sim).
//
// The buggy transfer checks the balance under one lock and moves the money under
// another: between the two, a concurrent transfer can spend the same money, and the
// account goes negative. The correct transfer locks both accounts (in a fixed order, so
// two opposite transfers cannot deadlock) and checks and moves under those locks.
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include <weft/mutex.hpp>

namespace bank {

struct account {
  explicit account(std::int64_t opening) : balance(opening) {}
  weft::mutex lock;
  std::int64_t balance;
};

enum class transfer_style { check_then_act, locked };

// Moves `amount` from `from` to `to` if `from` can afford it. Returns whether it did.
inline bool transfer(account& from, account& to, std::int64_t amount, transfer_style style) {
  if (style == transfer_style::check_then_act) {
    {
      std::lock_guard guard(from.lock);
      if (from.balance < amount) return false;
    }
    {
      std::lock_guard guard(from.lock);
      from.balance -= amount;
    }
    std::lock_guard guard(to.lock);
    to.balance += amount;
    return true;
  }
  account& first = &from < &to ? from : to;
  account& second = &from < &to ? to : from;
  std::scoped_lock both(first.lock, second.lock);
  if (from.balance < amount) return false;
  from.balance -= amount;
  to.balance += amount;
  return true;
}

// The sum of all balances, each read under its account's lock.
inline std::int64_t total(std::vector<account*> accounts) {
  std::int64_t sum = 0;
  for (account* a : accounts) {
    std::lock_guard guard(a->lock);
    sum += a->balance;
  }
  return sum;
}

}  // namespace bank
