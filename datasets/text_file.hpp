// Line-by-line reading of a text log through fast-cpp-csv-parser's io::LineReader,
// with every failure (cannot open, line too long) reported as DataError naming the
// file and line. Private to datasets/.
#pragma once

#include <cstddef>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace io {
class LineReader;
}

namespace crbench::internal {

class TextFile {
 public:
  // Throws DataError when the file cannot be opened (or is a directory).
  explicit TextFile(const std::string& path);
  ~TextFile();
  TextFile(const TextFile&) = delete;
  TextFile& operator=(const TextFile&) = delete;

  // The next line that is not blank (without its line break), or nullptr at the end
  // of the file. The text stays valid, and may be modified, until the next call.
  char* next_line();
  // 1-based number of the line last returned.
  std::size_t line() const { return line_; }
  const std::string& path() const { return path_; }

  // Throws DataError "path:line: what" for the line last returned.
  [[noreturn]] void fail(const std::string& what) const;

 private:
  std::string path_;
  std::unique_ptr<io::LineReader> reader_;
  std::size_t line_ = 0;
};

// Index of the header field named `name` (blanks around it ignored); fails on the
// header's line when the column is absent or appears twice (which one is meant
// cannot be known; columns that are not used may repeat).
std::size_t find_column(const std::vector<std::string_view>& header, const std::string& name,
                        const TextFile& file);

// Throws DataError when `path` cannot be read: fast-cpp-csv-parser does not notice
// a directory (it reads as an empty file), and its own message is less direct.
void check_readable(const std::string& path);

// Rethrows an exception from fast-cpp-csv-parser (namespace io) as DataError naming
// `path` and the line (taken from the exception when it knows it, else `line`).
// Other exceptions are rethrown unchanged, which is why this may only be called
// inside the handler that caught `error`.
[[noreturn]] void rethrow_as_data_error(const std::exception& error, const std::string& path,
                                        std::size_t line);

}  // namespace crbench::internal
