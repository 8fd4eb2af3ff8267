// A method's own update learning rate and epochs (docs/methods/updates.md,
// "Settings of its own"): the settings a tuning run chooses per method family
// (crbench tune), overriding the protocol's --update-lr and --update-epochs for
// that method only. 0 keeps the protocol's; canonical specs leave them out while
// they are 0, so untuned specs read (and hash) as before.
#pragma once

#include <string>

#include "core/params.hpp"
#include "methods/trainer.hpp"

namespace crbench {

struct UpdateOverrides {
  float lr = 0.0f;
  int epochs = 0;

  // `epochs_default` says what epochs = 0 means for the method.
  template <class P>
  static void declare(ParamDecls<P>& d,
                      const char* epochs_default = "the protocol's --update-epochs") {
    d.field("lr", &UpdateOverrides::lr)
        .range(0, 10)
        .unset_at(0.0f)
        .describe("this method's update learning rate (0: the protocol's --update-lr)");
    // Appended, not `std::string(...) + epochs_default + ")"`: with the
    // precompiled headers, GCC 12 inlines that concatenation into a false
    // -Warray-bounds error (GCC bug 105329).
    std::string meaning = "this method's epochs per period update (0: ";
    meaning.append(epochs_default).append(")");
    d.field("epochs", &UpdateOverrides::epochs).range(0, 1000).unset_at(0).describe(meaning);
  }

  // `settings` with what is set here.
  TrainSettings apply(TrainSettings settings) const {
    if (lr > 0.0f) settings.learning_rate = lr;
    if (epochs > 0) settings.epochs = epochs;
    return settings;
  }
};

}  // namespace crbench
