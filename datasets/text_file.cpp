// Implementation of TextFile and the translation of fast-cpp-csv-parser's
// exceptions into DataError (see text_file.hpp).
#include "datasets/text_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "core/errors.hpp"
#include "core/quoting.hpp"
#include "datasets/fccp.hpp"
#include "datasets/field_parsing.hpp"
#include "datasets/loaders.hpp"

namespace crbench::internal {

void check_readable(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw DataError(path, 0, "cannot open file: it is a directory");
  }
  // fopen gives the precise reason (missing file, no permission) through errno.
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    const int reason = errno;
    throw DataError(path, 0, std::string("cannot open file: ") + std::strerror(reason));
  }
  // Logs are often distributed gzip-compressed (Sobazaar's .csv.gz); crbench reads
  // text only, and a compressed file would otherwise fail on a garbled first line.
  unsigned char magic[2] = {0, 0};
  const std::size_t got = std::fread(magic, 1, 2, file);
  std::fclose(file);
  if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    throw DataError(path, 0, "the file is gzip-compressed; decompress it first (gunzip -k FILE)");
  }
}

TextFile::TextFile(const std::string& path) : path_(path) {
  check_readable(path);
  try {
    reader_ = std::make_unique<io::LineReader>(path);
  } catch (const io::error::base& e) {
    rethrow_as_data_error(e, path_, 0);
  }
}

TextFile::~TextFile() = default;

char* TextFile::next_line() {
  try {
    for (;;) {
      char* text = reader_->next_line();
      if (text == nullptr) return nullptr;
      line_ = reader_->get_file_line();
      // Blank lines (often a trailing one) carry no record.
      const char* p = text;
      while (*p == ' ' || *p == '\t' || *p == '\r') ++p;
      if (*p != '\0') return text;
    }
  } catch (const io::error::base& e) {
    rethrow_as_data_error(e, path_, line_ + 1);
  }
}

void TextFile::fail(const std::string& what) const { throw DataError(path_, line_, what); }

void rethrow_as_data_error(const std::exception& error, const std::string& path, std::size_t line) {
  const auto* base = dynamic_cast<const io::error::base*>(&error);
  if (base == nullptr) throw;  // not one of fast-cpp-csv-parser's: pass it on unchanged
  if (const auto* with_line = dynamic_cast<const io::error::with_file_line*>(&error);
      with_line != nullptr && with_line->file_line > 0) {
    line = static_cast<std::size_t>(with_line->file_line);
  }
  std::string column;
  if (const auto* with_name = dynamic_cast<const io::error::with_column_name*>(&error)) {
    column = with_name->column_name;
  }
  std::string message;
  if (dynamic_cast<const io::error::too_few_columns*>(&error) != nullptr ||
      dynamic_cast<const io::error::too_many_columns*>(&error) != nullptr) {
    message = "malformed line: wrong number of fields";
  } else if (dynamic_cast<const io::error::missing_column_in_header*>(&error) != nullptr) {
    message = "missing column \"" + column + "\" in the header";
  } else if (dynamic_cast<const io::error::duplicated_column_in_header*>(&error) != nullptr) {
    message = "column \"" + column + "\" appears twice in the header";
  } else if (dynamic_cast<const io::error::header_missing*>(&error) != nullptr) {
    message = "empty file: no header row";
  } else if (dynamic_cast<const io::error::escaped_string_not_closed*>(&error) != nullptr) {
    message = "malformed line: unclosed double quote";
  } else if (dynamic_cast<const io::error::line_length_limit_exceeded*>(&error) != nullptr) {
    message = "line too long";
  } else if (dynamic_cast<const io::error::can_not_open_file*>(&error) != nullptr) {
    message = "cannot open file";
    line = 0;
  } else {
    message = base->what();
  }
  throw DataError(path, line, message);
}

std::size_t find_column(const std::vector<std::string_view>& header, const std::string& name,
                        const TextFile& file) {
  std::size_t found = header.size();
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (trim(header[i]) != name) continue;
    if (found < header.size())
      file.fail("column " + quoted_text(name) + " appears twice in the header (fields " +
                std::to_string(found + 1) + " and " + std::to_string(i + 1) + ")");
    found = i;
  }
  if (found == header.size()) file.fail("missing column " + quoted_text(name) + " in the header");
  return found;
}

}  // namespace crbench::internal

namespace crbench {

void check_readable_file(const std::string& path) { internal::check_readable(path); }

}  // namespace crbench
