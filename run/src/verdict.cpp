#include "verdict.hpp"

#include <sys/wait.h>

#include <cstring>
#include <sstream>
#include <string_view>

namespace weft::run {

std::string to_line(const verdict& v) {
  if (!v.failed) return "pass\n";
  return "fail " + std::to_string(v.kind) + " " + std::to_string(v.steps) + " " + std::to_string(v.line) + " " +
         v.token + " " + v.file + "\n";
}

verdict from_line(const std::string& text, int wait_status) {
  verdict v;
  if (text.starts_with("pass")) return v;
  v.failed = true;
  std::istringstream in(text);
  std::string word;
  if (in >> word && word == "fail" && in >> v.kind >> v.steps >> v.line >> v.token) {
    std::getline(in >> std::ws, v.file);
    return v;
  }
  v.token.clear();
  if (WIFSIGNALED(wait_status)) {
    v.crash = "was killed by signal " + std::to_string(WTERMSIG(wait_status)) + " (" + strsignal(WTERMSIG(wait_status)) + ")";
  } else {
    v.crash = "exited with status " + std::to_string(WEXITSTATUS(wait_status)) + " without a verdict";
  }
  return v;
}

std::string printed_token(const std::string& output) {
  constexpr std::string_view marker = "WEFT_REPLAY=";
  const std::size_t at = output.rfind(marker);
  if (at == std::string::npos) return {};
  const std::size_t start = at + marker.size();
  const std::size_t end = output.find_first_of(" \t\r\n", start);
  return output.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace weft::run
