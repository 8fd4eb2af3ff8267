// Config files as crbench reads them (grid configs and plain option files):
// Boost.Program_options' INI syntax, "key = value" lines under optional
// "[section]" headers, '#' starting a comment, blank lines ignored. Read here
// rather than by Boost so that every entry keeps its line for messages, a UTF-8
// byte-order mark (as Windows editors write) is skipped, and size is bounded.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace crbench {

// A config is a page of settings: anything larger is not one (a wrong file, or a
// 2.5 GB line that would otherwise be read whole before any message).
inline constexpr std::size_t kMaxConfigBytes = std::size_t{1} << 20;
inline constexpr std::size_t kMaxConfigLineBytes = 16384;

struct IniEntry {
  std::string section;  // "" at the top level, else the name in brackets
  std::string key;
  std::string value;
  std::size_t line = 0;
};

struct IniSection {
  std::string name;
  std::size_t line = 0;  // of its first header
};

struct IniFile {
  std::string path;
  std::vector<IniEntry> entries;     // in file order
  std::vector<IniSection> sections;  // in order of first appearance
  // "path:line" of an entry, for messages.
  std::string where(const IniEntry& entry) const;
};

// Reads `path`. DataError ("path:line: what") when it cannot be read, is larger than
// kMaxConfigBytes, has a line longer than kMaxConfigLineBytes or a NUL byte, or has
// a line that is neither a setting, a section header, a comment nor blank.
IniFile read_ini_file(const std::string& path);

}  // namespace crbench
