// What error messages show of a user's text: short clean text as it is, anything
// else escaped, and never more than kQuoteLimit bytes of it.
#include "core/quoting.hpp"

#include <gtest/gtest.h>

#include <string>

namespace crbench {
namespace {

TEST(Quoting, ShortCleanTextIsShownAsItIs) {
  EXPECT_EQ(excerpt("4x"), "4x");
  EXPECT_EQ(quoted_text("2018-01-01"), "\"2018-01-01\"");
  // Valid UTF-8 (titles, genre names) stays readable.
  EXPECT_EQ(excerpt("Caf\xC3\xA9 au lait"), "Caf\xC3\xA9 au lait");
}

TEST(Quoting, ControlBytesQuotesAndInvalidUtf8AreEscaped) {
  EXPECT_EQ(excerpt(std::string("a\tb\nc\r\x01\x7F", 8)), "a\\tb\\nc\\r\\x01\\x7F");
  EXPECT_EQ(excerpt("say \"hi\" \\"), "say \\\"hi\\\" \\\\");
  // A lone continuation byte, a Latin-1 e-acute, an overlong '/', a surrogate.
  EXPECT_EQ(excerpt("\x80"), "\\x80");
  EXPECT_EQ(excerpt("Caf\xE9"), "Caf\\xE9");
  EXPECT_EQ(excerpt("\xC0\xAF"), "\\xC0\\xAF");
  EXPECT_EQ(excerpt("\xED\xA0\x80"), "\\xED\\xA0\\x80");
  EXPECT_EQ(excerpt(std::string("\0", 1)), "\\x00");
}

TEST(Quoting, LongTextIsCutAndItsLengthSaid) {
  const std::string field(50u << 20, 'x');  // a 50 MB field
  const std::string shown = quoted_text(field);
  EXPECT_LT(shown.size(), kQuoteLimit + 40);
  EXPECT_EQ(shown, "\"" + std::string(kQuoteLimit, 'x') + "...[52428800 bytes]\"");
  // Binary: each byte escaped to four characters, still at most kQuoteLimit input bytes.
  const std::string binary(1000, '\x01');
  EXPECT_EQ(excerpt(binary), [] {
    std::string expected;
    for (std::size_t i = 0; i < kQuoteLimit; ++i) expected += "\\x01";
    return expected + "...[1000 bytes]";
  }());
  // A cut never splits a UTF-8 character: 79 ASCII bytes then a 2-byte one.
  const std::string accented = std::string(79, 'a') + "\xC3\xA9" + "tail";
  EXPECT_EQ(excerpt(accented), std::string(79, 'a') + "...[85 bytes]");
}

}  // namespace
}  // namespace crbench
