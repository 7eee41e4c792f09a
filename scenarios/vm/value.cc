#include "scenarios/vm/value.h"

#include <cmath>
#include <cstring>

namespace lockcheck {

Value Interner::Str(absl::string_view s) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = string_ids_.find(s);
  if (it != string_ids_.end()) return Value::Str(it->second);
  uint32_t id = static_cast<uint32_t>(strings_.size());
  strings_.emplace_back(s);
  string_ids_.emplace(std::string(s), id);
  return Value::Str(id);
}

const std::string& Interner::StrOf(Value v) const {
  std::lock_guard<std::mutex> lock(mu_);
  return strings_[v.payload()];
}

Value Interner::Pool(PoolEntry e) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = pool_ids_.find(e);
  if (it != pool_ids_.end()) return Value::Pooled(it->second);
  uint32_t id = static_cast<uint32_t>(pool_.size());
  pool_.push_back(e);
  pool_ids_.emplace(e, id);
  return Value::Pooled(id);
}

Value Interner::Float(double d) {
  if (d == 0) d = std::signbit(d) ? -0.0 : 0.0;
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return Pool({true, bits});
}

Value Interner::Int(int64_t i) {
  if (i >= Value::kSmallMin && i <= Value::kSmallMax) return Value::SmallInt(i);
  return Pool({false, static_cast<uint64_t>(i)});
}

bool Interner::IsFloat(Value v) const {
  if (v.tag() != Tag::kPooled) return false;
  std::lock_guard<std::mutex> lock(mu_);
  return pool_[v.payload()].is_float;
}

bool Interner::IsBigInt(Value v) const {
  if (v.tag() != Tag::kPooled) return false;
  std::lock_guard<std::mutex> lock(mu_);
  return !pool_[v.payload()].is_float;
}

double Interner::FloatOf(Value v) const {
  std::lock_guard<std::mutex> lock(mu_);
  double d;
  std::memcpy(&d, &pool_[v.payload()].bits, sizeof d);
  return d;
}

int64_t Interner::BigIntOf(Value v) const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int64_t>(pool_[v.payload()].bits);
}

Interner::Count Interner::Size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {static_cast<uint32_t>(strings_.size()), static_cast<uint32_t>(pool_.size())};
}

Interner::Entries Interner::Since(Count c) const {
  std::lock_guard<std::mutex> lock(mu_);
  Entries e;
  e.strings.assign(strings_.begin() + c.strings, strings_.end());
  for (size_t i = c.pooled; i < pool_.size(); ++i) e.pooled.emplace_back(pool_[i].is_float, pool_[i].bits);
  return e;
}

void Interner::Truncate(Count c) {
  std::lock_guard<std::mutex> lock(mu_);
  while (strings_.size() > c.strings) {
    string_ids_.erase(strings_.back());
    strings_.pop_back();
  }
  while (pool_.size() > c.pooled) {
    pool_ids_.erase(pool_.back());
    pool_.pop_back();
  }
}

}  // namespace lockcheck
