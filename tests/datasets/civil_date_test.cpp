// Dates written as text to Unix time: values worked out by hand from known days.
#include "datasets/civil_date.hpp"

#include <gtest/gtest.h>

#include <string>

namespace crbench {
namespace {

TEST(CivilDate, DaysFromCivilAtKnownDays) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  // 2000-03-01 is 951868800 s = 11017 days (after the leap day 2000-02-29).
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(2000, 2, 29), 11016);
  // 2014-01-01 is 1388534400 s = 16071 days; September 1 is 243 days later
  // (31+28+31+30+31+30+31+31).
  EXPECT_EQ(days_from_civil(2014, 1, 1), 16071);
  EXPECT_EQ(days_from_civil(2014, 9, 1), 16071 + 243);
}

TEST(CivilDate, DaysInMonthFollowTheLeapRules) {
  EXPECT_EQ(days_in_month(2014, 2), 28);
  EXPECT_EQ(days_in_month(2016, 2), 29);
  EXPECT_EQ(days_in_month(1900, 2), 28);  // divisible by 100, not by 400
  EXPECT_EQ(days_in_month(2000, 2), 29);
  EXPECT_EQ(days_in_month(2014, 10), 31);
  EXPECT_EQ(days_in_month(2014, 11), 30);
}

TEST(CivilDate, IsoDayParsesAndRefusesWhatIsNotADay) {
  std::int64_t day = 0;
  EXPECT_EQ(parse_iso_day("2014-10-31", day), "");
  EXPECT_EQ(day, 16071 + 303);  // 273 days to October 1, then 30 more
  EXPECT_NE(parse_iso_day("2014-02-29", day).find("day 29"), std::string::npos);
  EXPECT_NE(parse_iso_day("2014-13-01", day).find("month 13"), std::string::npos);
  for (const char* bad : {"", "2014-1-01", "2014/10/31", "20141031", "2014-10-31T00:00:00"})
    EXPECT_NE(parse_iso_day(bad, day), "") << bad;
}

TEST(CivilDate, IsoDatetimeTruncatesTheFractionAndReadsUtc) {
  std::int64_t t = 0;
  // 2014-09-01 00:00:00 UTC = 16314 days * 86400 = 1409529600; +10 h = 1409565600.
  EXPECT_EQ(parse_iso_datetime("2014-09-01T10:00:00.999Z", t), "");
  EXPECT_EQ(t, 1409565600);
  EXPECT_EQ(parse_iso_datetime("2014-09-01T10:00:00", t), "");
  EXPECT_EQ(t, 1409565600);
  EXPECT_EQ(parse_iso_datetime("2014-09-02T08:30:15Z", t), "");
  EXPECT_EQ(t, 1409529600 + 86400 + 8 * 3600 + 30 * 60 + 15);
}

TEST(CivilDate, IsoDatetimeRefusesOtherForms) {
  std::int64_t t = 0;
  for (const char* bad : {"2014-09-01 10:00:00", "2014-09-01T10:00", "2014-09-01T24:00:00",
                          "2014-09-01T10:60:00", "2014-09-01T10:00:00+02:00",
                          "2014-09-01T10:00:00.Z", "2014-09-31T10:00:00", "1409565600"}) {
    EXPECT_NE(parse_iso_datetime(bad, t), "") << bad;
  }
}

}  // namespace
}  // namespace crbench
