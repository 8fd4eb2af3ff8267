// Capped, escaped quoting of user text for error messages (core/quoting.hpp).
#include "core/quoting.hpp"

#include <cstdio>

namespace crbench {

namespace {

// Length of the valid UTF-8 sequence starting at text[i] (2 to 4 bytes), or 0
// when the bytes there are not one (overlong forms and surrogates included).
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return length;
}

}  // namespace

std::string excerpt(std::string_view text, std::size_t limit) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t sequence = c >= 0x80 ? utf8_sequence(text, i) : 1;
    const std::size_t step = sequence == 0 ? 1 : sequence;
    if (i + step > limit) break;
    if (sequence > 1) {
      out.append(text.substr(i, sequence));
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7F) {
      char escape[5];
      std::snprintf(escape, sizeof escape, "\\x%02X", c);
      out += escape;
    } else {
      out += static_cast<char>(c);
    }
    i += step;
  }
  if (i < text.size()) out += "...[" + std::to_string(text.size()) + " bytes]";
  return out;
}

std::string quoted_text(std::string_view text, std::size_t limit) {
  return '"' + excerpt(text, limit) + '"';
}

}  // namespace crbench
