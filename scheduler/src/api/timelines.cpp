#include "api/timelines.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <utility>

#include <weft/errors.hpp>
#include <weft/trace_export.hpp>

#include "report/report_builder.hpp"

namespace weft::inline sim_v1::detail {

namespace {

[[noreturn]] void unusable(const std::string& dir, const std::string& why) {
  throw option_error("weft: WEFT_TRACE_DIR (options::trace_dir) \"" + dir + "\" cannot hold timelines: " + why +
                     " (checked before exploring, so that a failure found later is not lost)");
}

// Why the last system call failed, as the streams leave it in errno.
std::string system_reason() { return errno != 0 ? std::strerror(errno) : "an input/output error"; }

void write_one(report& result, const std::string& path, void (*write)(const report&, std::ostream&)) {
  errno = 0;
  std::ofstream file(path);
  if (!file) throw std::runtime_error(system_reason());
  write(result, file);
  file.flush();
  if (!file) throw std::runtime_error(system_reason());
}

}  // namespace

void check_trace_dir(const std::string& dir) {
  if (dir.empty()) return;
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) unusable(dir, "cannot create it: " + error.message());
  if (!std::filesystem::is_directory(dir, error)) unusable(dir, "it is not a directory");
  const std::string probe = (std::filesystem::path(dir) / (".weft-probe-" + std::to_string(::getpid()))).string();
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) unusable(dir, std::string("cannot create a file in it: ") + std::strerror(errno));
  ::close(fd);
  ::unlink(probe.c_str());
}

void write_timelines(report& result, const options& opt) noexcept {
  std::string path;
  try {
    std::string name = opt.trace_name + "-" + std::string(to_string(result.kind()));
    for (char& c : name) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
    }
    std::filesystem::create_directories(opt.trace_dir);
    const std::filesystem::path base = std::filesystem::path(opt.trace_dir) / name;
    const std::pair<const char*, void (*)(const report&, std::ostream&)> formats[] = {
        {".json", &write_chrome_trace}, {".html", &write_html_trace}};
    for (const auto& [extension, write] : formats) {
      path = base.string() + extension;
      write_one(result, path, write);
      report_builder::add_trace_file(result, path);
    }
  } catch (const std::exception& e) {
    try {
      report_builder::add_note(result, "the timeline could not be written" +
                                           (path.empty() ? " into " + opt.trace_dir : " to " + path) + ": " +
                                           e.what());
    } catch (...) {
      // Out of memory even for the note: the report itself is still whole.
    }
  }
}

}  // namespace weft::detail
