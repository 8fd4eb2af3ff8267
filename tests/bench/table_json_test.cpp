// The typed table behind leaderboard.csv / .json, and the JSON writer.
#include <gtest/gtest.h>

#include <cmath>

#include "bench/json.hpp"
#include "bench/table.hpp"

namespace crbench {
namespace {

TEST(Json, EscapesAndWritesNullForMissingNumbers) {
  EXPECT_EQ(json_quote("a\"b\\c\nd\te"), "\"a\\\"b\\\\c\\nd\\te\"");
  EXPECT_EQ(json_quote(std::string(1, '\x01')), "\"\\u0001\"");
  EXPECT_EQ(json_quote("ΔAUC"), "\"ΔAUC\"");  // UTF-8 passes through
  Json o = Json::object();
  o.set("nan", Json(NAN)).set("inf", Json(INFINITY)).set("x", Json(0.25)).set("n", Json(3));
  o.set("t", Json(true)).set("s", Json("q")).set("z", Json());
  o.set("x", Json(0.5));  // setting a key again replaces it in place
  EXPECT_EQ(o.dump(true),
            "{\"nan\":null,\"inf\":null,\"x\":0.5,\"n\":3,\"t\":true,\"s\":\"q\","
            "\"z\":null}\n");
  // 10 significant digits, like the CSV files.
  EXPECT_EQ(Json(1.0 / 3.0).dump(), "0.3333333333\n");
  EXPECT_THROW(Json(1).push(Json(2)), std::logic_error);
}

TEST(Json, OneLinePerElementOfTheOutermostContainer) {
  Json a = Json::array();
  a.push(Json::array().push(Json(1)).push(Json(2))).push(Json("x"));
  EXPECT_EQ(a.dump(), "[\n [1,2],\n \"x\"\n]\n");
  EXPECT_EQ(Json::array().dump(), "[]\n");
}

TEST(Table, CsvAndJsonRecordsCarryTheSameCells) {
  Table t;
  t.columns = {"method", "seed", "auc", "note"};
  t.add({std::string("bu(w=3)"), whole(1), 0.6543210987654, std::string("a \"quoted\", text")});
  t.add({std::string("iu"), Cell{}, NAN, std::string("")});
  EXPECT_EQ(t.csv(),
            "method,seed,auc,note\n"
            "bu(w=3),1,0.6543210988,\"a \"\"quoted\"\", text\"\n"
            "iu,,,\n");
  EXPECT_EQ(t.json(),
            "[\n"
            " {\"method\":\"bu(w=3)\",\"seed\":1,\"auc\":0.6543210988,\"note\":\"a \\\"quoted\\\", "
            "text\"},\n"
            " {\"method\":\"iu\",\"seed\":null,\"auc\":null,\"note\":\"\"}\n"
            "]\n");
  EXPECT_THROW(t.add({std::string("short row")}), std::logic_error);
}

}  // namespace
}  // namespace crbench
