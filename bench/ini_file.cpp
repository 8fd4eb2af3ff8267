// The INI reader of bench/ini_file.hpp.
#include "bench/ini_file.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "core/errors.hpp"
#include "core/quoting.hpp"

namespace crbench {

namespace {

// Option names are short words; a longer "key" is a line of something else.
constexpr std::size_t kMaxKeyBytes = 64;

std::string trim(const std::string& s) {
  const std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// The whole file, refusing what is too large to be a config before reading it.
std::string read_bounded(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw DataError(path, 0, "cannot open the config: it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path, 0, "cannot open the config");
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxConfigBytes)
      throw DataError(path, 0,
                      "the config is larger than " + std::to_string(kMaxConfigBytes >> 10) +
                          " KiB: not a config file");
  }
  return text;
}

}  // namespace

std::string IniFile::where(const IniEntry& entry) const {
  return path + ":" + std::to_string(entry.line);
}

IniFile read_ini_file(const std::string& path) {
  IniFile ini;
  ini.path = path;
  std::string text = read_bounded(path);
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);  // UTF-8 byte-order mark
  std::string section;
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    ++line_no;
    const std::size_t nl = text.find('\n', pos);
    const std::size_t end = nl == std::string::npos ? text.size() : nl;
    if (end - pos > kMaxConfigLineBytes)
      throw DataError(path, line_no,
                      "line longer than " + std::to_string(kMaxConfigLineBytes) + " bytes");
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.find('\0') != std::string::npos)
      throw DataError(path, line_no, "a NUL byte: not a text file");
    if (const std::size_t hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    line = trim(line);
    if (line.empty()) continue;
    if (line.front() == '[') {
      if (line.back() != ']')
        throw DataError(path, line_no, "section header without ']': " + quoted_text(line));
      section = trim(line.substr(1, line.size() - 2));
      if (section.empty()) throw DataError(path, line_no, "empty section name");
      bool seen = false;
      for (const IniSection& s : ini.sections) seen = seen || s.name == section;
      if (!seen) ini.sections.push_back({section, line_no});
      continue;
    }
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos)
      throw DataError(path, line_no, "not 'key = value' nor '[section]': " + quoted_text(line));
    IniEntry entry{section, trim(line.substr(0, eq)), trim(line.substr(eq + 1)), line_no};
    if (entry.key.empty())
      throw DataError(path, line_no, "a setting without a key: " + quoted_text(line));
    if (entry.key.size() > kMaxKeyBytes ||
        entry.key.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                    "0123456789-_.") != std::string::npos)
      throw DataError(path, line_no,
                      "not a setting name: " + quoted_text(entry.key) +
                          " (names are letters, digits, '-', '_' and '.')");
    ini.entries.push_back(std::move(entry));
  }
  return ini;
}

}  // namespace crbench
