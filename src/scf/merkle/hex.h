// Hex encoding for digests, proofs and log entries.
//
// Encoding always gives lowercase. Decoding accepts upper- and lowercase
// digits, nothing else: no "0x" prefix, no spaces, an even number of digits.
// Every rejection is kInvalidArgument with a message naming the offending
// position, so command-line tools can show it as is.
//
// Thread-safety: pure functions.
//
// Example:
//   Digest root = digest_from_hex("5dc9da79...4328").value();   // 64 digits
//   to_hex(root);                                              // "5dc9da79...4328"
//   std::vector<Digest> proof = proof_from_hex("aa...,bb...").value();
//   entries_from_hex_lines("00\n10\n").value().size();         // 2
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "scf/merkle/hash.h"

namespace smecredit::scf {

std::string to_hex(ByteSpan bytes);
Result<std::vector<uint8_t>> bytes_from_hex(std::string_view text);
// Exactly 64 hex digits.
Result<Digest> digest_from_hex(std::string_view text);
// Comma-separated digests, "a,b,c"; the empty string is the empty proof.
// An empty element ("a,,b", a trailing comma) is an error.
Result<std::vector<Digest>> proof_from_hex(std::string_view text);
// The inverse of proof_from_hex.
std::string proof_to_hex(std::span<const Digest> proof);

// Log entries, one hex-encoded entry per line. Lines are split at LF; an
// empty line is an empty entry; a final LF ends the last line and adds no
// entry: "00\n10\n" and "00\n10" hold 2 entries, "" holds 0, "\n" holds 1
// (the empty entry). Any other character, CR included, is an error naming
// the line.
Result<std::vector<std::vector<uint8_t>>> entries_from_hex_lines(std::string_view text);

}  // namespace smecredit::scf
