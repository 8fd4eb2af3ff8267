// Text from a user's file or command line as an error message shows it. A field
// can be 50 MB long or binary; a message that echoes it whole floods the terminal
// and can hide the one line that matters, so every message quotes through here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace crbench {

// The longest stretch of a user's text (in bytes) a message shows.
inline constexpr std::size_t kQuoteLimit = 80;

// At most `limit` bytes of `text` (cut at a character boundary) with control
// bytes, quotes, backslashes and bytes that are not valid UTF-8 written as escapes
// (\n, \t, \", \\, \xNN); when cut, "..." and the full length follow:
// abc...[52428800 bytes]. Valid UTF-8 (accented titles) stays readable. Short,
// clean text comes back unchanged, so messages about ordinary values read as before.
std::string excerpt(std::string_view text, std::size_t limit = kQuoteLimit);

// excerpt(text) in double quotes.
std::string quoted_text(std::string_view text, std::size_t limit = kQuoteLimit);

}  // namespace crbench
