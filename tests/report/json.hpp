// A small JSON parser for tests: enough to check that exported traces are valid JSON
// and to look inside them.
#pragma once

#include <cctype>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace weft_test {

struct json {
  using object = std::map<std::string, json>;
  using array = std::vector<json>;
  std::variant<std::nullptr_t, bool, double, std::string, std::shared_ptr<array>, std::shared_ptr<object>> value;

  const object& as_object() const { return *std::get<std::shared_ptr<object>>(value); }
  const array& as_array() const { return *std::get<std::shared_ptr<array>>(value); }
  const std::string& as_string() const { return std::get<std::string>(value); }
  double as_number() const { return std::get<double>(value); }
  const json& operator[](const std::string& key) const { return as_object().at(key); }
  bool has(const std::string& key) const { return as_object().count(key) != 0; }
};

// Throws std::runtime_error naming the offset of the first problem.
class json_parser {
 public:
  static json parse(const std::string& text) {
    json_parser p(text);
    json v = p.value();
    p.space();
    if (p.at_ != text.size()) p.fail("trailing characters");
    return v;
  }

 private:
  explicit json_parser(const std::string& text) : text_(text) {}
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("invalid JSON at offset " + std::to_string(at_) + ": " + what);
  }
  void space() {
    while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_]))) ++at_;
  }
  char peek() {
    space();
    if (at_ >= text_.size()) fail("unexpected end");
    return text_[at_];
  }
  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++at_;
  }
  json value() {
    const char c = peek();
    if (c == '{') return object();
    if (c == '[') return array();
    if (c == '"') return json{string()};
    if (text_.compare(at_, 4, "true") == 0) return at_ += 4, json{true};
    if (text_.compare(at_, 5, "false") == 0) return at_ += 5, json{false};
    if (text_.compare(at_, 4, "null") == 0) return at_ += 4, json{nullptr};
    return number();
  }
  json object() {
    auto o = std::make_shared<json::object>();
    expect('{');
    if (peek() == '}') return ++at_, json{o};
    for (;;) {
      if (peek() != '"') fail("expected a key");
      std::string key = string();
      expect(':');
      (*o)[key] = value();
      if (peek() == '}') return ++at_, json{o};
      expect(',');
    }
  }
  json array() {
    auto a = std::make_shared<json::array>();
    expect('[');
    if (peek() == ']') return ++at_, json{a};
    for (;;) {
      a->push_back(value());
      if (peek() == ']') return ++at_, json{a};
      expect(',');
    }
  }
  std::string string() {
    expect('"');
    std::string out;
    while (at_ < text_.size() && text_[at_] != '"') {
      char c = text_[at_++];
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string");
      if (c == '\\') {
        if (at_ >= text_.size()) fail("unfinished escape");
        const char e = text_[at_++];
        if (e == 'u') {
          if (at_ + 4 > text_.size()) fail("short \\u escape");
          out += '?';
          at_ += 4;
          continue;
        }
        if (std::string("\"\\/bfnrt").find(e) == std::string::npos) fail("bad escape");
        c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
      }
      out += c;
    }
    expect('"');
    return out;
  }
  json number() {
    const std::size_t start = at_;
    while (at_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[at_])) ||
                                  std::string("+-.eE").find(text_[at_]) != std::string::npos)) {
      ++at_;
    }
    if (start == at_) fail("expected a value");
    return json{std::stod(text_.substr(start, at_ - start))};
  }

  const std::string& text_;
  std::size_t at_ = 0;
};

}  // namespace weft_test
