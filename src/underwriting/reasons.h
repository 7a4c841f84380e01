// Texts for decision reason codes, for applicants and officers.
//
// A policy speaks in stable codes (KO_ENFORCEMENT, RF_LARGE_AMOUNT, …); an
// answer carries each code with a sentence a shop owner can act on. Codes
// without a text here get a generic sentence naming the code, so a new
// policy rule never yields an empty reason.
//
// Example: reason_text("KO_YOUNG_FIRM") -> "The enterprise has been trading
// for less than a year."
#pragma once

#include <string>
#include <string_view>

namespace smecredit::underwriting {

std::string reason_text(std::string_view code);

// What a model feature measures, from the feature catalogue
// (docs/features.md), for explaining a score; the name itself when the
// catalogue does not know it.
std::string factor_text(std::string_view feature);

}  // namespace smecredit::underwriting
