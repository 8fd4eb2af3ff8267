// Command-line (and INI) options made from a declared parameter struct
// (core/params.hpp): one option per field, with the field's default and meaning;
// po::notify sets the field through its declaration, which checks it, so an
// option's range lives in one place.
#pragma once

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/value_semantic.hpp>
#include <string>

#include "core/params.hpp"

namespace crbench {

template <class P>
void add_declared_options(boost::program_options::options_description& group, P& target) {
  const ParamDecls<P>& decls = declarations_of<P>();
  for (const ParamInfo& info : decls.info(P{})) {
    const std::string key = info.name;
    group.add_options()(
        key.c_str(),
        boost::program_options::value<std::string>()
            ->default_value(info.default_text)
            ->notifier([&decls, &target, key](const std::string& text) {
              decls.set(target, key, text, "");
            }),
        (info.allowed.empty() ? info.description : info.description + " (" + info.allowed + ")")
            .c_str());
  }
}

}  // namespace crbench
