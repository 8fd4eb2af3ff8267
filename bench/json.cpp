// JSON text: RFC 8259 escapes, numbers with the 10 significant digits the CSV
// files carry (the same values in every format), null for NaN and infinities.
#include "bench/json.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace crbench {

std::string json_quote(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;  // UTF-8 passes through
        }
    }
  }
  return out + "\"";
}

Json& Json::push(Json value) {
  if (kind_ != Kind::kArray) throw std::logic_error("Json::push on a non-array");
  items_.push_back(std::move(value));
  return *this;
}

Json& Json::set(const std::string& key, Json value) {
  if (kind_ != Kind::kObject) throw std::logic_error("Json::set on a non-object");
  for (auto& [k, v] : members_)
    if (k == key) {
      v = std::move(value);
      return *this;
    }
  members_.emplace_back(key, std::move(value));
  return *this;
}

void Json::write(std::string& out) const {
  switch (kind_) {
    case Kind::kNull:
      out += "null";
      break;
    case Kind::kBool:
      out += integer_ ? "true" : "false";
      break;
    case Kind::kInteger:
      out += std::to_string(integer_);
      break;
    case Kind::kNumber: {
      if (!std::isfinite(number_)) {
        out += "null";
        break;
      }
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.10g", number_);
      out += buf;
      break;
    }
    case Kind::kString:
      out += json_quote(text_);
      break;
    case Kind::kArray: {
      out += '[';
      for (std::size_t i = 0; i < items_.size(); ++i) {
        if (i) out += ',';
        items_[i].write(out);
      }
      out += ']';
      break;
    }
    case Kind::kObject: {
      out += '{';
      for (std::size_t i = 0; i < members_.size(); ++i) {
        if (i) out += ',';
        out += json_quote(members_[i].first) + ':';
        members_[i].second.write(out);
      }
      out += '}';
      break;
    }
  }
}

std::string Json::dump(bool one_line) const {
  std::string out;
  if (one_line || (kind_ != Kind::kArray && kind_ != Kind::kObject)) {
    write(out);
    return out + "\n";
  }
  const bool array = kind_ == Kind::kArray;
  const std::size_t n = array ? items_.size() : members_.size();
  out += array ? "[" : "{";
  for (std::size_t i = 0; i < n; ++i) {
    out += i ? ",\n " : "\n ";
    if (!array) out += json_quote(members_[i].first) + ": ";
    (array ? items_[i] : members_[i].second).write(out);
  }
  out += n ? "\n" : "";
  out += array ? "]\n" : "}\n";
  return out;
}

}  // namespace crbench
